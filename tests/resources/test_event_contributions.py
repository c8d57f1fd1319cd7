"""A contribution published on its event's page enters the resource centre with the event as its source, once, and
leaves it when withdrawn there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from solozere.events.services_contributions import (
    Material,
    Proposal,
    contribution_publish_direct,
    contribution_unpublish,
)
from solozere.resources.models import Kind, LibraryItem
from solozere.resources.services_events import resource_from_contribution
from solozere.resources.workflow import Status
from tests.aids.factories import PDF_BYTES
from tests.events.factories import EventSiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def past_event(territory):  # type: ignore[no-untyped-def]
    return EventSiteFactory(event__title="Rencontre du télétravail", event__past=True).event


def _publish(staff_user, event, **material):  # type: ignore[no-untyped-def]
    return contribution_publish_direct(
        actor=staff_user,
        event=event,
        proposal=Proposal(kind="slides", title="Télétravailler depuis un Comptoir", speaker="Léa Martin"),
        material=Material(licence="cc_by_4_0", **material),
    )


def test_a_published_document_becomes_a_published_resource_with_its_event(client, staff_user, past_event):
    contribution = _publish(staff_user, past_event, upload=SimpleUploadedFile("diapos.pdf", PDF_BYTES))
    item = LibraryItem.objects.get(source_contribution=contribution)
    assert (item.status, item.kind, item.licence) == (Status.PUBLISHED, Kind.EVENT_CONTRIBUTION, "cc_by_4_0")
    assert item.source_event_title == "Rencontre du télétravail"
    assert item.source_url.endswith(past_event.get_absolute_url())
    assert item.author == "Léa Martin"
    listing = client.get(reverse("resources:list")).content.decode()
    assert "Télétravailler depuis un Comptoir" in listing
    download = client.get(reverse("resources:file", args=[item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_link_or_notes_become_a_link(staff_user, past_event):
    video = _publish(staff_user, past_event, link="https://video.example/rencontre")
    notes = _publish(staff_user, past_event, notes="Ce qui s'est dit.")
    assert LibraryItem.objects.get(source_contribution=video).url == "https://video.example/rencontre"
    assert LibraryItem.objects.get(source_contribution=notes).url.endswith(past_event.get_absolute_url())


def test_a_contribution_enters_once(staff_user, past_event):
    contribution = _publish(staff_user, past_event, link="https://video.example/rencontre")
    assert resource_from_contribution(contribution) is None
    assert LibraryItem.objects.filter(source_contribution=contribution).count() == 1


def test_withdrawn_on_the_event_page_it_leaves_the_centre(client, staff_user, past_event):
    contribution = _publish(staff_user, past_event, link="https://video.example/rencontre")
    contribution_unpublish(actor=staff_user, contribution=contribution, reason="Droits à vérifier")
    item = LibraryItem.objects.get(source_contribution=contribution)
    assert item.status == Status.WITHDRAWN
    assert "Télétravailler depuis un Comptoir" not in client.get(reverse("resources:list")).content.decode()
