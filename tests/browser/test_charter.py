"""The charter in Chromium: a place manager applies with the charter, staff approve, the label appears on the place
page; then a criterion breaks (the manager sets the Wi-Fi paid) and the label is suspended."""

import pytest
from django.conf import settings
from django.core import mail

from solozere.charter.services import charter_load_reference
from solozere.charter.workflow import MembershipStatus
from solozere.places.models import NetworkStatus
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, log_out, submit
from tests.places.factories import comptoir_ready, member_place, tiny_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, territory):  # type: ignore[no-untyped-def]
    charter_load_reference()
    return {
        "manager": UserFactory(email="gerante@example.org", first_name="Élise", last_name="Rouvière"),
        "staff": UserFactory(staff=True, email="equipe@solozere.fr"),
    }


def test_a_manager_applies_staff_approve_and_the_label_appears(page, people, tmp_path, screenshots_dir):
    manager, staff = people["manager"], people["staff"]
    place = comptoir_ready(name="Comptoir de Sainte-Enimie")
    place.managers.add(manager)
    photo = tmp_path / "espace-teletravail.jpg"
    photo.write_bytes(tiny_jpeg())

    # The manager finds their page from the place page and applies.
    log_in(page, manager.email)
    page.goto(place.get_absolute_url())
    page.get_by_role("link", name="Gérer ce lieu").click()
    page.get_by_role("link", name="Demander l'adhésion à la charte").click()
    page.get_by_text("Lire le texte de la charte (version 1)").click()
    assert page.get_by_text("En adhérant à cette charte").is_visible()
    page.get_by_label("Horaires (syntaxe OpenStreetMap)").fill("Mo-Fr 09:00-18:00; PH off")
    explanations = page.get_by_label("Explication")
    explanations.nth(0).fill("Tout le monde est accueilli, l'affiche est sur la porte.")
    explanations.nth(1).fill("On entre sans réservation aux heures d'ouverture.")
    explanations.nth(2).fill("Le code Wi-Fi est affiché à l'accueil, gratuit.")
    page.get_by_label("Photo (JPEG, PNG ou WebP)").set_input_files(str(photo))
    page.get_by_label("J'ai lu la Charte qualité des lieux SoLozère, version 1").check()
    page.get_by_role("button", name="Envoyer la demande d'adhésion").click()
    page.get_by_text("Votre demande d'adhésion est envoyée").wait_for()
    assert "En attente d'examen" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshots_dir / "charter-applied.png"), full_page=True)
    log_out(page)

    # Staff review each criterion and approve.
    log_in(page, staff.email)
    page.goto("/equipe/charte/adhesions/")
    submit(page, page.get_by_role("link", name="Comptoir de Sainte-Enimie"))
    # `submit` waits for the review page: `.all()` does not wait, and would otherwise read the queue page.
    for verdict in page.get_by_label("conforme", exact=True).all():
        verdict.check()
    page.get_by_role("link", name="Voir la photo").first.wait_for()
    page.get_by_role("button", name="Valider l'adhésion").click()
    page.get_by_text("Décision enregistrée").wait_for()

    # The label is on the place page, with the charter's version, and the status history has its row.
    page.goto(place.get_absolute_url())
    label = page.locator(".charter-label")
    assert "Membre du réseau" in label.inner_text()
    assert "Charte qualité des lieux SoLozère, version 1" in label.inner_text()
    assert (
        "Membre du réseau : Charte qualité des lieux SoLozère, version 1"
        in page.locator(".status-history").inner_text()
    )
    page.screenshot(path=str(screenshots_dir / "charter-label.png"), full_page=True)
    place.refresh_from_db()
    assert place.status == NetworkStatus.MEMBER


def test_wifi_set_paid_suspends_the_label_and_tells_manager_and_staff(page, people, screenshots_dir):
    manager, staff = people["manager"], people["staff"]
    place = member_place(manager, staff, name="Comptoir de Nasbinals")
    mail.outbox.clear()

    log_in(page, manager.email)
    page.goto(place.get_absolute_url())
    assert "Membre du réseau" in page.locator(".charter-label").inner_text()
    page.get_by_role("link", name="Gérer ce lieu").click()
    page.get_by_role("link", name="Modifier la fiche").click()
    page.locator("#id_wifi").select_option("paid")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Enregistrer la fiche").press("Enter")
    page.get_by_text("le label du lieu est suspendu").wait_for()

    page.goto(place.get_absolute_url())
    label = page.locator(".charter-label")
    assert "Label suspendu" in label.inner_text()
    assert "Le Wi-Fi est payant." in label.inner_text()
    page.screenshot(path=str(screenshots_dir / "charter-suspended.png"), full_page=True)
    place.refresh_from_db()
    assert place.status == NetworkStatus.SUSPENDED
    assert place.memberships.get().status == MembershipStatus.SUSPENDED
    recipients = sorted(m.to[0] for m in mail.outbox if "Label suspendu" in m.subject)
    assert recipients == sorted([manager.email, settings.CONTACT_EMAIL])


def test_a_visitor_signals_a_correction_from_the_place_page(page, people):
    place = comptoir_ready(name="Comptoir du Pont-de-Montvert")

    page.goto(place.get_absolute_url())
    page.get_by_role("link", name="Signaler une correction").click()
    page.get_by_label("Qu'est-ce qui est inexact ?").select_option("opening_hours")
    page.get_by_label("Information correcte").fill("Fermé le lundi")
    page.get_by_role("button", name="Envoyer la proposition").click()
    # Nothing lost: the reason is asked for, what was typed is still there.
    page.get_by_text("Dites-nous pourquoi, en quelques mots.").first.wait_for()
    assert page.get_by_label("Information correcte").input_value() == "Fermé le lundi"
    page.get_by_label("Pourquoi ? Comment le savez-vous ?").fill("Affiche sur la porte.")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.get_by_text("votre proposition est transmise").wait_for()
    assert place.corrections.get().proposed_value == "Fermé le lundi"
