import html
import json
from datetime import timedelta
from unittest.mock import ANY

import pytest
from django.core import mail
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import timezone

from solozere.accompaniment.models import ProjectRequest
from solozere.accounts import personal_data as registry
from solozere.accounts.models import User
from solozere.accounts.personal_data import (
    account_delete,
    explicit_relations,
    personal_data_export,
    user_relations,
)
from solozere.charter.models import PlaceMembership
from solozere.charter.services import charter_load_reference
from solozere.community.consents import ConsentKind
from solozere.community.models import (
    Consent,
    ContactMessage,
    Membership,
    MembershipEvent,
    MembershipPeriod,
    Report,
)
from solozere.community.services import consent_record, membership_decide
from solozere.community.workflow import MembershipAction
from solozere.core.models import AuditLogEntry
from solozere.places.models import CorrectionField, PlaceCorrection
from tests.accounts.factories import PASSWORD, UserFactory
from tests.aids.factories import AidApplicationFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory
from tests.places.factories import PlaceFactory, apply_for, comptoir_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(staff_user):
    """A member with a full history: decisions, consents, messages both ways, a report, an audited change."""
    membership = MembershipFactory(first_name="Maïwenn", last_name="Roux", skills=["Tissage"])
    user = membership.user
    membership_decide(
        membership_id=membership.pk, actor=staff_user, action=MembershipAction.REQUEST_INFO, reason="Maïwenn, précisez."
    )
    membership.state = "submitted"
    membership.save()
    membership_decide(membership_id=membership.pk, actor=staff_user, action=MembershipAction.APPROVE)
    consent_record(user=user, kind=ConsentKind.MEMBERSHIP, granted=True)
    consent_record(user=user, kind=ConsentKind.NEWSLETTER, granted=True)
    other = MembershipFactory(approved=True, listed=True, first_name="Odilon", last_name="Bès")
    ContactMessageFactory(sender=user, recipient=other.user, subject="Aller", body="Message envoyé")
    ContactMessageFactory(sender=other.user, recipient=user, subject="Retour", body="Message reçu")
    ReportFactory(reporter=user, membership=other, details="Signalé par Maïwenn")
    ReportFactory(reporter=other.user, membership=membership, details="Maïwenn Roux est bizarre")
    AuditLogEntry.objects.create(
        actor=user,
        action="update",
        content_type_id=1,
        object_id="1",
        object_repr="Lieu",
        changes={"wifi": ["", "free"]},
    )
    return user


def test_the_export_holds_everything_about_the_person(person):
    data = personal_data_export(user=person)
    assert data["account"]["email"] == person.email
    assert data["account"]["email_addresses"] == [{"email": person.email, "verified": True, "primary": True}]
    membership = data["community"]["membership"]
    assert membership["first_name"] == "Maïwenn" and membership["skills"] == ["Tissage"]
    assert membership["state"] == "approved"
    assert [d["action"] for d in membership["decisions"]] == ["complément demandé", "adhésion validée"]
    assert len(membership["periods"]) == 1
    kinds = {(c["kind"], c["version"]) for c in data["community"]["consents"]}
    assert (ConsentKind.NEWSLETTER, "2026-01") in kinds
    assert all(c["text"] for c in data["community"]["consents"])
    assert [m["body"] for m in data["community"]["messages_sent"]] == ["Message envoyé"]
    assert [m["body"] for m in data["community"]["messages_received"]] == ["Message reçu"]
    assert data["community"]["messages_sent"][0]["to"] == "Odilon Bès"
    assert [r["details"] for r in data["community"]["reports_made"]] == ["Signalé par Maïwenn"]
    assert data["changes_made"][0]["changes"] == {"wifi": ["", "free"]}
    text = json.dumps(data, ensure_ascii=False)
    other_email = ContactMessage.objects.get(sender=person).recipient.email
    assert other_email not in text  # someone else's address never leaks
    assert "md5$" not in text and "password" not in text  # no password hash


