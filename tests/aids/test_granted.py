"""What each aid scheme has granted, for the public statistics: the same sums as its envelope, and their count."""

from decimal import Decimal

import pytest

from solozere.aids.selectors import GrantedAid, envelope_of, granted_by_scheme
from solozere.aids.workflow import Status
from tests.aids.factories import AidApplicationFactory, AidSchemeFactory

pytestmark = pytest.mark.django_db


def test_each_scheme_counts_its_accepted_and_paid_applications_as_its_envelope_does(
    territory, django_assert_num_queries
):
    first = AidSchemeFactory(title="B — aide au télétravail")
    AidApplicationFactory(scheme=first, status=Status.ACCEPTED, granted_amount=Decimal("3000"))
    AidApplicationFactory(scheme=first, status=Status.PAID, granted_amount=Decimal("2500"), paid_amount=Decimal("2500"))
    AidApplicationFactory(scheme=first, status=Status.REFUSED)
    AidApplicationFactory(scheme=first, status=Status.UNDER_REVIEW)
    empty = AidSchemeFactory(title="A — aide sans demande")
    with django_assert_num_queries(2):
        rows = granted_by_scheme()
    assert rows == [
        GrantedAid(title=empty.title, slug=empty.slug, granted=0, committed=Decimal(0), paid=Decimal(0)),
        GrantedAid(title=first.title, slug=first.slug, granted=2, committed=Decimal("5500"), paid=Decimal("2500")),
    ]
    envelope = envelope_of(first)
    assert (envelope.committed, envelope.paid) == (rows[1].committed, rows[1].paid)
