from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from solozere.aids.models import AidScheme, ExpenseCategory
from solozere.aids.reference import TELEWORK_AID_SLUG
from solozere.territory.services import FOUR_CANTONS_SLUG

pytestmark = pytest.mark.django_db


def test_the_command_loads_the_real_scheme(territory):
    out = StringIO()
    call_command("load_aid_schemes", stdout=out)
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    assert scheme.ceiling == Decimal("3000")
    assert scheme.legal_basis == "Convention de revitalisation du bassin du Malzieu-Ville"
    assert scheme.zone.slug == FOUR_CANTONS_SLUG
    assert scheme.status == AidScheme.Status.OPEN
    # What is not known is said to be so, in the data itself.
    assert scheme.budget_envelope is None and scheme.envelope_to_confirm
    assert scheme.opening_date is None and scheme.dates_to_confirm
    assert "à fixer" in scheme.data_note and "à confirmer" in scheme.data_note
    beneficiaries = dict(scheme.categories.values_list("code", "beneficiary"))
    assert beneficiaries == {
        "equipment": "company",
        "connection": "company",
        "consulting": "company",
        "home_office": "employee",
    }
    assert "1 créé" in out.getvalue()


def test_the_command_is_idempotent_and_keeps_what_staff_changed(territory):
    call_command("load_aid_schemes", stdout=StringIO())
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    scheme.budget_envelope = Decimal("45000")
    scheme.envelope_to_confirm = False
    scheme.save()
    out = StringIO()
    call_command("load_aid_schemes", stdout=out)
    assert AidScheme.objects.count() == 1
    assert ExpenseCategory.objects.count() == 4
    scheme.refresh_from_db()
    assert scheme.budget_envelope == Decimal("45000")
    assert "1 inchangé" in out.getvalue()


def test_reset_puts_the_reference_data_back(territory):
    call_command("load_aid_schemes", stdout=StringIO())
    AidScheme.objects.update(title="Autre titre")
    call_command("load_aid_schemes", "--reset", stdout=StringIO())
    assert AidScheme.objects.get().title == "Aide à l'installation d'un télétravailleur"


def test_the_command_needs_the_territory(db):
    with pytest.raises(CommandError, match="import_territory"):
        call_command("load_aid_schemes", stdout=StringIO())