def test_every_relation_to_the_user_is_exported():
    relations = {(model._meta.label_lower, name) for model, name in user_relations()}
    stale = {relation for relation in explicit_relations() if relation not in relations}
    assert stale == set(), "the explicit export list names relations that no longer exist"
    # The rest is exported by the generic fallback: prove it with the admin log, which nobody handles explicitly.
    from django.contrib.admin.models import CHANGE, LogEntry

    user = UserFactory()
    LogEntry.objects.create(user=user, action_flag=CHANGE, object_repr="Quelque chose", change_message="[]")
    assert personal_data_export(user=user)["other"]["admin.logentry.user"][0]["object_repr"] == "Quelque chose"


def test_the_export_is_a_json_download(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:personal_data_export"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="solozere-mes-donnees-')
    assert json.loads(response.content)["account"]["email"] == person.email


def test_the_account_page_links_to_export_and_deletion(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:personal_data_export") in page
    assert reverse("accounts:account_delete") in page


def test_deleting_keeps_the_decisions_anonymised_and_removes_the_rest(client, person, staff_user, on_commit):
    membership_pk = person.membership.pk
    email = person.email
    MembershipPeriod.objects.filter(membership_id=membership_pk).update(
        starts_on=timezone.localdate() - timedelta(days=100)
    )
    client.force_login(person)
    with on_commit(execute=True):
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email=email).exists()
    assert not Membership.objects.filter(pk=membership_pk).exists()
    assert not Consent.objects.filter(user_id=person.pk).exists()
    assert not ContactMessage.objects.filter(body__in=["Message envoyé", "Message reçu"]).exists()
    decisions = MembershipEvent.objects.filter(action__in=["request_info", "approve"])
    assert decisions.count() == 2
    for decision in decisions:
        assert decision.membership is None and decision.anonymised
        assert decision.actor == staff_user
        assert "Maïwenn" not in decision.reason
    assert decisions.get(action="request_info").reason == "[anonymisé], précisez."
    period = MembershipPeriod.objects.get(membership__isnull=True)
    assert period.ends_on < timezone.localdate()
    reports = Report.objects.all()
    assert reports.count() == 2
    assert all("Maïwenn" not in r.details and "Maïwenn" not in r.reported_text for r in reports)
    assert reports.filter(reporter__isnull=True).count() == 1
    assert [m.to for m in mail.outbox] == [[email]]
    assert "supprimé" in mail.outbox[0].subject
    # Logged out.
    assert client.get(reverse("community:my_membership")).status_code == 302


def test_the_audit_log_forgets_the_deleted_membership(person, staff_user):
    membership = person.membership
    from solozere.core.audit import log_change

    log_change(actor=staff_user, obj=membership, action="update", changes={"occupation": ["Maïwenn", "x"]})
    account_delete(user=person)
    entry = AuditLogEntry.objects.get(object_id=str(membership.pk), actor=staff_user)
    assert entry.object_repr == "[anonymisé]" and entry.changes == {}


def test_deleting_a_staff_account_keeps_their_decisions_without_them(staff_user):
    membership = MembershipFactory()
    membership_decide(membership_id=membership.pk, actor=staff_user, action=MembershipAction.APPROVE)
    account_delete(user=staff_user)
    event = MembershipEvent.objects.get(membership=membership)
    assert event.actor is None and event.action == "approve"


def test_a_protected_record_stops_the_deletion_with_a_french_message(client, monkeypatch):
    user = UserFactory()

    def refuse(self, *args, **kwargs):
        raise ProtectedError("protected", {MembershipFactory()})

    monkeypatch.setattr(User, "delete", refuse)
    client.force_login(user)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Écrivez-nous pour le supprimer" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_forgets_the_finished_mail_tasks_to_that_address():
    from django_tasks_db.models import DBTaskResult

    user = UserFactory()
    common = {
        "task_path": "solozere.core.mail.send_email_task",
        "backend_name": "default",
        "run_after": timezone.now(),
        "finished_at": timezone.now(),
    }
    DBTaskResult.objects.create(status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {"to": [user.email]}}, **common)
    DBTaskResult.objects.create(status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {"to": ["x@y.fr"]}}, **common)
    account_delete(user=user)
    assert list(DBTaskResult.objects.values_list("args_kwargs__kwargs__to", flat=True)) == [["x@y.fr"]]


