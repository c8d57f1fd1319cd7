"""A visitor becomes a member in Chromium: sign up, confirm the address from the mailbox, apply, staff approve,
and the public counter moves by one."""

import re

import pytest
from django.core import mail

from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, log_out, submit

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Aubrac-Margeride-48!"


def counter_text(page) -> str:
    page.goto("/")
    return " ".join(page.locator(".community-counter .counter-figure").inner_text().split())


def confirmation_link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"https?://\S+/confirm-email/\S+", message.body).group(0)


def test_a_visitor_signs_up_applies_and_staff_approval_moves_the_counter(
    page, live_server, territory, transactional_db
):
    staff = UserFactory(staff=True, email="equipe@solozere.fr")
    assert counter_text(page) == "0 télétravailleur sur un objectif de 100"

    # Sign up and confirm the address read from the test mailbox.
    page.goto("/compte/signup/")
    page.fill("input[name=email]", "lucie.vidal@example.org")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    submit(page, page.get_by_role("button", name="Créer mon compte"))
    link = confirmation_link("lucie.vidal@example.org")
    page.goto(link.replace("http://testserver", live_server.url).replace("http://127.0.0.1:8000", live_server.url))
    submit(page, page.get_by_role("button", name="Confirmer mon adresse"))
    if "/compte/login/" in page.url:
        log_in(page, "lucie.vidal@example.org", NEW_PASSWORD)

    # Apply: an old commune name, an employer elsewhere, consents.
    page.goto("/communaute/adherer/")
    page.get_by_label("Prénom").fill("Lucie")
    page.locator("#id_last_name").fill("Vidal")
    page.get_by_label("Commune de résidence").fill("Javols")
    # The form goes in steps; each "Enregistrer et continuer" saves the step and opens the next one.
    next_step = page.get_by_role("button", name="Enregistrer et continuer")
    submit(page, next_step)
    page.get_by_label("Votre situation").select_option("employee")
    page.get_by_label("Où est votre employeur ?").select_option("69")
    page.locator("#id_occupation").fill("Comptable")
    page.get_by_label("Secteur d'activité").select_option("consulting")
    page.get_by_label("À quelle fréquence télétravaillez-vous ?").select_option("most_days")
    page.get_by_label("À domicile").check()
    submit(page, next_step)
    page.locator("#id_skills").fill("Comptabilité, paie")
    submit(page, next_step)
    submit(page, next_step)
    page.locator("#id_consent_membership").check()
    page.locator("#id_consent_directory").check()
    page.get_by_role("button", name="Envoyer ma demande d'adhésion").click()
    page.get_by_text("Votre demande d'adhésion est envoyée").wait_for()
    assert "En attente d'examen" in page.locator("main").inner_text()
    assert any(m.to == ["lucie.vidal@example.org"] and "bien reçue" in m.subject for m in mail.outbox)
    assert counter_text(page) == "0 télétravailleur sur un objectif de 100"

    # Staff approve from the review queue.
    log_out(page)
    log_in(page, staff.email)
    page.goto("/equipe/communaute/adhesions/")
    submit(page, page.get_by_role("link", name="Lucie Vidal"))
    assert "Javols (Peyre en Aubrac)" in page.locator("main").inner_text()
    page.get_by_label("adhésion validée").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("Décision enregistrée").wait_for()
    assert any(m.to == ["lucie.vidal@example.org"] and "Bienvenue" in m.subject for m in mail.outbox)

    # The public counter moved by one, for anyone.
    log_out(page)
    assert counter_text(page) == "1 télétravailleur sur un objectif de 100"
    page.goto("/communaute/")
    assert "1 télétravailleur sur un objectif de 100" in " ".join(page.locator("main").inner_text().split())
