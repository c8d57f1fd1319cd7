"""Steps shared by the browser tests, written so that they wait for what they cause.

`click()` returns once the click is dispatched, not once the page it loads has arrived: a test that reads the page or
navigates right after a form submission races the server. These helpers wait for the new page before returning."""

import time

from playwright.sync_api import Locator, Page, expect

from tests.accounts.factories import PASSWORD, TOTP_PERIOD, totp_code

# (e-mail, period) of the authenticator codes already given: allauth refuses a code used twice.
_used_codes: set[tuple[str, int]] = set()


def submit(page: Page, control: Locator) -> None:
    """Click a control that loads a new page (a form's button, a link) and wait until that page has loaded."""
    with page.expect_navigation():
        control.click()


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, page.get_by_role("button", name="Se connecter"))
    if "/compte/2fa/authenticate/" in page.url:
        # Staff give the code of their authenticator app (the factory's key), as a person would: one code per
        # period, never one about to expire.
        while (email, int(time.time()) // TOTP_PERIOD) in _used_codes or time.time() % TOTP_PERIOD > TOTP_PERIOD - 3:
            time.sleep(0.5)
        _used_codes.add((email, int(time.time()) // TOTP_PERIOD))
        page.fill("input[name=code]", totp_code())
        submit(page, page.get_by_role("button", name="Se connecter"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def log_out(page: Page) -> None:
    submit(page, page.get_by_role("button", name="Se déconnecter"))
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()