def test_the_privacy_page_says_what_is_collected_why_and_for_how_long(client):
    page = client.get(reverse("pages:privacy")).content.decode()
    assert "Adhésion et communauté des télétravailleurs" in page
    assert "un an après sa fin" in page
    assert "&lt; 5" in page
    assert reverse("accounts:personal_data") in page


def test_account_deletion_needs_the_right_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:account_delete"), {"password": "pas le bon"})
    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    response = client.post(reverse("accounts:account_delete"), {})
    assert "Ce champ est obligatoire." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_account_deletion_without_a_password_asks_for_a_typed_confirmation(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post(reverse("accounts:account_delete"), {"confirmation": "oui"})
    assert "Tapez SUPPRIMER en majuscules pour confirmer." in response.content.decode()
    assert 'value="oui"' in response.content.decode()
    response = client.post(reverse("accounts:account_delete"), {"confirmation": "SUPPRIMER"})
    assert response.status_code == 302


def test_password_is_never_echoed(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post(reverse("accounts:account_delete"), {"password": PASSWORD + "x"}).content.decode()
    assert PASSWORD not in page


# The account's page, for everyone signed in ---------------------------------------------------------------------

PERSONAL_DATA_URLS = ["accounts:personal_data", "accounts:personal_data_export", "accounts:account_delete"]


@pytest.mark.parametrize("name", PERSONAL_DATA_URLS)
def test_a_visitor_is_asked_to_log_in(visitor, name):
    response = visitor.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


@pytest.mark.parametrize("persona", ["plain_user", "member", "company_representative", "staff_user"])
@pytest.mark.parametrize("name", PERSONAL_DATA_URLS)
def test_every_signed_in_person_reaches_their_data_whatever_their_roles(client, request, persona, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 200


def test_the_page_lists_what_each_app_holds_and_why(client, plain_user):
    client.force_login(plain_user)
    page = html.unescape(client.get(reverse("accounts:personal_data")).content.decode())
    for source in registry.sources():
        assert str(source.label) in page
    assert "Adhésion et communauté des télétravailleurs" in page
    assert "Demandes d'aide" in page
    assert "Lieux" in page
    assert "Adhésions des lieux à la charte" in page
    assert reverse("accounts:personal_data_export") in page
    assert reverse("accounts:account_delete") in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/communaute/mes-donnees/", "/compte/mes-donnees/"),
        ("/communaute/mes-donnees/export/", "/compte/mes-donnees/export/"),
        ("/communaute/mes-donnees/supprimer/", "/compte/mes-donnees/supprimer/"),
    ],
)
def test_the_old_community_addresses_redirect_for_good(client, plain_user, old, new):
    client.force_login(plain_user)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


# Someone who never joined the community ------------------------------------------------------------------------


def test_the_export_of_someone_who_never_joined_the_community(client, plain_user):
    client.force_login(plain_user)
    data = json.loads(client.get(reverse("accounts:personal_data_export")).content)
    assert data["account"]["email"] == "visiteur@example.org"
    assert data["community"]["membership"] is None
    assert data["community"]["messages_sent"] == []
    assert data["aids"]["applications_submitted"] == []
    assert data["places"]["managed_places"] == []


def test_someone_who_never_joined_the_community_can_delete_their_account(client, plain_user, on_commit):
    client.force_login(plain_user)
    with on_commit(execute=True):
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=plain_user.pk).exists()
    assert [m.to for m in mail.outbox] == [["visiteur@example.org"]]


# Each app's part --------------------------------------------------------------------------------------------------


