"""The API keeps its contract: schemathesis generates requests from the OpenAPI document, valid and invalid, for
every operation, sends them to the WSGI application in-process and runs all its checks on every response (no
server error, documented status, media type, headers and body, invalid data rejected, valid data accepted,
undeclared methods answered 405).

One deliberate setting: a request can be valid for the document and still be refused with a documented 400, because
the document cannot list the names of the communes of Lozère (`commune=zzz`: « Aucune commune de Lozère ne
correspond... ») nor an aid scheme's expense categories. So "valid data accepted" also accepts 400, which is
declared on those operations with the one error shape. Likewise a valid booking request can be refused by the
booking rules (409: the slot is full, the place is closed that day) or by who may book (403), which the document
cannot know either. Every other check is as schemathesis ships it.

The personal endpoints are called with a member's personal token (schemathesis's own `ignored_auth` check
calls them without it, and expects the 401).

Bounded for the suite: 25 examples per operation and phase, derandomized (the same cases on every run), no
deadline (the machine is shared). One test per operation, so that pytest-xdist spreads them over its workers; each
test has its own database transaction with a few real-shaped places and the real aid scheme."""

import datetime as dt

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings

from config.wsgi import application
from solozere.accounts.api_tokens import api_token_create
from solozere.bookings.services import booking_request
from tests.bookings.conftest import new_member
from tests.bookings.factories import ResourceFactory
from tests.places.factories import PlaceFactory

config = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "403", "404", "409", "429"]}}}
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application sends request_started/finished, whose close_old_connections closes a connection inside
    a transaction (the test's) when CONN_MAX_AGE is set, as on PostgreSQL: Django's test client disconnects it, so do
    we for the requests schemathesis sends."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(telework_scheme):
    """The places, a bookable desk pool and meeting room, and the personal token of a member who booked."""
    PlaceFactory(complete=True)
    open_all_day = PlaceFactory(comptoir=True, opening_hours="Mo-Su 00:00-24:00")
    PlaceFactory(demo=True)
    PlaceFactory(closed=True)
    desks = ResourceFactory(place=open_all_day, pk=1)
    ResourceFactory(place=open_all_day, room=True, pk=2)
    person = new_member()
    booking_request(actor=person, resource=desks, start_date=timezone.localdate() + dt.timedelta(days=3))
    return {"Authorization": f"Bearer {api_token_create(user=person, label='schemathesis')[1]}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # The database rows come from a function-scoped fixture on purpose: every example reads the same rows.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_openapi_contract(case, api_data):
    # schemathesis sends requests' default "Accept-Encoding: gzip, deflate" but its WSGI transport does not decode
    # the body, as an HTTP client would; the compressed GeoJSON is tested in test_geojson.py.
    case.call_and_validate(headers={"Accept-Encoding": "identity", **api_data})
