from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from solozere.accounts.roles import Role, has_role
from solozere.aids.models import AidApplication
from solozere.aids.workflow import Status
from tests.accounts.factories import UserFactory
from tests.aids.factories import (
    AidApplicationFactory,
    AidSchemeFactory,
    CompanyFactory,
    ExpenseLineFactory,
)

# The schemes of these tests lie on the real zone of the real territory.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("territory")]


def test_a_person_representing_a_company_holds_the_company_representative_role():
    user = UserFactory()
    assert not has_role(user, Role.COMPANY_REPRESENTATIVE)
    CompanyFactory(representatives=[user])
    assert has_role(user, Role.COMPANY_REPRESENTATIVE)


def test_the_same_employee_cannot_have_two_live_applications_under_one_scheme():
    first = AidApplicationFactory(submitted=True)
    with pytest.raises(IntegrityError):
        AidApplicationFactory(
            scheme=first.scheme,
            submitted=True,
            employee_first_name=first.employee_first_name,
            employee_key=first.employee_key,
        )


def test_a_refused_application_does_not_hold_its_employee():
    refused = AidApplicationFactory(status=Status.REFUSED)
    again = AidApplicationFactory(scheme=refused.scheme, submitted=True, employee_key=refused.employee_key)
    assert set(AidApplication.objects.filter(scheme=refused.scheme, employee_key=refused.employee_key)) == {
        refused,
        again,
    }
    # The new application does hold the employee: the rule is live for this key, only the refusal was let go.
    with pytest.raises(IntegrityError), transaction.atomic():
        AidApplicationFactory(scheme=refused.scheme, submitted=True, employee_key=refused.employee_key)


def test_an_accepted_application_has_an_amount():
    with pytest.raises(IntegrityError):
        AidApplicationFactory(status=Status.ACCEPTED, granted_amount=None)


def test_the_amount_paid_cannot_exceed_the_amount_granted():
    with pytest.raises(IntegrityError):
        AidApplicationFactory(status=Status.PAID, granted_amount=Decimal("1000"), paid_amount=Decimal("1200"))


def test_an_expense_line_cannot_be_negative_nor_have_ttc_below_ht():
    with pytest.raises(IntegrityError):
        ExpenseLineFactory(amount_excl_tax=Decimal("-1"), amount_incl_tax=Decimal("0"))


def test_ttc_below_ht_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ExpenseLineFactory(amount_excl_tax=Decimal("100"), amount_incl_tax=Decimal("90"))


def test_a_scheme_cannot_close_before_it_opens():
    import datetime as dt

    with pytest.raises(IntegrityError):
        AidSchemeFactory(opening_date=dt.date(2026, 5, 1), closing_date=dt.date(2026, 4, 1))


def test_the_reference_shows_year_and_number():
    application = AidApplicationFactory()
    assert application.reference == f"AT-{application.created_at.year}-{application.pk:05d}"
