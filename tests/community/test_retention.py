"""The retention periods stated on the privacy page, applied by `purge_community_data`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from solozere.accounts.models import User
from solozere.community.models import ContactMessage, Membership, MembershipPeriod
from tests.community.factories import ContactMessageFactory, MembershipFactory

pytestmark = pytest.mark.django_db


class TestRetention:
    def test_the_purge_is_a_dry_run_by_default_and_applies_the_stated_periods(self):
        today = timezone.localdate()
        now = timezone.now()
        old_refusal = MembershipFactory(refused=True, decided_at=now - timedelta(days=200))
        MembershipFactory(refused=True, decided_at=now - timedelta(days=30))
        long_lapsed = MembershipFactory(lapsed=True)
        long_lapsed.valid_until = today - timedelta(days=400)
        long_lapsed.save()
        MembershipPeriod.objects.filter(membership=long_lapsed).update(
            starts_on=today - timedelta(days=764), ends_on=today - timedelta(days=400)
        )
        MembershipFactory(lapsed=True)  # ended yesterday: kept
        ContactMessageFactory(created_at=now - timedelta(days=400))
        ContactMessageFactory()
        out = StringIO()
        call_command("purge_community_data", stdout=out)
        assert "(essai) demandes refusées : 1, adhésions échues : 1, messages : 1" in out.getvalue()
        assert Membership.objects.count() == 4
        call_command("purge_community_data", "--apply", stdout=StringIO())
        assert not Membership.objects.filter(pk__in=[old_refusal.pk, long_lapsed.pk]).exists()
        assert Membership.objects.count() == 2
        assert ContactMessage.objects.count() == 1
        assert MembershipPeriod.objects.filter(membership__isnull=True).count() == 1  # the growth chart's past
        assert User.objects.filter(pk=old_refusal.user_id).exists()  # the account itself stays
