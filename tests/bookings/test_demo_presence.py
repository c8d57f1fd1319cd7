"""Demo presence: fictional check-ins of demo members at demo places, never counted, gone with delete_demo."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from solozere.accounts.models import User
from solozere.bookings.models import CheckIn, CommuteProfile
from solozere.bookings.selectors_presence import network_impact
from tests.bookings.factories_presence import LANGOGNE, member_at
from tests.places.factories import MENDE

pytestmark = pytest.mark.usefixtures("territory")


@pytest.fixture
def demo(charter_v1):  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)
    call_command("load_demo_accounts", verbosity=0)
    for insee in (MENDE, LANGOGNE):
        user = member_at(insee, employer=None)
        User.objects.filter(pk=user.pk).update(is_demo=True)


def test_demo_presence_checks_in_demo_members_at_demo_places_only(demo) -> None:  # type: ignore[no-untyped-def]
    real = member_at()  # a real member is never checked in by the demo
    call_command("load_demo_presence", verbosity=0)

    check_ins = CheckIn.objects.select_related("user", "place")
    assert check_ins.filter(day=timezone.localdate()).exists()
    assert all(c.user.is_demo and c.place.is_demo for c in check_ins)
    assert {c.user_id for c in check_ins} == set(
        User.objects.filter(is_demo=True, membership__isnull=False).values_list("pk", flat=True)
    )
    assert not check_ins.filter(user=real).exists()
    assert (
        CommuteProfile.objects.filter(user__is_demo=True).count()
        == User.objects.filter(is_demo=True, membership__isnull=False).count()
    )
    assert check_ins.filter(avoided_km__gt=0).exists()
    assert network_impact().total.days == 0  # fiction is never counted


def test_loading_demo_presence_twice_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_presence", verbosity=0)
    before = list(CheckIn.objects.values_list("user_id", "place_id", "day", "visible_to_members", "avoided_km"))
    call_command("load_demo_presence", verbosity=0)
    assert list(CheckIn.objects.values_list("user_id", "place_id", "day", "visible_to_members", "avoided_km")) == before


def test_delete_demo_takes_demo_presence_away(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_presence", verbosity=0)
    call_command("delete_demo", verbosity=0)
    assert not CheckIn.objects.exists() and not CommuteProfile.objects.exists()


def test_demo_presence_is_refused_under_production_settings(demo, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo_presence", verbosity=0)
    assert not CheckIn.objects.exists()
