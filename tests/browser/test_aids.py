"""The telework aid in Chromium: a company simulates, applies and uploads a quote; staff ask for a missing
document; the company adds it; staff grant €2,400; the envelope drops by €2,400; the decision letter renders."""

import pytest

from solozere.aids import services
from solozere.aids.models import AidApplication, AidScheme, RepresentationClaim
from solozere.aids.reference import TELEWORK_AID_SLUG
from solozere.aids.services import aid_schemes_load
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES
from tests.browser import helpers

pytestmark = pytest.mark.browser


def log_in(page, user):
    page.context.clear_cookies()
    helpers.log_in(page, user.email)


def main_text(page):
    return " ".join(page.locator("main").inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


def test_a_company_applies_staff_ask_for_a_document_and_grant_2400(
    page, live_server, territory, transactional_db, tmp_path, screenshots_dir
):
    aid_schemes_load()
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    scheme.budget_envelope = 30000
    scheme.envelope_to_confirm = False
    scheme.save()
    company_user = UserFactory(email="dirigeante@fromagerie.example")
    staff = UserFactory(staff=True, email="instructeur@solozere.fr", first_name="Paul", last_name="Instructeur")
    quote = tmp_path / "devis-ordinateur.pdf"
    quote.write_bytes(PDF_BYTES)

    # 1. The company simulates, without being logged in.
    page.goto("/aide-teletravail/")
    page.get_by_label("Commune où habite le salarié").fill("Javols")
    page.get_by_label("Département du siège de l'entreprise").fill("75")
    page.get_by_label("Oui, c'est nouveau").check()
    page.get_by_label("Matériel informatique et de communication").fill("1500")
    page.get_by_label("Aménagement d'un bureau au domicile du salarié").fill("900")
    page.get_by_role("button", name="Simuler").click()
    page.locator("#verdict-title").wait_for()
    result = " ".join(page.locator("#simulation").inner_text().replace("\u202f", " ").replace("\xa0", " ").split())
    assert "Éligible" in result and "Montant maximal de l'aide : 2 400 €" in result
    assert "Javols (Peyre en Aubrac), dans la zone de l'aide" in result
    page.screenshot(path=str(screenshots_dir / "aids-simulator.png"), full_page=True)

    # 2. It applies with these answers (login first, then back to the same prefilled form).
    apply_url = page.get_by_role("link", name="Déposer une demande avec ces réponses").get_attribute("href")
    log_in(page, company_user)
    page.goto(apply_url)
    # The application goes in steps, each saved: the company, the employee, the expenses.
    next_step = page.get_by_role("button", name="Enregistrer et continuer")
    page.get_by_label("SIRET de l'entreprise").fill("732 829 320 00074")
    page.get_by_label("Raison sociale").fill("Fromagerie du Gévaudan")
    page.get_by_label("Adresse du siège").fill("1 rue du Lait")
    page.get_by_label("Code postal du siège").fill("75002")
    page.get_by_label("Commune du siège").fill("Paris")
    helpers.submit(page, next_step)
    assert page.get_by_label("Commune de résidence du salarié").input_value() == "Javols"
    page.get_by_label("Prénom du salarié").fill("Camille")
    page.get_by_label("Nom du salarié", exact=True).fill("Martin")
    page.get_by_label("Date de naissance du salarié").fill("1990-05-17")
    page.get_by_label("Adresse du salarié").fill("Le bourg")
    helpers.submit(page, next_step)
    assert page.locator("#id_expenses-0-amount_excl_tax").input_value() == "1500"
    page.locator("#id_expenses-0-description").fill("Ordinateur portable")
    page.locator("#id_expenses-0-amount_incl_tax").fill("1800")
    page.locator("#id_expenses-1-description").fill("Bureau et fauteuil")
    page.locator("#id_expenses-1-amount_excl_tax").fill("750")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré").wait_for()
    # The application's page sums it up.
    page.goto(AidApplication.objects.get().get_absolute_url())
    assert "Montant maximal au vu des dépenses : 2 400 €" in main_text(page)

    # Typing the SIRET made nobody its representative (issue 8): she sends the Kbis, the staff accept it.
    page.get_by_role("link", name="Prouver que je représente l'entreprise").click()
    page.get_by_label("Un extrait Kbis de moins de trois mois, ou un mandat signé par le dirigeant").check()
    page.set_input_files("#id_file", str(quote))
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_text("Demande envoyée").wait_for()
    services.claim_approve(actor=staff, claim=RepresentationClaim.objects.get())

    application = AidApplication.objects.get()
    page.goto(application.get_absolute_url())
    computer, desk = application.expenses.order_by("position")
    page.set_input_files(f"#file-{computer.pk}", str(quote))
    page.locator(f"#file-{computer.pk}").locator("xpath=ancestor::form").get_by_role(
        "button", name="Ajouter la pièce"
    ).click()
    page.get_by_text("Pièce ajoutée : devis-ordinateur.pdf").wait_for()
    page.set_input_files(f"#file-{desk.pk}", str(quote))
    page.locator(f"#file-{desk.pk}").locator("xpath=ancestor::form").get_by_role(
        "button", name="Ajouter la pièce"
    ).click()
    page.get_by_text("Pièce ajoutée").wait_for()
    page.set_input_files("#file-proof", str(quote))
    page.locator("#file-proof").locator("xpath=ancestor::form").get_by_role("button", name="Ajouter la pièce").click()
    page.get_by_text("Pièce ajoutée").wait_for()
    page.get_by_label("Je certifie l'exactitude des informations et des pièces fournies.").check()
    page.get_by_label("J'ai lu le règlement de l'aide et je l'accepte.").check()
    page.get_by_label("Ces dépenses ne sont pas financées par une autre aide publique.").check()
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_text("Demande déposée.").wait_for()

    # 3. Staff ask for a missing document.
    log_in(page, staff)
    page.goto("/equipe/aides/")
    assert "30 000 € : 0 € engagés, 30 000 € disponibles" in main_text(page)
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("button", name="Prendre en instruction").click()
    page.get_by_text("Demande prise en instruction").wait_for()
    page.get_by_label("Pièces attendues").fill("L'attestation de télétravail signée par l'employeur.")
    page.get_by_role("button", name="Envoyer la demande de pièces").click()
    page.get_by_text("Demande de pièces envoyée").wait_for()

    # 4. The company adds it to the same application.
    log_in(page, company_user)
    page.goto(f"/aide-teletravail/demandes/{application.pk}/")
    assert "L'attestation de télétravail signée par l'employeur." in main_text(page)
    attestation = tmp_path / "attestation.pdf"
    attestation.write_bytes(PDF_BYTES)
    page.set_input_files("#file-other", str(attestation))
    page.locator("#file-other").locator("xpath=ancestor::form").get_by_role("button", name="Ajouter la pièce").click()
    page.get_by_text("Pièce ajoutée : attestation.pdf").wait_for()
    page.get_by_role("button", name="Renvoyer la demande complétée").click()
    page.get_by_text("Demande renvoyée à l'équipe").wait_for()

    # 5. Staff grant €2,400; the envelope drops by €2,400; the letter renders.
    log_in(page, staff)
    page.goto(f"/equipe/aides/{application.pk}/")
    assert "attestation.pdf" in main_text(page)
    page.get_by_label("Montant accordé (€)").fill("2400")
    page.get_by_role("button", name="Accorder", exact=True).click()
    page.get_by_text("Aide accordée.").wait_for()
    page.goto("/equipe/aides/")
    assert "30 000 € : 2 400 € engagés, 27 600 € disponibles" in main_text(page)
    page.goto(f"/equipe/aides/{application.pk}/")
    helpers.submit(page, page.get_by_role("link", name="Lettre de décision (imprimable)"))
    letter = main_text(page)
    assert "attribution d'une aide à l'installation d'un télétravailleur" in letter
    assert "une aide de 2 400 € vous est accordée" in letter
    assert "Fromagerie du Gévaudan" in letter
    page.screenshot(path=str(screenshots_dir / "aids-decision-letter.png"), full_page=True)
