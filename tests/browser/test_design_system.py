"""Core's script on the styleguide's components: a destructive form asks first (keyboard only), an error summary's
link puts the focus in its field, and the header fits a phone and a desktop without wrapping."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_page(page, transactional_db):  # type: ignore[no-untyped-def]
    log_in(page, UserFactory(staff=True, email="equipe@solozere.fr").email)
    return page


def test_a_destructive_form_asks_before_it_submits_and_escape_cancels(staff_page) -> None:  # type: ignore[no-untyped-def]
    page = staff_page
    page.goto("/styleguide/")
    delete = page.get_by_role("button", name="Supprimer la démonstration")
    delete.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Supprimer cette démonstration ? Cette action est définitive.")
    expect(dialog).to_be_visible()
    # The safe answer has the focus first; Escape closes the dialog and the form is not sent.
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(delete).to_be_focused()
    assert "demo=confirmed" not in page.url

    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Shift+Tab")
    confirm = dialog.get_by_role("button", name="Supprimer la démonstration")
    expect(confirm).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "demo=confirmed" in page.url
    expect(page.get_by_text("Vous avez confirmé la suppression de démonstration.")).to_be_visible()


def test_an_error_summary_link_puts_the_focus_in_its_field(staff_page) -> None:  # type: ignore[no-untyped-def]
    page = staff_page
    page.goto("/styleguide/")
    page.locator(".error-summary").get_by_role(
        "link", name="Adresse e-mail : Saisissez une adresse de courriel valide."
    ).click()
    expect(page.get_by_label("Adresse e-mail")).to_be_focused()
    page.locator(".error-summary").get_by_role("link", name="Type de lieu : Ce champ est obligatoire.").click()
    expect(page.get_by_label("Comptoir")).to_be_focused()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_header_fits_and_the_staff_links_stay_on_one_line(staff_page, screenshots_dir, width, height) -> None:  # type: ignore[no-untyped-def]
    page = staff_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/styleguide/")
    page.screenshot(path=screenshots_dir / f"styleguide-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    banner = page.get_by_role("banner")
    if width >= 1366:
        tops = banner.locator(".header-tools > a, .header-tools button").evaluate_all(
            "elements => elements.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) == 4 and max(tops) - min(tops) <= 4, tops
        links = banner.locator(".main-nav a").evaluate_all(
            "elements => elements.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        # Lieux, Communauté, Aide télétravail, Accompagnement, Ressources, Agenda: one line.
        assert len(links) == 6 and len(set(links)) == 1, links
    else:
        # On a phone the main navigation folds behind "Menu", which opens without any script.
        expect(banner.get_by_role("link", name="Lieux")).to_be_hidden()
        banner.get_by_text("Menu", exact=True).click()
        expect(banner.get_by_role("link", name="Lieux")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