@pytest.fixture
def busy_person(territory, staff_user):
    """A member who manages a place, applied to the charter for it, proposed a correction and asked for an aid."""
    user = MembershipFactory(approved=True, first_name="Maïwenn", last_name="Roux").user
    charter_load_reference()
    place = comptoir_ready(name="Comptoir de Javols")
    place.managers.add(user)
    apply_for(place, user)
    PlaceCorrection.objects.create(
        place=PlaceFactory(name="Télécentre de Mende"),
        field=CorrectionField.PHONE,
        proposed_value="04 66 11 22 33",
        reason="Le numéro a changé.",
        email=user.email,
        submitted_by=user,
    )
    AidApplicationFactory(created_by=user, submitted=True)
    return user


def test_each_app_s_data_appears_in_the_export(busy_person):
    from solozere.accounts.models import FeedToken

    FeedToken.objects.create(user=busy_person, purpose="bookings", selector="selecteur", secret="secret-du-lien")
    accompaniment_request = ProjectRequest.objects.create(
        user=busy_person,
        requester_kind="teleworker",
        name="Maïwenn Roux",
        email=busy_person.email,
        topics=["workplace"],
        description="Un poste à Javols.",
        consented_at=timezone.now(),
    )
    data = personal_data_export(user=busy_person)
    assert [row["reference"] for row in data["accompaniment"]["requests"]] == [accompaniment_request.reference]
    assert [feed["agenda"] for feed in data["calendar_feeds"]] == ["bookings"]
    assert "secret-du-lien" not in str(data)
    assert data["community"]["membership"]["first_name"] == "Maïwenn"
    assert data["places"]["managed_places"] == ["Comptoir de Javols"]
    assert [a["place"] for a in data["charter"]["adhesions_submitted"]] == ["Comptoir de Javols"]
    assert [c["proposed_value"] for c in data["places"]["corrections_proposed"]] == ["04 66 11 22 33"]
    [application] = data["aids"]["applications_submitted"]
    assert application["submitted_at"] is not None
    assert data["aids"]["companies_represented"] == [{"name": application["company"], "siret": ANY}]
    # What an app exports itself is not repeated by the generic fallback.
    assert not any(key.startswith(("places.place.", "aids.aidapplication.created_by")) for key in data["other"])


def test_aid_records_stop_the_deletion_with_the_reason(client, busy_person):
    client.force_login(busy_person)
    page = client.get(reverse("accounts:personal_data")).content.decode()
    assert "dossiers de financement public" in page
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "dossiers de financement public" in response.content.decode()
    assert User.objects.filter(pk=busy_person.pk).exists()
    assert Membership.objects.filter(user=busy_person).exists()  # nothing was anonymised either


def test_deleting_keeps_the_places_history_without_the_person(busy_person):
    busy_person.aid_applications.all().delete()
    busy_person.aid_companies.clear()
    account_delete(user=busy_person)
    membership = PlaceMembership.objects.get(place__name="Comptoir de Javols")
    assert membership.applicant is None
    correction = PlaceCorrection.objects.get()
    assert correction.submitted_by is None and correction.email == ""


def test_an_app_registers_its_data_and_may_refuse_the_deletion(client, plain_user):
    calls = []
    registry.register_personal_data(
        "bookings",
        label="Réservations",
        why="Pour garder votre poste.",
        export=lambda user: {"bookings": [user.email]},
        anonymise=lambda *, user, today: calls.append(user.pk),
        blocks_deletion=lambda user: "Une réservation est en cours." if not calls else None,
    )
    try:
        assert personal_data_export(user=plain_user)["bookings"] == {"bookings": ["visiteur@example.org"]}
        client.force_login(plain_user)
        assert "Pour garder votre poste." in client.get(reverse("accounts:personal_data")).content.decode()
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
        assert "Une réservation est en cours." in response.content.decode()
        assert calls == [] and User.objects.filter(pk=plain_user.pk).exists()
        calls.append(0)  # the booking ended
        account_delete(user=plain_user)
        assert calls == [0, plain_user.pk]
        assert not User.objects.filter(pk=plain_user.pk).exists()
    finally:
        registry.unregister_personal_data("bookings")
