"""The network staff (not only superusers) set a scheme's envelope and funder from the staff area (issue 8)."""

from decimal import Decimal

import pytest
from django.test import Client

from solozere.aids import services
from solozere.aids.models import AidScheme
from solozere.core.models import AuditLogEntry

PERSONAS = ["visitor", "member", "place_manager", "company_representative", "staff_user", "superuser"]
ALLOWED = {"staff_user", "superuser"}

VALID = {
    "budget_envelope": "45 000",
    "envelope_to_confirm": "",
    "funder_name": "Fonds de revitalisation du Malzieu",
    "instructor_name": "Lozère Développement",
    "attributor_name": "Lozère Développement",
    "attributor_siret": "443 061 841 00047",
}


def _client(request, persona: str) -> Client:
    if persona == "visitor":
        return request.getfixturevalue("visitor")
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    return client


def _url(scheme: AidScheme) -> str:
    return f"/equipe/aides/dispositifs/{scheme.slug}/financement/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_on_the_funding_pages(request, telework_scheme, persona):
    client = _client(request, persona)
    for url in ("/equipe/aides/dispositifs/", _url(telework_scheme)):
        response = client.get(url)
        if persona == "visitor":
            assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
        else:
            assert response.status_code == (200 if persona in ALLOWED else 403), (persona, url)
    response = client.post(_url(telework_scheme), VALID)
    telework_scheme.refresh_from_db()
    if persona in ALLOWED:
        assert response.status_code == 302
        assert telework_scheme.budget_envelope == Decimal("45000")
        assert telework_scheme.attributor_siret == "44306184100047"
        assert telework_scheme.funder_name == "Fonds de revitalisation du Malzieu"
        entry = AuditLogEntry.objects.filter(object_id=str(telework_scheme.pk), action="update").latest("created_at")
        assert entry.actor.email == request.getfixturevalue(persona).email
        assert entry.changes["budget_envelope"] == ["30000.00", "45000"]
    else:
        assert response.status_code in (302, 403)
        assert telework_scheme.budget_envelope == Decimal("30000")


def test_the_staff_area_links_to_the_screen(client, staff_user, telework_scheme):
    client.force_login(staff_user)
    page = client.get("/equipe/aides/").content.decode()
    assert "/equipe/aides/dispositifs/" in page
    assert _url(telework_scheme) in client.get("/equipe/aides/dispositifs/").content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_envelope", "beaucoup", "nombre d&#x27;euros"),
        ("budget_envelope", "-5", "positif ou nul"),
        ("budget_envelope", "1e400", "dix chiffres"),
        ("attributor_siret", "12345678901234", "SIRET"),
        ("funder_name", "", "Ce champ est obligatoire"),
    ],
)
def test_bad_input_gets_a_french_message(client, staff_user, telework_scheme, field, value, message):
    client.force_login(staff_user)
    response = client.post(_url(telework_scheme), {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    telework_scheme.refresh_from_db()
    assert telework_scheme.budget_envelope == Decimal("30000")


def test_the_envelope_cannot_go_below_what_is_granted(client, staff_user, submitted):
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2400"))
    client.force_login(staff_user)
    scheme = submitted.scheme
    response = client.post(_url(scheme), {**VALID, "budget_envelope": "2000"})
    assert response.status_code == 400
    assert "inférieure aux aides déjà accordées" in response.content.decode()
    response = client.post(_url(scheme), {**VALID, "budget_envelope": ""})
    assert response.status_code == 400
    assert "ne peut plus être vidée" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.budget_envelope == Decimal("30000")


def test_an_unknown_scheme_is_a_404(client, staff_user, db):
    client.force_login(staff_user)
    assert client.get("/equipe/aides/dispositifs/inconnu/financement/").status_code == 404
