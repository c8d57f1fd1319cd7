"""Staff create another scheme without code, in the admin."""

from decimal import Decimal

import pytest

from solozere.aids.models import AidScheme
from solozere.aids.workflow import Status
from tests.accounts.factories import UserFactory
from tests.aids.factories import AidApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


def _scheme_form(zone, **overrides):
    data = {
        "title": "Aide aux tiers-lieux",
        "slug": "aide-tiers-lieux",
        "status": "open",
        "promise": "",
        "description": "Une autre aide.",
        "source_url": "",
        "legal_basis": "Délibération du 1er mars",
        "funder_name": "Département",
        "instructor_name": "",
        "attributor_name": "",
        "attributor_siret": "",
        "zone": zone.pk,
        "ceiling": "1500",
        "conditions": "Être en Lozère",
        "opening_date": "",
        "closing_date": "",
        "budget_envelope": "10000",
        "rules_text": "",
        "data_note": "",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-position": "0",
        "categories-0-code": "equipment",
        "categories-0-label": "Matériel",
        "categories-0-beneficiary": "company",
        "categories-0-amount_basis": "excl_tax",
        "categories-0-examples": "",
    }
    data.update(overrides)
    return data


def test_staff_create_a_scheme_in_the_admin(admin_client, telework_scheme):
    response = admin_client.post("/gestion/aids/aidscheme/add/", _scheme_form(telework_scheme.zone))
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = AidScheme.objects.get(slug="aide-tiers-lieux")
    assert scheme.ceiling == Decimal("1500")
    assert list(scheme.categories.values_list("code", flat=True)) == ["equipment"]
    # It is public at once, with its simulator and in the API.
    assert admin_client.get("/aide-teletravail/dispositifs/aide-tiers-lieux/").status_code == 200
    assert "aide-tiers-lieux" in {s["slug"] for s in admin_client.get("/api/v1/aid-schemes").json()}


def test_the_admin_refuses_an_invalid_siret(admin_client, telework_scheme):
    response = admin_client.post(
        "/gestion/aids/aidscheme/add/", _scheme_form(telework_scheme.zone, attributor_siret="12345678901234")
    )
    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()


def test_the_envelope_cannot_go_below_what_is_committed(admin_client, telework_scheme):
    AidApplicationFactory(scheme=telework_scheme, status=Status.ACCEPTED, granted_amount=Decimal("2400"))
    page = admin_client.get(f"/gestion/aids/aidscheme/{telework_scheme.pk}/change/")
    assert page.status_code == 200
    assert "engagé" in page.content.decode()
    data = _scheme_form(
        telework_scheme.zone,
        title=telework_scheme.title,
        slug=telework_scheme.slug,
        budget_envelope="1000",
        **{"categories-TOTAL_FORMS": "0"},
    )
    response = admin_client.post(f"/gestion/aids/aidscheme/{telework_scheme.pk}/change/", data)
    assert response.status_code == 200
    assert "inférieure au montant déjà engagé" in response.content.decode().replace("\xa0", " ")


def test_applications_are_read_only_in_the_admin(admin_client, telework_scheme):
    application = AidApplicationFactory(scheme=telework_scheme, submitted=True)
    assert admin_client.get("/gestion/aids/aidapplication/").status_code == 200
    response = admin_client.post(f"/gestion/aids/aidapplication/{application.pk}/change/", {"status": "accepted"})
    assert response.status_code == 403
