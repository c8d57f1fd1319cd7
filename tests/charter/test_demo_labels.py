"""The demo's labelled places get their label from a (fictional) adhesion, never from the file: load_demo loads them
"en service", label_demo_places gives them an approved demo adhesion, and delete_demo takes both away."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from solozere.charter.models import PlaceMembership, PlaceMembershipEvent
from solozere.charter.services import CharterError, demo_label_grant
from solozere.charter.workflow import MembershipStatus
from solozere.places.content import read_demo_places
from solozere.places.models import NetworkStatus, Place
from tests.places.factories import comptoir_ready

pytestmark = pytest.mark.django_db


def _labelled_slugs() -> set[str]:
    from django.conf import settings

    return {
        facts.slug for facts in read_demo_places(settings.BASE_DIR / "data" / "places" / "demo.json") if facts.labelled
    }


def test_the_demos_labelled_places_carry_an_approved_adhesion(territory, charter_v1):
    call_command("load_demo", verbosity=0)
    assert not Place.objects.filter(status=NetworkStatus.MEMBER).exists()

    call_command("label_demo_places", verbosity=0)

    members = Place.objects.filter(status=NetworkStatus.MEMBER)
    assert set(members.values_list("slug", flat=True)) == _labelled_slugs()
    for place in members:
        label = place.memberships.get(status=MembershipStatus.APPROVED)
        assert label.charter_version == charter_v1
        assert "fictif" in label.decision_note
        assert list(label.events.values_list("action", flat=True)) == ["submit", "approve"]


def test_labelling_the_demo_twice_changes_nothing(territory, charter_v1):
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)
    counts = PlaceMembership.objects.count(), PlaceMembershipEvent.objects.count()

    call_command("label_demo_places", verbosity=0)

    assert (PlaceMembership.objects.count(), PlaceMembershipEvent.objects.count()) == counts


def test_a_real_place_never_gets_a_demo_label(territory, charter_v1):
    place = comptoir_ready()

    with pytest.raises(CharterError):
        demo_label_grant(place=place, version=charter_v1, today=timezone.localdate(place.created_at))

    assert not place.memberships.exists()


def test_delete_demo_takes_the_demo_labels_away(territory, charter_v1):
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)

    call_command("delete_demo", verbosity=0)

    assert not PlaceMembership.objects.exists()
