"""The aid pages are valid HTML (Nu HTML checker), whoever looks at them, with and without errors."""

from decimal import Decimal

import pytest

from solozere.aids import services
from tests.aids.conftest import draft_data
from tests.aids.factories import AidSchemeFactory
from tests.html_checker import nu_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client, submitted, draft_factory_ineligible, applicant, staff_user, tmp_path):
    scheme = submitted.scheme
    responses = []

    def keep(label, response):
        assert response.status_code in (200, 400), (label, response.status_code)
        responses.append((label, response.content))

    keep("index", client.get("/aide-teletravail/"))
    keep(
        "simulation",
        client.get("/aide-teletravail/", {"commune": "Javols", "new_setup": "yes", "amount_equipment": "1200"}),
    )
    keep("ambiguous", client.get("/aide-teletravail/", {"commune": "48700", "amount_equipment": "-3"}))
    keep("ineligible", client.get("/aide-teletravail/", {"commune": "Mende", "new_setup": "no"}))
    keep(
        "htmx",
        client.get("/aide-teletravail/", {"commune": "48700", "partial": "simulation"}, headers={"HX-Request": "true"}),
    )
    keep("rules", client.get(f"/aide-teletravail/dispositifs/{scheme.slug}/reglement/"))
    keep("opendata", client.get("/opendata/aides/", follow=True))

    client.force_login(applicant)
    keep(
        "new",
        client.get(
            f"/aide-teletravail/dispositifs/{scheme.slug}/demande/", {"commune": "Javols", "amount_equipment": "100"}
        ),
    )
    keep(
        "new-errors",
        client.post(
            f"/aide-teletravail/dispositifs/{scheme.slug}/demande/",
            {
                "siret": "123",
                "commune": "48700",
                "expenses-TOTAL_FORMS": "3",
                "expenses-INITIAL_FORMS": "0",
                "expenses-0-amount_excl_tax": "-1",
            },
        ),
    )
    keep("mine", client.get("/aide-teletravail/mes-demandes/"))
    claim_url = f"/aide-teletravail/entreprises/{draft_factory_ineligible.company_id}/representer/"
    keep("claim", client.get(claim_url))
    keep("claim-error", client.post(claim_url, {"proof": "document"}))
    keep("submitted", client.get(submitted.get_absolute_url()))
    keep("ineligible-draft", client.get(draft_factory_ineligible.get_absolute_url()))
    keep(
        "upload-error",
        client.post(f"/aide-teletravail/demandes/{draft_factory_ineligible.pk}/pieces/", {"kind": "proof_of_address"}),
    )

    services.application_request_documents(actor=staff_user, application=submitted, message="Le RIB, s'il vous plaît.")
    keep("awaiting", client.get(submitted.get_absolute_url()))
    keep("message-error", client.post(f"/aide-teletravail/demandes/{submitted.pk}/messages/", {"body": ""}))

    client.force_login(staff_user)
    keep("queue", client.get("/equipe/aides/"))
    keep("staff-detail", client.get(f"/equipe/aides/{submitted.pk}/"))
    keep("staff-error", client.post(f"/equipe/aides/{submitted.pk}/refuser/", {"motive": ""}))
    keep("top-error", client.post(f"/equipe/aides/{submitted.pk}/accorder/", {"amount": "10"}))
    keep("report", client.get("/equipe/aides/statistiques/"))
    keep("claims", client.get("/equipe/aides/representations/"))
    keep("schemes", client.get("/equipe/aides/dispositifs/"))
    keep("funding", client.get(f"/equipe/aides/dispositifs/{scheme.slug}/financement/"))
    keep(
        "funding-error",
        client.post(f"/equipe/aides/dispositifs/{scheme.slug}/financement/", {"budget_envelope": "beaucoup"}),
    )
    from solozere.aids.models import ApplicationDocument

    submitted.documents.create(
        kind=ApplicationDocument.Kind.OTHER,
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=applicant,
        document_request=submitted.document_requests.first(),
    )
    services.application_complete(user=applicant, application=submitted)
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2400"))
    keep("staff-accepted", client.get(f"/equipe/aides/{submitted.pk}/"))
    keep("letter", client.get(f"/aide-teletravail/demandes/{submitted.pk}/lettre-de-decision/"))
    AidSchemeFactory(title="Autre aide", zone=scheme.zone)
    keep("list", client.get("/aide-teletravail/"))

    files = []
    for index, (label, content) in enumerate(responses):
        path = tmp_path / f"{index:02d}-{label}.html"
        if not content.lstrip().startswith(b"<!DOCTYPE"):
            # An htmx fragment: checked inside a minimal page.
            content = (
                b'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body><main>'
                + content
                + b"</main></body></html>"
            )
        path.write_bytes(content)
        files.append((label, path))
    return files


@pytest.fixture
def draft_factory_ineligible(telework_scheme, applicant):
    return services.application_save_draft(
        user=applicant,
        scheme=telework_scheme,
        data=draft_data(telework_scheme, commune="Mende", first_name="Lou", siret="73282932000074"),
    )


def test_aid_pages_have_no_html_errors(pages):
    errors = nu_errors(pages)
    assert errors == [], "\n".join(errors)
