"""What a person clicks: sign up, confirm the address from the e-mail, log in, see their account."""

import re

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD

PASSWORD_LABEL = re.compile(r"^Mot de passe\s*:?$")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_person_signs_up_confirms_and_logs_in(page):
    page.goto("/compte/signup/")
    page.get_by_label("Adresse e-mail", exact=True).fill("lea@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    page.get_by_role("heading", name="Vérifiez votre adresse e-mail").wait_for()
    [message] = mail.outbox
    link = re.search(r"http://[^/\s]+(/compte/confirm-email/\S+)", message.body).group(1)

    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    # Confirmed in the browser that signed up: she is signed in at once (issue 9, nothing lost on the way).
    page.get_by_role("heading", name="Mon compte").wait_for()
    assert "lea@example.org" in page.locator("main").inner_text()

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("banner").get_by_role("link", name="Se connecter").wait_for()
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail", exact=True).fill("lea@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Mon compte").wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_login_error_is_announced_and_the_address_kept(page):
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail", exact=True).fill("inconnu@example.org")
    page.get_by_label(PASSWORD_LABEL).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "incorrect" in alert.inner_text()
    assert page.get_by_label("Adresse e-mail", exact=True).input_value() == "inconnu@example.org"
