import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.aids import services
from solozere.aids.models import AidScheme, Company
from solozere.aids.reference import TELEWORK_AID_SLUG
from solozere.aids.services import aid_schemes_load
from solozere.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES, VALID_SIRET


@pytest.fixture
def telework_scheme(territory) -> AidScheme:
    """The real scheme on the real communes, loaded by the real command's service, with an envelope."""
    aid_schemes_load()
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    scheme.budget_envelope = 30000
    scheme.envelope_to_confirm = False
    scheme.save()
    return scheme


def draft_data(scheme, *, commune="Javols", siret=VALID_SIRET, first_name="Camille", new_setup=True, expenses=None):
    row = Commune.objects.filter(name=commune).order_by("kind").first()
    categories = {c.code: c for c in scheme.categories.all()}
    if expenses is None:
        expenses = [
            ("equipment", "Ordinateur portable", "1500", "1800"),
            ("home_office", "Bureau et fauteuil", "750", "900"),
        ]
    return services.DraftData(
        company=services.CompanyData(
            siret=siret, name="Fromagerie du Gévaudan", address="1 rue du Lait", postal_code="75002", city="Paris"
        ),
        employee_first_name=first_name,
        employee_last_name="Martin",
        employee_birth_date=dt.date(1990, 5, 17),
        employee_email="camille@example.org",
        employee_address="Le bourg",
        employee_commune_input=commune,
        employee_commune=row,
        new_setup=new_setup,
        telework_start=None,
        expenses=[
            services.ExpenseInput(
                category_id=categories[code].pk,
                description=text,
                amount_excl_tax=Decimal(ht),
                amount_incl_tax=Decimal(ttc),
            )
            for code, text, ht, ttc in expenses
        ],
    )


def pdf(name="devis.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def applicant(db):
    return UserFactory(email="representant@entreprise.example")


def represent(user, siret=VALID_SIRET):
    """`user` is an approved representative of the company with this SIRET (representation needs a proof reviewed
    by staff: see test_representation.py for that path)."""
    from tests.aids.factories import CompanyFactory

    company = Company.objects.filter(siret=siret).first() or CompanyFactory(siret=siret)
    company.representatives.add(user)
    return company


@pytest.fixture
def draft(telework_scheme, applicant):
    represent(applicant)
    return services.application_save_draft(user=applicant, scheme=telework_scheme, data=draft_data(telework_scheme))


@pytest.fixture
def ready_draft(draft, applicant):
    for line in draft.expenses.all():
        services.document_add(user=applicant, application=draft, kind="quote", upload=pdf(), expense_line=line)
    services.document_add(user=applicant, application=draft, kind="proof_of_address", upload=pdf("facture-edf.pdf"))
    return draft


@pytest.fixture
def submitted(ready_draft, applicant):
    return services.application_submit(
        user=applicant, application=ready_draft, accuracy=True, rules_accepted=True, no_double_funding=True
    )
