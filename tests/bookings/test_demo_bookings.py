"""Demo bookings: resources of the demo télécentres, one closure, a few bookings of demo members; idempotent, refused
under production settings, gone with delete_demo."""

import pytest
from django.core.management import CommandError, call_command

from solozere.bookings.models import Booking, BookingSlot, Closure, Resource, ResourceKind
from solozere.bookings.workflow import BookingStatus
from solozere.places.models import PlaceKind

pytestmark = pytest.mark.usefixtures("territory")


@pytest.fixture
def demo(charter_v1):  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)
    call_command("load_demo_accounts", verbosity=0)


def _state():  # type: ignore[no-untyped-def]
    return (
        sorted(Resource.objects.values_list("place_id", "kind", "name", "capacity", "requires_approval", "price")),
        sorted(Closure.objects.values_list("place_id", "start_date", "end_date")),
        sorted(Booking.objects.values_list("person_id", "resource_id", "status", "starts_at", "ends_at")),
        BookingSlot.objects.count(),
    )


def test_demo_bookings_give_each_demo_telecentre_its_resources(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_bookings", verbosity=0)
    resources = Resource.objects.select_related("place")
    assert resources.exists()
    assert all(r.place.is_demo and r.place.kind == PlaceKind.TELECENTRE for r in resources)
    for place_id in {r.place_id for r in resources}:
        mine = {r.kind: r for r in resources if r.place_id == place_id}
        assert mine[ResourceKind.DESK_POOL].capacity == 6 and not mine[ResourceKind.DESK_POOL].requires_approval
        assert mine[ResourceKind.OFFICE].requires_approval
        assert mine[ResourceKind.MEETING_ROOM].granularity == "hour"
        assert all("€" in r.price for r in mine.values())
    assert Closure.objects.count() == 1 and Closure.objects.get().place.is_demo
    bookings = Booking.objects.select_related("person")
    assert bookings.exists() and all(b.person.is_demo for b in bookings)
    statuses = set(bookings.values_list("status", flat=True))
    assert {BookingStatus.DONE, BookingStatus.CONFIRMED, BookingStatus.REQUESTED} <= statuses


def test_loading_demo_bookings_twice_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_bookings", verbosity=0)
    before = _state()
    call_command("load_demo_bookings", verbosity=0)
    assert _state() == before


def test_delete_demo_takes_the_demo_bookings_away(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_bookings", verbosity=0)
    call_command("delete_demo", verbosity=0)
    assert not Resource.objects.exists() and not Booking.objects.exists() and not Closure.objects.exists()
    assert not BookingSlot.objects.exists()


def test_demo_bookings_are_refused_under_production_settings(demo, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo_bookings", verbosity=0)
    assert not Resource.objects.exists() and not Booking.objects.exists()


def test_demo_bookings_need_the_demo_accounts(charter_v1) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)
    with pytest.raises(CommandError, match="load_demo_accounts"):
        call_command("load_demo_bookings", verbosity=0)


def test_make_run_loads_the_demo_bookings_after_the_presence() -> None:
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    setup = makefile.split("setup-db:", 1)[1].split("\n\n", 1)[0]
    assert setup.index("load_demo_accounts") < setup.index("load_demo_presence") < setup.index("load_demo_bookings")
