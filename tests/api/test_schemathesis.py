"""The API keeps its contract: schemathesis generates requests from the OpenAPI document, valid and invalid, for
every operation, sends them to the WSGI application in-process and runs all its checks on every response (no
server error, documented status, media type, headers and body, invalid data rejected, valid data accepted,
undeclared methods answered 405).

One deliberate setting: a request can be valid for the document and still be refused with a documented 400, because
the document cannot list the names of the communes of Lozère (`commune=zzz`: « Aucune commune de Lozère ne
correspond... ») nor an aid scheme's expense categories. So "valid data accepted" also accepts 400, which is
declared on those operations with the one error shape; every other check is as schemathesis ships it.

Bounded for the suite: 25 examples per operation and phase, derandomized (the same cases on every run), no
deadline (the machine is shared). One test per operation, so that pytest-xdist spreads them over its workers; each
test has its own database transaction with a few real-shaped places and the real aid scheme."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application
from tests.places.factories import PlaceFactory

config = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "429"]}}}
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
    PlaceFactory(complete=True)
    PlaceFactory(comptoir=True, opening_hours="Mo-Su 00:00-24:00")
    PlaceFactory(demo=True)
    PlaceFactory(closed=True)


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
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
