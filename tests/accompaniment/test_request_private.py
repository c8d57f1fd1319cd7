"""The person's private page of a request (/accompagnement/suivi/<token>/): what it shows, the confirmation link and
its expiry, replying, withdrawing, erasing at once; unknown or tampered links get a French 404, never a 500."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from solozere.accompaniment.models import Assignment, AssignmentLog, Message, MessageSender, ProjectRequest, RequestLog
from solozere.accompaniment.services import NewRequest, request_create
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.territory.models import Commune
from tests.accompaniment.request_helpers import mail_after_each_post, partner, sent_to, text
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _routing_and_mail(monkeypatch, on_commit):  # type: ignore[no-untyped-def]
    mail_after_each_post(monkeypatch, on_commit)


@pytest.fixture
def saint_alban(territory):  # type: ignore[no-untyped-def]
    return Commune.objects.get(name="Saint-Alban-sur-Limagnole", kind=Commune.Kind.CURRENT)


@pytest.fixture
def partners(saint_alban):  # type: ignore[no-untyped-def]
    whole = partner("Lozère Développement", ["workplace", "partner_employment"], agents=["agent@ld.example"])
    local = partner("Terres d'Apcher", ["moving", "workplace"], communes=[saint_alban], agents=["agent@tam.example"])
    return whole, local


def _new(saint_alban, **overrides) -> NewRequest:  # type: ignore[no-untyped-def]
    values = {
        "requester_kind": "newcomer",
        "name": "Camille Martin",
        "email": "camille@example.org",
        "topics": ("moving", "workplace", "partner_employment"),
        "description": "Nous arrivons de Lyon au printemps.",
        "commune": saint_alban,
        "commune_typed": "Saint-Alban-sur-Limagnole",
    }
    values.update(overrides)
    return NewRequest(**values)


@pytest.fixture
def pending(saint_alban, partners):  # type: ignore[no-untyped-def]
    return request_create(actor=None, data=_new(saint_alban))


@pytest.fixture
def opened(saint_alban, partners):  # type: ignore[no-untyped-def]
    """An open request of a verified account, with one answer of the lead and one internal note."""
    project_request = request_create(actor=UserFactory(email="camille@example.org"), data=_new(saint_alban))
    lead = project_request.assignments.get(is_lead=True)
    Message.objects.create(
        request=project_request,
        sender=MessageSender.AGENT,
        organisation=lead.organisation,
        body="Bonjour, nous vous appelons lundi.",
    )
    Message.objects.create(
        request=project_request,
        sender=MessageSender.AGENT,
        organisation=lead.organisation,
        body="Note interne : dossier déjà connu.",
        internal=True,
    )
    mail.outbox.clear()
    return project_request


def _private(project_request: ProjectRequest) -> str:
    return reverse("accompaniment:private", args=[project_request.token])


# --- Who may see it: whoever holds the link, whatever their role ---------------------------------------------------


@pytest.mark.parametrize("who", [None, "plain_user", "member", "partner_agent", "staff_user"])
def test_whoever_holds_the_link_reads_the_request_and_no_one_else_finds_it(client, opened, who, request) -> None:  # type: ignore[no-untyped-def]
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(_private(opened))
    assert response.status_code == 200
    page = text(response)
    assert opened.reference in page
    assert "Terres d'Apcher" in page and "Lozère Développement" in page
    assert re.search(r"Terres d'Apcher</strong> <span[^>]*>chef de file", page)
    assert "Bonjour, nous vous appelons lundi." in page
    assert "Note interne" not in page
    assert "Retirer ma demande" in page and "Envoyer mon message" in page


@pytest.mark.parametrize(
    "path",
    [
        "/accompagnement/suivi/" + "A" * 43 + "/",
        "/accompagnement/suivi/" + "A" * 43 + "/confirmer/",
        "/accompagnement/suivi/court/",
        "/accompagnement/suivi/" + "A" * 80 + "/",
    ],
)
def test_an_unknown_or_malformed_link_is_a_french_404(client, opened, path) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 404
    page = text(response)
    assert "Ce lien ne mène à aucune demande" in page or "Page introuvable" in page


def test_a_tampered_link_is_a_french_404_for_every_action(client, opened) -> None:  # type: ignore[no-untyped-def]
    tampered = opened.token[:-1] + ("A" if opened.token[-1] != "A" else "B")
    for name in ("accompaniment:private", "accompaniment:confirm"):
        response = client.get(reverse(name, args=[tampered]))
        assert response.status_code == 404
        assert "Ce lien ne mène à aucune demande" in text(response)
    for name in ("accompaniment:reply", "accompaniment:withdraw", "accompaniment:erase"):
        assert client.post(reverse(name, args=[tampered]), {"body": "x"}).status_code == 404
    assert not Message.objects.filter(sender=MessageSender.REQUESTER).exists()
    assert ProjectRequest.objects.get().status == RequestStatus.OPEN


def test_the_actions_only_answer_posts(client, opened) -> None:  # type: ignore[no-untyped-def]
    for name in ("accompaniment:reply", "accompaniment:withdraw", "accompaniment:erase"):
        assert client.get(reverse(name, args=[opened.token])).status_code == 405


# --- Confirmation ---------------------------------------------------------------------------------------------------


def test_a_pending_request_says_to_confirm_and_shows_nobody_yet(client, pending) -> None:  # type: ignore[no-untyped-def]
    page = text(client.get(_private(pending)))
    assert "Votre adresse e-mail reste à confirmer" in page and "Confirmer mon adresse" in page
    assert "Qui a votre demande" not in page and "Envoyer mon message" not in page


def test_an_expired_confirmation_link_is_refused_in_french_and_nothing_is_sent(client, pending) -> None:  # type: ignore[no-untyped-def]
    ProjectRequest.objects.filter(pk=pending.pk).update(created_at=timezone.now() - dt.timedelta(hours=49))
    mail.outbox.clear()
    confirm = reverse("accompaniment:confirm", args=[pending.token])
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 410
        page = text(response)
        assert "Ce lien a expiré" in page and "48 heures" in page and "Déposer une demande" in page
    assert ProjectRequest.objects.get().status == RequestStatus.PENDING
    assert not Assignment.objects.exists() and not mail.outbox
    assert "Lien de confirmation expiré" in text(client.get(_private(pending)))


def test_a_link_confirmed_twice_shows_the_request(client, pending) -> None:  # type: ignore[no-untyped-def]
    confirm = reverse("accompaniment:confirm", args=[pending.token])
    client.post(confirm)
    sent = len(mail.outbox)
    response = client.post(confirm)
    assert response["Location"] == _private(pending)
    assert "Votre adresse est déjà confirmée" in text(client.get(response["Location"]))
    assert Assignment.objects.count() == 2 and len(mail.outbox) == sent


def test_a_request_withdrawn_before_confirmation_cannot_be_confirmed(client, pending) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("accompaniment:withdraw", args=[pending.token]))
    response = client.post(reverse("accompaniment:confirm", args=[pending.token]))
    assert response.status_code == 404
    assert "Cette demande a été retirée" in text(response)
    assert not Assignment.objects.exists()


# --- Replying -------------------------------------------------------------------------------------------------------


def test_the_person_replies_and_each_organisation_s_agents_get_it(client, opened) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("accompaniment:reply", args=[opened.token]), {"body": "Merci, lundi me va."})
    assert response["Location"] == _private(opened)
    message = Message.objects.get(sender=MessageSender.REQUESTER)
    assert message.body == "Merci, lundi me va." and not message.internal
    for address in ("agent@ld.example", "agent@tam.example"):
        [told] = sent_to(address)
        assert opened.reference in told.subject and "Merci, lundi me va." in told.body
    page = text(client.get(_private(opened)))
    assert "Votre message est envoyé" in page and "Merci, lundi me va." in page


def test_an_empty_reply_is_refused_in_french(client, opened) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("accompaniment:reply", args=[opened.token]), {"body": "   "})
    assert response.status_code == 400
    assert "Écrivez votre message." in text(response)
    assert not Message.objects.filter(sender=MessageSender.REQUESTER).exists() and not mail.outbox


def test_a_100000_character_reply_is_refused_and_kept(client, opened) -> None:  # type: ignore[no-untyped-def]
    long = "Encore une précision. " * 4546
    response = client.post(reverse("accompaniment:reply", args=[opened.token]), {"body": long})
    assert response.status_code == 400
    page = text(response)
    assert "Votre message est trop long : 4000 caractères au plus" in page
    assert long.strip() in page
    assert not Message.objects.filter(sender=MessageSender.REQUESTER).exists()


def test_a_stale_reply_comes_back_with_what_was_typed(opened) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accompaniment:reply", args=[opened.token]), {"body": "Ma réponse gardée"})
    assert response.status_code == 403
    page = text(response)
    assert "Ce formulaire était resté ouvert trop longtemps" in page and "Ma réponse gardée" in page
    assert not Message.objects.filter(sender=MessageSender.REQUESTER).exists()


def test_a_pending_or_withdrawn_request_takes_no_reply(client, pending, opened) -> None:  # type: ignore[no-untyped-def]
    for project_request in (pending, opened):
        if project_request is opened:
            client.post(reverse("accompaniment:withdraw", args=[opened.token]))
        response = client.post(reverse("accompaniment:reply", args=[project_request.token]), {"body": "Allô ?"})
        assert response.status_code == 400
        assert "on ne peut plus y écrire" in text(response)
    assert not Message.objects.filter(sender=MessageSender.REQUESTER).exists()


# --- Withdrawing ----------------------------------------------------------------------------------------------------


def test_the_person_withdraws_and_every_organisation_is_told(client, opened) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("accompaniment:withdraw", args=[opened.token]))
    assert response["Location"] == _private(opened)
    opened.refresh_from_db()
    assert opened.status == RequestStatus.WITHDRAWN
    assert set(opened.assignments.values_list("status", flat=True)) == {AssignmentStatus.WITHDRAWN}
    assert all(a.ended_at is not None for a in opened.assignments.all())
    assert RequestLog.objects.filter(request=opened, action="withdraw").count() == 1
    assert AssignmentLog.objects.filter(assignment__request=opened, action="withdraw").count() == 2
    assert sent_to("agent@ld.example") and sent_to("agent@tam.example")
    page = text(client.get(_private(opened)))
    assert "Votre demande est retirée" in page and "Retirer ma demande" not in page
    response = client.post(reverse("accompaniment:withdraw", args=[opened.token]))
    assert "elle ne peut plus être retirée" in text(client.get(response["Location"]))
    assert RequestLog.objects.filter(request=opened, action="withdraw").count() == 1


def test_the_person_has_a_live_request_erased_at_once(client, opened) -> None:  # type: ignore[no-untyped-def]
    token = opened.token
    response = client.post(reverse("accompaniment:erase", args=[token]), follow=True)
    assert "Votre demande est effacée" in text(response)
    opened.refresh_from_db()
    assert opened.status == RequestStatus.WITHDRAWN and opened.purged_at is not None
    assert (opened.name, opened.email, opened.description, opened.user) == ("", "", "", None)
    assert opened.topics and opened.commune is not None  # the statistics keep what names nobody
    assert set(Message.objects.filter(request=opened).values_list("body", flat=True)) == {""}
    assert sent_to("agent@ld.example") and sent_to("agent@tam.example")  # told of the withdrawal
    assert client.get(reverse("accompaniment:private", args=[token])).status_code == 404
    assert client.post(reverse("accompaniment:erase", args=[token])).status_code == 404


def test_a_pending_request_is_erased_too(client, pending) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("accompaniment:erase", args=[pending.token]))
    pending.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN and pending.email == "" and pending.purged_at is not None


def test_the_private_page_reads_a_bounded_number_of_queries(client, opened, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(10):
        Message.objects.create(request=opened, sender=MessageSender.REQUESTER, body=f"Message {n}")
    with django_assert_max_num_queries(4):
        response = client.get(_private(opened))
    assert response.status_code == 200


def test_the_pages_are_valid_html(client, opened, pending, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.html_checker import nu_errors

    responses = {
        "form": client.get("/accompagnement/"),
        "form with errors": client.post(
            "/accompagnement/", {"commune": "48120", "siret": "123", "description": "x" * 4001, "topics": ["lune"]}
        ),
        "form, unknown commune": client.post("/accompagnement/", {"commune": "Tataouine"}),
        "sent": client.get(reverse("accompaniment:sent")),
        "private": client.get(_private(opened)),
        "private, pending": client.get(_private(pending)),
        "private, reply refused": client.post(reverse("accompaniment:reply", args=[opened.token]), {"body": ""}),
        "confirm": client.get(reverse("accompaniment:confirm", args=[pending.token])),
        "unknown link": client.get("/accompagnement/suivi/" + "A" * 43 + "/"),
        "stale form": Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en"}),
    }
    pages = []
    for index, (label, response) in enumerate(responses.items()):
        assert response.status_code in (200, 400, 403, 404), (label, response.status_code)
        path = tmp_path / f"page{index:02d}.html"
        path.write_bytes(response.content)
        pages.append((label, path))
    errors = nu_errors(pages)
    assert errors == [], "\n".join(errors)
