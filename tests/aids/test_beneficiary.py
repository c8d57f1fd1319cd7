"""A decided or paid aid keeps the beneficiary as it was submitted (the copy it was decided on); editing the company
afterwards changes only drafts (issue 8)."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from solozere.aids import services
from solozere.aids.models import AidApplication
from tests.aids.conftest import draft_data


def _rename_company(applicant, scheme, name: str) -> AidApplication:
    """The representative starts another draft with the company's new name: that is how a company is edited."""
    data = draft_data(scheme, first_name="Dominique")
    data = services.DraftData(
        **{**data.__dict__, "company": services.CompanyData(**{**data.company.__dict__, "name": name})}
    )
    return services.application_save_draft(user=applicant, scheme=scheme, data=data)


@pytest.fixture
def paid(submitted, staff_user):
    scheme = submitted.scheme
    scheme.attributor_siret = "44306184100047"
    scheme.save()
    services.application_start_review(actor=staff_user, application=submitted)
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2400"))
    services.application_record_payment(
        actor=staff_user, application=submitted, paid_on=timezone.localdate(), amount=Decimal("2400")
    )
    submitted.refresh_from_db()
    return submitted


def test_a_paid_aid_keeps_the_name_it_was_decided_on(client, paid, applicant, staff_user):
    new_draft = _rename_company(applicant, paid.scheme, "Fromagerie Nouvelle SAS")
    paid.refresh_from_db()
    assert paid.company.name == "Fromagerie Nouvelle SAS"  # the company itself did change

    client.force_login(applicant)
    page = client.get(paid.get_absolute_url()).content.decode()
    assert "Fromagerie du Gévaudan" in page and "Fromagerie Nouvelle SAS" not in page
    letter = client.get(f"/aide-teletravail/demandes/{paid.pk}/lettre-de-decision/").content.decode()
    assert "Fromagerie du Gévaudan" in letter and "Fromagerie Nouvelle SAS" not in letter
    # The draft shows the company as it is now.
    assert "Fromagerie Nouvelle SAS" in client.get(new_draft.get_absolute_url()).content.decode()

    client.force_login(staff_user)
    staff_page = client.get(f"/equipe/aides/{paid.pk}/").content.decode()
    assert "Fromagerie du Gévaudan" in staff_page and "Fromagerie Nouvelle SAS" not in staff_page

    text = client.get("/opendata/aides/subventions.csv").content.decode("utf-8")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["nomBeneficiaire"] == "Fromagerie du Gévaudan"


def test_a_submitted_application_keeps_its_submitted_copy(submitted, applicant):
    _rename_company(applicant, submitted.scheme, "Autre nom")
    submitted.refresh_from_db()
    assert submitted.beneficiary.name == "Fromagerie du Gévaudan"
    assert submitted.beneficiary.siret == submitted.company.siret


def test_a_draft_follows_the_company(draft, applicant):
    _rename_company(applicant, draft.scheme, "Nom corrigé")
    draft.refresh_from_db()
    assert draft.beneficiary.name == "Nom corrigé"


def test_a_refusal_keeps_the_name_too(submitted, applicant, staff_user):
    services.application_refuse(actor=staff_user, application=submitted, motive="Hors zone.")
    _rename_company(applicant, submitted.scheme, "Encore un nom")
    submitted.refresh_from_db()
    assert submitted.beneficiary.name == "Fromagerie du Gévaudan"
    assert str(submitted).endswith("Fromagerie du Gévaudan")
