"""Registrations to events in Chromium: a visitor without an account registers with a question, confirms the e-mail
and gets the .ics; a member registers in one click for one site of a multi-site event; the organiser marks
attendance on a 390 px phone, with htmx and without JavaScript."""

import datetime as dt
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from solozere.events.models import QuestionKind, Registration
from solozere.events.workflow import RegistrationStatus
from tests.browser.helpers import log_in, submit
from tests.community.factories import MembershipFactory
from tests.events.factories import EventFactory, EventSiteFactory, QuestionFactory, RegistrationFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.browser


def _text(locator) -> str:
    return " ".join(locator.inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


def _ics(message) -> icalendar.Calendar:
    (part,) = [a for a in message.attachments if (a.get_filename() or "").endswith(".ics")]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_a_visitor_registers_with_a_question_confirms_the_email_and_gets_the_ics(
    page: Page, transactional_db, territory
):
    place = PlaceFactory(name="Comptoir de Florac")
    event = EventFactory(title="Atelier : s'organiser en télétravail")
    EventSiteFactory(event=event, place=place, capacity=8)
    QuestionFactory(event=event, label="Votre boisson", kind=QuestionKind.CHOICE, choices="Café\nThé", required=True)
    QuestionFactory(event=event, label="Une question pour l'intervenante ?", kind=QuestionKind.TEXT)

    page.goto(event.get_absolute_url())
    panel = page.locator("#inscription")
    expect(panel).to_contain_text("8 places libres sur 8")
    # Forgetting the required answer keeps what was typed.
    page.get_by_label("Vos prénom et nom").fill("Anne Bès")
    page.get_by_label("Votre adresse e-mail").fill("anne.bes@example.org")
    page.get_by_label("Une question pour l'intervenante ?").fill("Comment garder le lien avec l'équipe ?")
    submit(page, page.get_by_role("button", name="S'inscrire"))
    expect(page.get_by_role("alert").first).to_contain_text("Répondez à cette question.")
    expect(page.get_by_label("Vos prénom et nom")).to_have_value("Anne Bès")
    expect(page.get_by_label("Une question pour l'intervenante ?")).to_have_value(
        "Comment garder le lien avec l'équipe ?"
    )
    page.get_by_label("Thé").check()
    submit(page, page.get_by_role("button", name="S'inscrire"))
    expect(page.get_by_text("Un e-mail vient de partir vers anne.bes@example.org")).to_be_visible()
    assert Registration.objects.get(email="anne.bes@example.org").status == RegistrationStatus.PENDING

    (message,) = [m for m in mail.outbox if m.to == ["anne.bes@example.org"]]
    link = re.search(r"https?://\S+/confirmer/", message.body).group(0)
    page.goto(urlsplit(link).path)
    submit(page, page.get_by_role("button", name="Confirmer mon inscription"))
    expect(page.get_by_text("Vous êtes inscrit ou inscrite : Comptoir de Florac, place n° 1")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Thé")

    registration = Registration.objects.get(email="anne.bes@example.org")
    assert registration.status == RegistrationStatus.REGISTERED
    assert set(registration.answers.values()) == {"Thé", "Comment garder le lien avec l'équipe ?"}
    (confirmed,) = [m for m in mail.outbox if m.to == ["anne.bes@example.org"] and "confirmée" in m.subject]
    calendar = _ics(confirmed)
    assert calendar["METHOD"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert "Comptoir de Florac" in str(vevent["LOCATION"])


def test_a_member_registers_in_one_click_for_one_site_of_a_multi_site_event(page: Page, transactional_db, territory):
    member = MembershipFactory(approved=True).user
    event = EventFactory(title="Petit-déjeuner dans trois Comptoirs")
    names = ["Comptoir de Langogne", "Comptoir de Marvejols", "Comptoir du Malzieu"]
    for position, name in enumerate(names):
        EventSiteFactory(event=event, place=PlaceFactory(name=name), capacity=6, position=position)
    log_in(page, member.email)
    page.goto(event.get_absolute_url())
    submit(page, page.get_by_role("button", name="S'inscrire — Comptoir de Marvejols"))
    expect(page.get_by_text("Vous êtes inscrit ou inscrite : Comptoir de Marvejols, place n° 1")).to_be_visible()
    registration = Registration.objects.get(user=member)
    assert registration.site.name == "Comptoir de Marvejols"
    assert registration.status == RegistrationStatus.REGISTERED
    page.goto(event.get_absolute_url())
    expect(page.locator("#inscription")).to_contain_text("Vous êtes inscrit ou inscrite (Comptoir de Marvejols)")
    page.goto("/compte/inscriptions/")
    expect(page.get_by_role("main")).to_contain_text("Petit-déjeuner dans trois Comptoirs")


@pytest.fixture
def sheet(transactional_db, territory):
    """A breakfast going on now at a place; its manager organises it; three people registered."""
    from tests.accounts.factories import UserFactory

    organiser = UserFactory(email="organisatrice@example.org")
    place = PlaceFactory(name="Télécentre de Saint-Chély")
    place.managers.add(organiser)
    now = timezone.now()
    event = EventFactory(
        organiser_place=place, starts_at=now - dt.timedelta(minutes=20), ends_at=now + dt.timedelta(hours=2)
    )
    site = EventSiteFactory(event=event, place=place, capacity=10)
    rows = [
        RegistrationFactory(site=site, name=name, seat=n + 1)
        for n, name in enumerate(["Bérénice Altier", "Gaston Chirac-Bellevue", "Zoé Vébron"])
    ]
    return organiser, event, site, rows


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the phone"


def test_the_organiser_marks_attendance_on_a_phone(browser, live_server, sheet):
    organiser, event, site, rows = sheet
    for javascript in (True, False):
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport={"width": 390, "height": 844},
            java_script_enabled=javascript,
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, organiser.email)
        page.goto(f"/agenda/{event.slug}/presences/?site={site.pk}")
        _fits(page)
        person = rows[0] if javascript else rows[1]
        line = page.locator(f"#inscrit-{person.pk}")
        button = line.get_by_role("button")
        expect(button).to_contain_text("Non pointé")
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 140  # one big button to touch
        if javascript:
            button.click()  # htmx swaps the line in place
        else:
            submit(page, button)  # the form posts and the sheet comes back at the line
        expect(page.locator(f"#inscrit-{person.pk}").get_by_role("button")).to_contain_text("Présent")
        _fits(page)
        person.refresh_from_db()
        assert person.attended is True
        assert person.attendance_marked_at is not None
        context.close()
    assert Registration.objects.filter(site=site, attended=True).count() == 2
