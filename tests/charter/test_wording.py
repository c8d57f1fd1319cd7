"""The words of the adhesion pages (issue 9, item 6): a deleted account reads "par un compte supprimé", the date
of acceptance is written the French way, and an evidence kind is not nested in brackets."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest

from solozere.charter.models import PlaceMembership
from tests.places.factories import apply_for, comptoir_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ready(territory, charter_v1):  # type: ignore[no-untyped-def]
    """Real communes and the published first version of the charter."""


def test_the_acceptance_of_a_deleted_account_reads_par_un_compte_supprime(client, manager, staff_user, charter_v1):
    place = comptoir_ready(name="Comptoir du Bleymard")
    place.managers.add(manager)
    membership = apply_for(place, manager)
    PlaceMembership.objects.filter(pk=membership.pk).update(
        accepted_by=None, accepted_at=dt.datetime(2026, 12, 2, 13, 50, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(staff_user)
    text = html.unescape(client.get(f"/equipe/charte/adhesions/{membership.pk}/").content.decode())
    assert "par un compte supprimé, le 2 décembre 2026 à 14 h 50" in text


def test_the_manager_reads_the_acceptance_date_the_french_way(client, manager, charter_v1):
    place = comptoir_ready(name="Comptoir du Bleymard")
    place.managers.add(manager)
    membership = apply_for(place, manager)
    PlaceMembership.objects.filter(pk=membership.pk).update(
        accepted_at=dt.datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(manager)
    text = html.unescape(client.get(f"/lieux/{place.slug}/adhesion/{membership.pk}/").content.decode())
    assert "le 1er décembre 2026 à 9 h" in text


def test_an_evidence_kind_is_not_nested_in_brackets(client, charter_v1):
    text = html.unescape(client.get("/lieux/charte/").content.decode())
    assert "Justificatif : Document (PDF ou image)." in text
    assert "(justificatif" not in text
    assert "(pdf ou image)" not in text
