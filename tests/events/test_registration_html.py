"""The registration pages are valid HTML (Nu HTML checker), as each person sees them: the event page's panel (a
visitor, a form with errors, a registered member, its organiser), the private page with an offer, the organiser's
list and attendance sheet."""

import pytest
from django.urls import reverse

from solozere.events.models import QuestionKind, Registration
from solozere.events.services_registration import registration_cancel, registration_register
from tests.events.factories import EventSiteFactory, QuestionFactory
from tests.events.registration_helpers import people
from tests.html_checker import nu_errors
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_the_registration_pages_are_valid_html(client, tmp_path, staff_user):
    place = PlaceFactory(name="Comptoir de Meyrueis")
    here = EventSiteFactory(place=place, capacity=1)
    event = here.event
    EventSiteFactory(event=event, online=True, capacity=3, position=1)
    QuestionFactory(event=event, label="Votre boisson", kind=QuestionKind.CHOICE, choices="Café\nThé", required=True)
    QuestionFactory(event=event, label="Covoiturage ?", kind=QuestionKind.YES_NO)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=here)
    registration_register(actor=waiter, site=here)
    registration_cancel(registration=held, actor=holder)
    offered = Registration.objects.get(user=waiter)
    pages = [
        ("visitor event page", lambda: client.get(event.get_absolute_url())),
        ("form with errors", lambda: client.post(reverse("events:register", args=[event.slug]), {"site": "x"})),
        (
            "private page with an offer",
            lambda: client.get(reverse("events:registration_private", args=[offered.token])),
        ),
        ("unknown link", lambda: client.get(reverse("events:registration_private", args=["y" * 43]))),
    ]
    files = []
    for index, (label, get) in enumerate(pages):
        path = tmp_path / f"page{index}.html"
        path.write_bytes(get().content)
        files.append((label, path))
    client.force_login(staff_user)
    for index, url in enumerate(
        [
            event.get_absolute_url(),
            reverse("events:registrations", args=[event.slug]),
            reverse("events:registration_detail", args=[event.slug, offered.pk]),
            reverse("events:attendance", args=[event.slug]) + f"?site={here.pk}",
            reverse("events:mine"),
        ]
    ):
        path = tmp_path / f"staff{index}.html"
        response = client.get(url)
        assert response.status_code == 200, url
        path.write_bytes(response.content)
        files.append((url, path))
    assert nu_errors(files) == []
