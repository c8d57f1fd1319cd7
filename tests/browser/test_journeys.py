"""Journeys of issue 9 end to end in Chromium, as a new visitor or a manager would make them: nothing done on the way
is lost, the keyboard is enough, and what a page says matches what was entered."""

import re

import pytest
from django.core import mail

from solozere.aids.models import AidScheme
from solozere.aids.reference import TELEWORK_AID_SLUG
from solozere.aids.services import aid_schemes_load
from tests.accounts.factories import PASSWORD
from tests.browser import helpers

pytestmark = pytest.mark.browser

PASSWORD_LABEL = re.compile(r"^Mot de passe\s*:?$")


def text_of(locator) -> str:
    return " ".join(locator.inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def open_aid(transactional_db, territory):
    aid_schemes_load()
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    scheme.budget_envelope = 30000
    scheme.envelope_to_confirm = False
    scheme.save()
    return scheme


def test_a_new_visitor_simulates_signs_up_confirms_and_lands_on_the_prefilled_application(page, open_aid):
    # 1. The simulator, as a visitor.
    page.goto("/aide-teletravail/")
    page.get_by_label("Commune où habite le salarié").fill("Javols")
    page.get_by_label("Département du siège de l'entreprise").fill("75")
    page.get_by_label("Oui, c'est nouveau").check()
    page.get_by_label("Matériel informatique et de communication").fill("1500")
    page.get_by_label("Aménagement d'un bureau au domicile du salarié").fill("900")
    page.get_by_role("button", name="Simuler").click()
    page.locator("#verdict-title").wait_for()
    assert "Éligible" in text_of(page.locator("#simulation"))

    # 2. "Déposer une demande avec ces réponses": not signed in, so the log-in page, whose sign-up link carries on.
    helpers.submit(page, page.get_by_role("link", name="Déposer une demande avec ces réponses"))
    assert "/compte/login/" in page.url
    helpers.submit(page, page.get_by_role("main").get_by_role("link", name=re.compile("Créer un compte|inscri", re.I)))
    assert "/compte/signup/" in page.url
    page.get_by_label("Courriel").fill("nouvelle@entreprise.example")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name="Vérifiez votre adresse e-mail").wait_for()

    # 3. The link of the e-mail, opened in the same browser: confirmed, signed in, on the application.
    [message] = mail.outbox
    link = re.search(r"http://[^/\s]+(/compte/confirm-email/\S+)", message.body).group(1)
    page.goto(link)
    helpers.submit(page, page.get_by_role("button", name="Confirmer mon adresse"))
    page.get_by_role("heading", level=1, name="Nouvelle demande d'aide").wait_for()
    expect_signed_in(page)
    summary = text_of(page.locator("#reponses-reprises"))
    assert "Commune du salarié : Javols" in summary
    assert "Télétravail nouveau : Oui, c'est nouveau" in summary
    assert "Matériel informatique et de communication : 1500 €" in summary
    assert "Aménagement d'un bureau au domicile du salarié : 900 €" in summary

    # 4. An error keeps what was typed and is announced at the top: a SIRET that is not one.
    page.get_by_label("SIRET de l'entreprise").fill("732 829 320 00075")
    page.get_by_label("Raison sociale").fill("Fromagerie du Gévaudan")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    summary_box = page.locator(".error-summary")
    assert summary_box.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.closest('.error-summary') !== null")
    first_box = page.locator("main form, main .error-summary").first
    assert first_box.evaluate("el => el.classList.contains('error-summary')")  # above the form
    assert "SIRET" in text_of(summary_box)
    assert page.get_by_label("SIRET de l'entreprise").input_value() == "732 829 320 00075"
    assert page.get_by_label("Raison sociale").input_value() == "Fromagerie du Gévaudan"
    # The error's link takes the person to the field.
    summary_box.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_siret"

    # 5. Corrected, the next steps carry the simulator's answers.
    page.get_by_label("SIRET de l'entreprise").fill("732 829 320 00074")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    assert page.get_by_label("Commune de résidence du salarié").input_value() == "Javols"
    assert page.get_by_label("Oui, c'est nouveau").is_checked()
    page.get_by_label("Prénom du salarié").fill("Camille")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    lines = page.locator("fieldset.expense-line")
    amounts = {
        lines.nth(i).locator("select").evaluate("s => s.options[s.selectedIndex].text"): (
            lines.nth(i).locator("input[name$='amount_excl_tax']").input_value(),
            lines.nth(i).locator("input[name$='amount_incl_tax']").input_value(),
        )
        for i in range(lines.count())
        if lines.nth(i).locator("select").input_value()
    }
    assert amounts == {
        # The company's equipment counts before tax, the employee's office with tax (the scheme's rules).
        "Matériel informatique et de communication (montant HT retenu)": ("1500", ""),
        "Aménagement d'un bureau au domicile du salarié (montant TTC retenu)": ("", "900"),
    }, amounts


def expect_signed_in(page) -> None:
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
