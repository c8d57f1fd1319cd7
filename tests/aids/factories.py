import datetime as dt
from decimal import Decimal

import factory

from solozere.aids.models import (
    AidApplication,
    AidScheme,
    ApplicationDocument,
    Company,
    ExpenseCategory,
    ExpenseLine,
)
from solozere.aids.workflow import Status
from solozere.territory.models import Zone
from solozere.territory.services import FOUR_CANTONS_SLUG
from tests.accounts.factories import UserFactory

# A valid SIRET (Luhn key checked).
VALID_SIRET = "73282932000074"

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG_BYTES = _png_bytes()


def luhn_siret(prefix: str) -> str:
    """A valid SIRET made from 13 digits plus the Luhn key."""
    for last in "0123456789":
        candidate = prefix + last
        total = 0
        for index, char in enumerate(reversed(candidate)):
            n = int(char) * (2 if index % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


class AidSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidScheme
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"dispositif-{n}")
    title = factory.Sequence(lambda n: f"Aide au télétravail {n}")
    description = "Aide de test."
    legal_basis = "Convention de revitalisation du bassin du Malzieu-Ville"
    funder_name = "Fonds de revitalisation"
    attributor_name = "Lozère Développement"
    attributor_siret = "73282932000074"
    # The real zone of the telework aid (the four 2014 cantons): the `territory` fixture must have run.
    zone = factory.LazyFunction(lambda: Zone.objects.get(slug=FOUR_CANTONS_SLUG))
    ceiling = Decimal("3000")
    conditions = "Le salarié habite la zone."
    budget_envelope = Decimal("30000")
    status = AidScheme.Status.OPEN

    @factory.post_generation
    def with_categories(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for position, (code, label, beneficiary, basis) in enumerate(
                [
                    ("equipment", "Matériel informatique", "company", "excl_tax"),
                    ("connection", "Connexion à internet", "company", "excl_tax"),
                    ("consulting", "Conseil", "company", "excl_tax"),
                    ("home_office", "Aménagement d'un bureau au domicile", "employee", "incl_tax"),
                ]
            ):
                ExpenseCategory.objects.create(
                    scheme=obj, code=code, label=label, beneficiary=beneficiary, amount_basis=basis, position=position
                )


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    siret = factory.Sequence(lambda n: luhn_siret(f"9{n:012d}"))
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    address = "1 rue de la Paix"
    postal_code = "75002"
    city = "Paris"

    @factory.post_generation
    def representatives(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.representatives.set(extracted)


class AidApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidApplication

    scheme = factory.SubFactory(AidSchemeFactory)
    created_by = factory.SubFactory(UserFactory)
    company = factory.LazyAttribute(lambda o: CompanyFactory(representatives=[o.created_by]))
    status = Status.DRAFT
    employee_first_name = factory.Sequence(lambda n: f"Camille{n}")
    employee_last_name = "Martin"
    employee_birth_date = dt.date(1990, 5, 17)
    employee_address = "2 place de l'Église"
    employee_commune_input = factory.LazyAttribute(lambda o: o.employee_commune.name if o.employee_commune else "")
    employee_commune = None
    new_setup = True
    employee_key = factory.LazyAttribute(
        lambda o: f"{o.employee_last_name.lower()}|{o.employee_first_name.lower()}|{o.employee_birth_date.isoformat()}"
    )

    class Params:
        submitted = factory.Trait(status=Status.SUBMITTED, submitted_at=factory.Faker("date_time", tzinfo=dt.UTC))
        under_review = factory.Trait(status=Status.UNDER_REVIEW, submitted_at=factory.Faker("date_time", tzinfo=dt.UTC))


class ExpenseLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseLine

    application = factory.SubFactory(AidApplicationFactory)
    category = factory.LazyAttribute(lambda o: o.application.scheme.categories.get(code="equipment"))
    description = "Ordinateur portable"
    amount_excl_tax = Decimal("1500.00")
    amount_incl_tax = Decimal("1800.00")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(AidApplicationFactory)
    kind = ApplicationDocument.Kind.QUOTE
    file = factory.django.FileField(filename="devis.pdf", data=PDF_BYTES)
    original_name = "devis.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda o: o.application.created_by)
