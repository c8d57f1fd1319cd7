import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import timezone

from solozere.accounts.models import User
from solozere.community.consents import ConsentKind
from solozere.community.models import (
    Consent,
    ContactMessage,
    Membership,
    MembershipEvent,
    MembershipPeriod,
    Report,
)
from solozere.community.services import (
    _EXPLICIT_RELATIONS,
    _user_relations,
    account_delete,
    consent_record,
    membership_decide,
    personal_data_export,
)
from solozere.community.workflow import MembershipAction
from solozere.core.models import AuditLogEntry
from tests.accounts.factories import PASSWORD, UserFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory

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
    membership = data["membership"]
    assert membership["first_name"] == "Maïwenn" and membership["skills"] == ["Tissage"]
    assert membership["state"] == "approved"
    assert [d["action"] for d in membership["decisions"]] == ["complément demandé", "adhésion validée"]
    assert len(membership["periods"]) == 1
    kinds = {(c["kind"], c["version"]) for c in data["consents"]}
    assert (ConsentKind.NEWSLETTER, "2026-01") in kinds
    assert all(c["text"] for c in data["consents"])
    assert [m["body"] for m in data["messages_sent"]] == ["Message envoyé"]
    assert [m["body"] for m in data["messages_received"]] == ["Message reçu"]
    assert data["messages_sent"][0]["to"] == "Odilon Bès"
    assert [r["details"] for r in data["reports_made"]] == ["Signalé par Maïwenn"]
    assert data["changes_made"][0]["changes"] == {"wifi": ["", "free"]}
    text = json.dumps(data, ensure_ascii=False)
    other_email = ContactMessage.objects.get(sender=person).recipient.email
    assert other_email not in text  # someone else's address never leaks
    assert "md5$" not in text and "password" not in text  # no password hash


def test_every_relation_to_the_user_is_exported():
    relations = {(model._meta.label_lower, name) for model, name in _user_relations()}
    stale = {relation for relation in _EXPLICIT_RELATIONS if relation not in relations}
    assert stale == set(), "the explicit export list names relations that no longer exist"
    # The rest is exported by the generic fallback: prove it with the admin log, which nobody handles explicitly.
    from django.contrib.admin.models import CHANGE, LogEntry

    user = UserFactory()
    LogEntry.objects.create(user=user, action_flag=CHANGE, object_repr="Quelque chose", change_message="[]")
    assert personal_data_export(user=user)["other"]["admin.logentry.user"][0]["object_repr"] == "Quelque chose"


def test_the_export_is_a_json_download(client, person):
    client.force_login(person)
    response = client.get(reverse("community:my_data_export"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="solozere-mes-donnees-')
    assert json.loads(response.content)["account"]["email"] == person.email


def test_the_account_page_links_to_export_and_deletion(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("community:my_data_export") in page
    assert reverse("community:account_delete") in page


def test_deleting_keeps_the_decisions_anonymised_and_removes_the_rest(client, person, staff_user, on_commit):
    membership_pk = person.membership.pk
    email = person.email
    MembershipPeriod.objects.filter(membership_id=membership_pk).update(
        starts_on=timezone.localdate() - timedelta(days=100)
    )
    client.force_login(person)
    with on_commit(execute=True):
        response = client.post(reverse("community:account_delete"), {"password": PASSWORD})
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
    response = client.post(reverse("community:account_delete"), {"password": PASSWORD})
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
    page = client.get(reverse("core:privacy")).content.decode()
    assert "Adhésion et communauté des télétravailleurs" in page
    assert "un an après sa fin" in page
    assert "&lt; 5" in page
    assert reverse("community:my_data") in page


class TestRetention:
    def test_the_purge_is_a_dry_run_by_default_and_applies_the_stated_periods(self):
        today = timezone.localdate()
        now = timezone.now()
        old_refusal = MembershipFactory(refused=True, decided_at=now - timedelta(days=200))
        MembershipFactory(refused=True, decided_at=now - timedelta(days=30))
        long_lapsed = MembershipFactory(lapsed=True)
        long_lapsed.valid_until = today - timedelta(days=400)
        long_lapsed.save()
        MembershipPeriod.objects.filter(membership=long_lapsed).update(
            starts_on=today - timedelta(days=764), ends_on=today - timedelta(days=400)
        )
        MembershipFactory(lapsed=True)  # ended yesterday: kept
        ContactMessageFactory(created_at=now - timedelta(days=400))
        ContactMessageFactory()
        out = StringIO()
        call_command("purge_community_data", stdout=out)
        assert "(essai) demandes refusées : 1, adhésions échues : 1, messages : 1" in out.getvalue()
        assert Membership.objects.count() == 4
        call_command("purge_community_data", "--apply", stdout=StringIO())
        assert not Membership.objects.filter(pk__in=[old_refusal.pk, long_lapsed.pk]).exists()
        assert Membership.objects.count() == 2
        assert ContactMessage.objects.count() == 1
        assert MembershipPeriod.objects.filter(membership__isnull=True).count() == 1  # the growth chart's past
        assert User.objects.filter(pk=old_refusal.user_id).exists()  # the account itself stays
