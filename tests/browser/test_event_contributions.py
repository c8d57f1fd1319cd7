"""Contributions in Chromium, on a 390 px phone: the organiser of a past rencontre publishes its slides (a small PDF)
from the event page, and the contribution appears there for a visitor, its document served as a PDF shown in place.
(Its appearing in /ressources/ comes with the resource centre's listener.)"""

import pytest
from playwright.sync_api import Page, expect

from solozere.events.models import Contribution
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES
from tests.browser.helpers import log_in, submit
from tests.events.factories import EventFactory, EventSiteFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_organiser_publishes_a_pdf_on_a_phone_and_it_appears_on_the_event_page(
    page: Page, live_server, transactional_db, territory, tmp_path, screenshots_dir
) -> None:  # type: ignore[no-untyped-def]
    organiser = UserFactory(email="organisatrice@comptoir.example", first_name="Odile", last_name="Organise")
    place = PlaceFactory(name="Comptoir d'Aumont-Aubrac")
    place.managers.add(organiser)
    event = EventFactory(title="Rencontres du télétravail", organiser_place=place, past=True)
    EventSiteFactory(event=event, place=place)
    slides = tmp_path / "support-rencontres.pdf"
    slides.write_bytes(PDF_BYTES)
    page.set_viewport_size(PHONE)

    log_in(page, organiser.email)
    page.goto(event.get_absolute_url())
    submit(page, page.get_by_role("link", name="Gérer les contributions"))
    submit(page, page.get_by_role("link", name="Publier une contribution"))
    page.get_by_role("radio", name="Support de présentation").check()
    page.get_by_label("Titre").fill("Le télétravail en Lozère, dix ans après")
    page.get_by_label("Intervenant(e)s").fill("Odile Organise")
    page.get_by_label("Fichier (facultatif)").set_input_files(str(slides))
    page.get_by_label("CC-BY 4.0", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    submit(page, page.get_by_role("button", name="Publier la contribution"))

    contribution = Contribution.objects.get()
    assert (contribution.status, contribution.file_type) == ("published", "application/pdf")
    expect(page.get_by_text("Contribution publiée sur la page de l'événement.")).to_be_visible()
    card = page.locator(f"#contribution-{contribution.pk}")
    expect(card.get_by_role("heading", name="Le télétravail en Lozère, dix ans après")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots_dir / "events-contribution-published-phone.png"), full_page=True)

    # A visitor sees it too, and its document comes as a PDF shown in place.
    page.context.clear_cookies()
    page.goto(event.get_absolute_url())
    link = page.locator(f"#contribution-{contribution.pk}").get_by_role("link", name="Lire le document (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="support-rencontres.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.body() == PDF_BYTES

    # And it is in the resource centre, with the event as its source.
    page.goto(live_server.url + "/ressources/")
    entry = page.get_by_role("link", name="Le télétravail en Lozère, dix ans après")
    expect(entry).to_be_visible()
    entry.click()
    expect(page.get_by_text(event.title).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots_dir / "events-contribution-in-resources-phone.png"), full_page=True)
