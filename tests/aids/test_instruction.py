"""The staff side: queue, assignment, request for documents, decision, payment, letter, messages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from solozere.aids import services
from solozere.aids.models import ApplicationDocument
from solozere.aids.workflow import Status
from solozere.core.models import AuditLogEntry
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, pdf

pytestmark = pytest.mark.django_db


def plain(response):
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_the_queue_lists_submitted_applications_not_drafts(staff_client, submitted, telework_scheme):
    draft = services.application_save_draft(
        user=UserFactory(),
        scheme=telework_scheme,
        data=draft_data(telework_scheme, siret="44306184100047", first_name="Léa"),
    )
    html = plain(staff_client.get("/equipe/aides/"))
    assert submitted.reference in html
    assert draft.reference not in html
    assert "30 000 € : 0 € engagés, 30 000 € disponibles" in html


def test_the_queue_filters(staff_client, submitted, staff_user):
    assert submitted.reference in plain(staff_client.get("/equipe/aides/?status=open"))
    assert submitted.reference not in plain(staff_client.get("/equipe/aides/?status=accepted"))
    assert submitted.reference in plain(staff_client.get("/equipe/aides/?assigned=none"))
    assert submitted.reference not in plain(staff_client.get("/equipe/aides/?assigned=me"))
    assert submitted.reference in plain(staff_client.get("/equipe/aides/?q=Fromagerie"))
    assert submitted.reference in plain(staff_client.get(f"/equipe/aides/?q={submitted.reference}"))
    assert submitted.reference in plain(staff_client.get("/equipe/aides/?q=Javols"))
    assert submitted.reference not in plain(staff_client.get("/equipe/aides/?q=Mende"))
    # Nonsense filters are ignored, never a 500.
    assert staff_client.get("/equipe/aides/?status=zzz&scheme=abc&assigned=x&page=999").status_code == 200


def test_the_queue_costs_the_same_whatever_the_number_of_applications(
    staff_client, submitted, telework_scheme, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.aids.factories import AidApplicationFactory

    with CaptureQueriesContext(connection) as few:
        staff_client.get("/equipe/aides/")
    AidApplicationFactory.create_batch(15, scheme=telework_scheme, submitted=True)
    with django_assert_num_queries(len(few.captured_queries)):
        response = staff_client.get("/equipe/aides/")
    assert response.status_code == 200
    assert response.content.decode().count("/equipe/aides/") > 15


def test_assignment_from_the_queue(staff_client, submitted, staff_user):
    response = staff_client.post(
        f"/equipe/aides/{submitted.pk}/attribuer/", {"assignee": staff_user.pk, "next": "queue"}
    )
    assert response.status_code == 302 and response["Location"] == "/equipe/aides/"
    submitted.refresh_from_db()
    assert submitted.assigned_to == staff_user
    assert AuditLogEntry.objects.filter(object_id=str(submitted.pk), changes__has_key="assigned_to").exists()


def test_an_application_cannot_be_assigned_to_a_non_staff_person(staff_client, submitted, applicant):
    response = staff_client.post(f"/equipe/aides/{submitted.pk}/attribuer/", {"assignee": applicant.pk})
    assert response.status_code == 400
    assert "membre de l'équipe" in plain(response)


def test_the_staff_page_shows_every_piece(staff_client, submitted):
    html = plain(staff_client.get(f"/equipe/aides/{submitted.pk}/"))
    assert "Fromagerie du Gévaudan" in html and "73282932000074" in html
    assert "Camille Martin" in html and "Javols (Peyre en Aubrac)" in html
    assert "Ordinateur portable" in html and "facture-edf.pdf" in html
    assert "Accorder l'aide" in html and "Demander des pièces" in html
    assert "Notes internes" in html


def test_a_private_annotation_is_never_shown_to_the_applicant(client, staff_client, submitted, applicant, staff_user):
    staff_client.post(f"/equipe/aides/{submitted.pk}/notes/", {"body": "Vérifier le Kbis, doute sur l'adresse"})
    assert "doute sur l'adresse" in plain(staff_client.get(f"/equipe/aides/{submitted.pk}/"))
    client.force_login(applicant)
    assert "doute sur l'adresse" not in plain(client.get(submitted.get_absolute_url()))


def test_the_full_instruction_path(client, submitted, applicant, staff_user, django_capture_on_commit_callbacks):
    """Request a missing document, the company adds it, staff grants, then records the payment."""
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/equipe/aides/{submitted.pk}/instruire/")
        response = client.post(
            f"/equipe/aides/{submitted.pk}/pieces-demandees/",
            {"message": "Merci d'ajouter l'attestation de l'employeur."},
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.AWAITING_DOCUMENTS and submitted.assigned_to == staff_user
    assert any("en cours d'instruction" in m.subject for m in mail.outbox)
    [request_mail] = [m for m in mail.outbox if "Pièces demandées" in m.subject]
    assert request_mail.to == ["representant@entreprise.example"]
    assert "attestation de l'employeur" in request_mail.body
    assert f"/aide-teletravail/demandes/{submitted.pk}/" in request_mail.body

    # The company completes the same application.
    client.force_login(applicant)
    html = plain(client.get(submitted.get_absolute_url()))
    assert "Pièces demandées par l'équipe" in html and "attestation de l'employeur" in html
    response = client.post(f"/aide-teletravail/demandes/{submitted.pk}/completer/")
    assert "Ajoutez au moins une pièce" in plain(client.get(submitted.get_absolute_url()))
    client.post(f"/aide-teletravail/demandes/{submitted.pk}/pieces/", {"kind": "other", "file": pdf("attestation.pdf")})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aide-teletravail/demandes/{submitted.pk}/completer/")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.UNDER_REVIEW
    assert submitted.document_requests.get().fulfilled_at is not None
    assert ApplicationDocument.objects.filter(application=submitted, document_request__isnull=False).count() == 1
    assert any(m.to == ["instructrice@solozere.fr"] and "complétée" in m.subject for m in mail.outbox)

    # Staff grants 2 400 €.
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/equipe/aides/{submitted.pk}/accorder/", {"amount": "2 400", "motive": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED and submitted.granted_amount == Decimal("2400")
    assert submitted.decided_by == staff_user
    assert any(
        "Aide accordée" in m.subject and "2 400" in m.body.replace("\xa0", " ").replace("\u202f", " ")
        for m in mail.outbox
    )
    assert "30 000 € : 2 400 € engagés, 27 600 € disponibles" in plain(client.get("/equipe/aides/"))

    # The letter renders for the company.
    client.force_login(applicant)
    letter = plain(client.get(f"/aide-teletravail/demandes/{submitted.pk}/lettre-de-decision/"))
    assert "attribution d'une aide" in letter and "<strong>2 400 €</strong>" in letter
    assert "Convention de revitalisation du bassin du Malzieu-Ville" in letter

    # Payment.
    client.force_login(staff_user)
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/equipe/aides/{submitted.pk}/versement/", {"paid_on": today, "amount": "2400"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PAID and submitted.paid_amount == Decimal("2400")
    assert "2 400 € versés" in plain(client.get("/equipe/aides/"))

    # Every transition is logged: who, when, from, to, why.
    rows = list(submitted.transitions.values_list("from_state", "to_state", "actor__email"))
    assert rows == [
        ("draft", "submitted", "representant@entreprise.example"),
        ("submitted", "under_review", "instructrice@solozere.fr"),
        ("under_review", "awaiting_documents", "instructrice@solozere.fr"),
        ("awaiting_documents", "under_review", "representant@entreprise.example"),
        ("under_review", "accepted", "instructrice@solozere.fr"),
        ("accepted", "paid", "instructrice@solozere.fr"),
    ]
    assert (
        submitted.transitions.get(to_state="awaiting_documents").reason
        == "Merci d'ajouter l'attestation de l'employeur."
    )
    # Logged once, in the transition log: the audit log records field edits, not transitions.
    assert not AuditLogEntry.objects.filter(action="transition", object_id=str(submitted.pk)).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("3500", "dépasse le plafond"),
        ("2500", "dépasse le total des dépenses éligibles"),  # 1 500 HT + 900 TTC = 2 400
        ("-5", "supérieur à zéro"),
        ("abc", "nombre d'euros"),
    ],
)
def test_a_grant_above_the_ceiling_or_the_expenses_is_refused_and_the_amount_kept(
    staff_client, submitted, amount, message
):
    response = staff_client.post(
        f"/equipe/aides/{submitted.pk}/accorder/", {"amount": amount, "motive": "Mon commentaire"}
    )
    assert response.status_code == 400
    html = plain(response)
    assert message in html
    assert f'value="{amount}"' in html and "Mon commentaire" in html
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_no_grant_while_the_envelope_is_not_fixed(staff_client, submitted, telework_scheme):
    telework_scheme.budget_envelope = None
    telework_scheme.save()
    response = staff_client.post(f"/equipe/aides/{submitted.pk}/accorder/", {"amount": "2000"})
    assert response.status_code == 400
    assert "pas encore fixée" in plain(response)


def test_a_refusal_needs_a_motive_and_goes_into_the_letter(
    client, staff_client, submitted, applicant, django_capture_on_commit_callbacks
):
    response = staff_client.post(f"/equipe/aides/{submitted.pk}/refuser/", {"motive": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/equipe/aides/{submitted.pk}/refuser/", {"motive": "Le poste n'est pas un télétravail."})
    submitted.refresh_from_db()
    assert submitted.status == Status.REFUSED
    assert any("Aide refusée" in m.subject for m in mail.outbox)
    client.force_login(applicant)
    letter = plain(client.get(f"/aide-teletravail/demandes/{submitted.pk}/lettre-de-decision/"))
    assert "refus d'une aide" in letter and "Le poste n'est pas un télétravail." in letter


def test_a_payment_above_the_grant_or_in_the_future_is_refused(staff_client, submitted, staff_user):
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2000"))
    url = f"/equipe/aides/{submitted.pk}/versement/"
    response = staff_client.post(url, {"paid_on": timezone.localdate().isoformat(), "amount": "2500"})
    assert response.status_code == 400 and "ne peut pas dépasser le montant accordé" in plain(response)
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = staff_client.post(url, {"paid_on": tomorrow, "amount": "2000"})
    assert response.status_code == 400 and "dans le futur" in plain(response)
    response = staff_client.post(url, {"paid_on": "pas une date", "amount": "2000"})
    assert response.status_code == 400 and "date valide" in plain(response)


def test_an_action_not_allowed_in_the_current_state_is_explained(staff_client, submitted, staff_user):
    services.application_refuse(actor=staff_user, application=submitted, motive="Non")
    response = staff_client.post(f"/equipe/aides/{submitted.pk}/accorder/", {"amount": "100"})
    assert response.status_code == 400
    assert "impossible : la demande est « refusée »" in plain(response)


def test_messages_go_both_ways_with_an_email(
    client, submitted, applicant, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aide-teletravail/demandes/{submitted.pk}/messages/", {"body": "Quand aurons-nous une réponse ?"})
    client.force_login(staff_user)
    html = plain(client.get(f"/equipe/aides/{submitted.pk}/"))
    assert "Quand aurons-nous une réponse ?" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/equipe/aides/{submitted.pk}/messages/", {"body": "Sous quinze jours."})
    client.force_login(applicant)
    assert "Sous quinze jours." in plain(client.get(submitted.get_absolute_url()))
    subjects = [m.subject for m in mail.outbox]
    assert any("Nouveau message de l'entreprise" in s for s in subjects)
    assert any("Nouveau message de l'équipe" in s for s in subjects)


def test_an_empty_message_is_refused(client, submitted, applicant):
    client.force_login(applicant)
    response = client.post(f"/aide-teletravail/demandes/{submitted.pk}/messages/", {"body": "   "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in plain(response)


def test_a_draft_cannot_receive_messages(draft, applicant):
    with pytest.raises(services.ServiceError, match="Déposez la demande"):
        services.message_post(user=applicant, application=draft, body="Bonjour")
