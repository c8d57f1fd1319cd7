"""A new staff member in Chromium: password, then sent to set up an authenticator app (the password again, the key,
a code), then the staff area; a wrong code is refused in French. At phone and desktop sizes."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, TOTP_PERIOD, UserFactory
from tests.browser.helpers import submit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_a_new_staff_member_sets_up_the_second_factor_then_reaches_the_staff_area(
    page, transactional_db, screenshots_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    staff = UserFactory(staff=True, second_factor=False, email="nouvelle@solozere.fr")
    page.goto("/compte/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, page.get_by_role("button", name="Se connecter"))

    page.goto("/equipe/")
    # allauth asks the password again before a second factor is added.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre identité")
    expect(page.get_by_text("Les pages de l'équipe demandent une double authentification")).to_be_visible()
    page.fill("input[name=password]", PASSWORD)
    submit(page, page.get_by_role("button", name="Confirmer"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(page.get_by_role("img", name="QR code de la clé de double authentification")).to_be_visible()
    page.screenshot(path=screenshots_dir / f"second-factor-setup-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    secret = page.locator("#authenticator_secret").inner_text()

    page.fill("input[name=code]", "000000")
    submit(page, page.get_by_role("button", name="Activer"))
    expect(page.get_by_text("Code incorrect.").first).to_be_visible()

    while time.time() % TOTP_PERIOD > TOTP_PERIOD - 3:  # never a code about to expire
        time.sleep(0.5)
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD)))
    submit(page, page.get_by_role("button", name="Activer"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de secours")

    submit(page, page.get_by_role("link", name="Continuer vers l'espace de l'équipe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace de l\u2019équipe")
