from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from solozere.accounts.roles import Role, has_role
from solozere.community.consents import ConsentKind, current_text
from solozere.community.forms import MEMBERSHIP_STEPS
from solozere.community.models import Consent, Membership, MembershipEvent, MembershipPeriod
from solozere.community.services import (
    CommunityError,
    consent_record,
    membership_decide,
    membership_renew,
)
from solozere.community.workflow import MembershipAction, MembershipState
from solozere.core.dates import one_year_from
from solozere.core.models import AuditLogEntry
from tests.accounts.factories import UserFactory
from tests.community.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def membership_post(**overrides):
    data = {
        "first_name": "Lucie",
        "last_name": "Vidal",
        "commune": "Javols",
        "status": "employee",
        "employer_location": "69",
        "occupation": "Comptable",
        "sector": "consulting",
        "telework_frequency": "most_days",
        "telework_places": ["home", "tiers_lieu"],
        "skills": "Comptabilité, paie, Excel",
        "interests": "randonnée, chorale",
        "bio": "Installée à Javols depuis 2024.",
        "expectations": "Trouver un bureau partagé.",
        "consent_membership": "on",
        "consent_directory": "on",
        **{
            f"visibility_{name}": "members"
            for name in ("name", "commune", "status", "occupation", "sector", "skills", "interests", "bio")
        },
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_steps(client, data):
    """Post the membership form step by step, as a person does; the first refused step (200) or the last answer."""
    for step in MEMBERSHIP_STEPS:
        values = {name: value for name, value in data.items() if name in step.fields}
        response = client.post(reverse("community:apply_step", args=[step.slug]), {**values, "go": "next"})
        if response.status_code != 302:
            return response
    return response


def test_a_person_applies_naming_the_old_commune_and_everyone_is_told(territory, client, on_commit):
    user = UserFactory()
    client.force_login(user)
    with on_commit(execute=True):
        response = post_steps(client, membership_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=user)
    assert membership.state == MembershipState.SUBMITTED
    assert membership.commune.name == "Javols"
    assert membership.commune.current.name == "Peyre en Aubrac"
    assert sorted(tag.name for tag in membership.skills.all()) == ["Comptabilité", "Excel", "paie"]
    assert membership.listed_in_directory
    consents = {c.kind: c for c in Consent.objects.filter(user=user)}
    assert consents[ConsentKind.MEMBERSHIP].granted
    assert consents[ConsentKind.MEMBERSHIP].version == current_text(ConsentKind.MEMBERSHIP).version
    assert consents[ConsentKind.DIRECTORY].granted
    assert not consents[ConsentKind.NEWSLETTER].granted
    assert MembershipEvent.objects.get(membership=membership).action == MembershipAction.SUBMIT
    recipients = sorted(to for message in mail.outbox for to in message.to)
    assert recipients == sorted([user.email, "contact@solozere.fr"])
    assert "/equipe/communaute/adhesions/" in next(m.body for m in mail.outbox if "contact@" in m.to[0])
    assert not has_role(user, Role.MEMBER)


def test_a_postal_code_shared_by_several_communes_asks_which_one(territory, client):
    client.force_login(UserFactory())
    response = post_steps(client, membership_post(commune="48200"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "correspond à plusieurs communes" in page
    assert 'name="commune_choice"' in page
    assert 'value="48200"' in page  # what was typed is kept
    form = response.context["form"]
    chely = next(pk for pk, label in form.fields["commune_choice"].choices if label.startswith("Saint-Chély"))
    response = post_steps(client, membership_post(commune="48200", commune_choice=chely))
    assert response.status_code == 302
    assert Membership.objects.get().commune.name == "Saint-Chély-d'Apcher"


def test_someone_living_outside_lozere_may_apply(client):
    client.force_login(UserFactory())
    response = post_steps(
        client, membership_post(commune="", lives_outside_lozere="on", outside_place="Saint-Flour (15)")
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.commune is None and membership.outside_place == "Saint-Flour (15)"


def test_staff_approval_starts_a_year_of_membership_and_welcomes_the_member(staff_user, on_commit):
    membership = MembershipFactory()
    with on_commit(execute=True):
        membership_decide(membership_id=membership.pk, actor=staff_user, action=MembershipAction.APPROVE)
    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.state == MembershipState.APPROVED
    assert membership.valid_until == one_year_from(today)
    assert MembershipPeriod.objects.get(membership=membership).starts_on == today
    assert has_role(membership.user, Role.MEMBER)
    assert [m.to for m in mail.outbox] == [[membership.user.email]]
    assert "Bienvenue" in mail.outbox[0].subject
    event = MembershipEvent.objects.get(membership=membership)
    assert (event.actor, event.from_state, event.to_state) == (staff_user, "submitted", "approved")


def test_asking_for_more_sends_the_question_and_the_applicant_completes(client, staff_user, territory, on_commit):
    membership = MembershipFactory()
    with on_commit(execute=True):
        membership_decide(
            membership_id=membership.pk,
            actor=staff_user,
            action=MembershipAction.REQUEST_INFO,
            reason="Précisez votre commune, s'il vous plaît.",
        )
    assert "Précisez votre commune" in mail.outbox[-1].body
    client.force_login(membership.user)
    page = client.get(reverse("community:my_membership")).content.decode()
    assert "Complément demandé" in page
    assert "Précisez votre commune, s&#x27;il vous plaît." in page
    response = post_steps(client, membership_post(commune="Mende"))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == MembershipState.SUBMITTED
    assert list(membership.events.values_list("action", flat=True)) == ["request_info", "resubmit"]


def test_a_refusal_carries_its_reason(staff_user, on_commit):
    membership = MembershipFactory()
    with on_commit(execute=True):
        membership_decide(
            membership_id=membership.pk, actor=staff_user, action=MembershipAction.REFUSE, reason="Hors du réseau."
        )
    membership.refresh_from_db()
    assert membership.state == MembershipState.REFUSED
    assert "Hors du réseau." in mail.outbox[-1].body


def test_the_review_page_approves_and_the_applicant_sees_it_on_the_account_page(client, staff_user):
    membership = MembershipFactory()
    client.force_login(staff_user)
    response = client.post(reverse("community:decide", args=[membership.pk]), {"action": "approve", "reason": ""})
    assert response.status_code == 302
    client.force_login(membership.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Validée" in page


def test_a_decision_without_a_reason_is_refused_with_a_french_message(client, staff_user):
    membership = MembershipFactory()
    client.force_login(staff_user)
    response = client.post(reverse("community:decide", args=[membership.pk]), {"action": "refuse", "reason": ""})
    assert response.status_code == 200
    assert "Indiquez le motif" in response.content.decode()
    membership.refresh_from_db()
    assert membership.state == MembershipState.SUBMITTED


def test_a_decision_already_taken_cannot_be_taken_twice(client, staff_user):
    membership = MembershipFactory(approved=True)
    client.force_login(staff_user)
    response = client.post(reverse("community:decide", args=[membership.pk]), {"action": "approve"})
    assert response.status_code == 200
    assert "impossible : l&#x27;adhésion est « validée »" in response.content.decode()


def test_an_approved_member_updates_the_profile_without_a_new_review(client, territory):
    membership = MembershipFactory(approved=True, listed=True)
    client.force_login(membership.user)
    response = post_steps(client, membership_post(commune="Mende", occupation="Architecte"))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == MembershipState.APPROVED
    assert membership.occupation == "Architecte"
    entry = AuditLogEntry.objects.get(object_id=str(membership.pk))
    assert entry.changes["occupation"] == ["Développeuse web", "Architecte"]


def test_the_form_is_prefilled_with_the_current_profile(client):
    membership = MembershipFactory(approved=True, skills=["Python", "Cartographie"])
    client.force_login(membership.user)
    page = client.get(reverse("community:apply"), follow=True).content.decode()
    assert membership.first_name in page
    page = client.get(reverse("community:apply_step", args=["profil"])).content.decode()
    assert "Python, Cartographie" in page or "Cartographie, Python" in page


def test_renewal_opens_two_months_before_the_end(member):
    membership = member.membership
    membership.valid_until = timezone.localdate() + timedelta(days=90)
    membership.save()
    with pytest.raises(CommunityError, match="deux mois"):
        membership_renew(membership_id=membership.pk, user=member, consents={ConsentKind.MEMBERSHIP: True})


def test_renewal_adds_a_year_after_the_current_end(client, member, on_commit):
    membership = member.membership
    end = timezone.localdate() + timedelta(days=20)
    membership.valid_until = end
    membership.save()
    client.force_login(member)
    with on_commit(execute=True):
        response = client.post(reverse("community:renew"), {"consent_membership": "on", "consent_directory": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_until == one_year_from(end + timedelta(days=1))
    assert membership.periods.count() == 2
    assert "renouvelée" in mail.outbox[-1].subject


def test_a_lapsed_membership_renews_from_today(member):
    membership = member.membership
    membership.valid_until = timezone.localdate() - timedelta(days=40)
    membership.save()
    assert not has_role(member, Role.MEMBER)
    period = membership_renew(membership_id=membership.pk, user=member, consents={ConsentKind.MEMBERSHIP: True})
    assert period.starts_on == timezone.localdate()
    assert has_role(member, Role.MEMBER)


def test_renewal_without_the_membership_consent_is_refused(client, member):
    membership = member.membership
    membership.valid_until = timezone.localdate() + timedelta(days=5)
    membership.save()
    client.force_login(member)
    response = client.post(reverse("community:renew"), {}, follow=True)
    assert "cochez votre accord" in response.content.decode()
    membership.refresh_from_db()
    assert membership.periods.count() == 1


def test_a_consent_row_is_added_only_when_the_answer_changes():
    user = UserFactory()
    assert consent_record(user=user, kind=ConsentKind.NEWSLETTER, granted=True) is not None
    assert consent_record(user=user, kind=ConsentKind.NEWSLETTER, granted=True) is None
    assert consent_record(user=user, kind=ConsentKind.NEWSLETTER, granted=False) is not None
    assert list(Consent.objects.filter(user=user).values_list("granted", flat=True)) == [True, False]


def test_leaving_the_directory_is_recorded_and_takes_effect(client, member):
    client.force_login(member)
    response = client.post(reverse("community:consents"), {"consent_newsletter": "on"})
    assert response.status_code == 302
    member.membership.refresh_from_db()
    assert not member.membership.listed_in_directory
    latest = Consent.objects.filter(user=member, kind=ConsentKind.DIRECTORY).latest("created_at")
    assert not latest.granted


def test_one_year_from_handles_the_29th_of_february():
    from datetime import date

    assert one_year_from(date(2026, 3, 1)) == date(2027, 2, 28)
    assert one_year_from(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.usefixtures("send_on_commit")
class TestReminderCommand:
    def setup_due(self):
        soon = MembershipFactory(approved=True)
        soon.valid_until = timezone.localdate() + timedelta(days=10)
        soon.save()
        later = MembershipFactory(approved=True)  # 300 days left
        return soon, later

    def test_a_dry_run_sends_nothing(self):
        soon, _later = self.setup_due()
        out = StringIO()
        call_command("send_membership_reminders", stdout=out)
        assert mail.outbox == []
        assert "1 membre(s) seraient prévenus" in out.getvalue()
        soon.refresh_from_db()
        assert soon.renewal_reminder_sent_for is None

    def test_sending_twice_reminds_once(self):
        soon, _later = self.setup_due()
        call_command("send_membership_reminders", "--send", stdout=StringIO())
        call_command("send_membership_reminders", "--send", stdout=StringIO())
        assert [m.to for m in mail.outbox] == [[soon.user.email]]
        assert "échéance" in mail.outbox[0].subject

    def test_a_renewed_member_is_reminded_again_a_year_later(self):
        soon, _later = self.setup_due()
        call_command("send_membership_reminders", "--send", stdout=StringIO())
        membership_renew(membership_id=soon.pk, user=soon.user, consents={ConsentKind.MEMBERSHIP: True})
        mail.outbox.clear()
        call_command("send_membership_reminders", "--send", stdout=StringIO())
        assert mail.outbox == []
        soon.refresh_from_db()
        next_year = (soon.valid_until - timedelta(days=5)).isoformat()
        call_command("send_membership_reminders", "--send", "--today", next_year, stdout=StringIO())
        assert len(mail.outbox) == 1


def test_renewing_records_the_membership_consent_again(member):
    membership = member.membership
    membership.valid_until = timezone.localdate() + timedelta(days=5)
    membership.save()
    consent_record(user=member, kind=ConsentKind.MEMBERSHIP, granted=True)
    membership_renew(membership_id=membership.pk, user=member, consents={ConsentKind.MEMBERSHIP: True})
    assert Consent.objects.filter(user=member, kind=ConsentKind.MEMBERSHIP, granted=True).count() == 2


def test_line_breaks_never_reach_an_email_header(client, member, on_commit):
    target = MembershipFactory(approved=True, listed=True)
    member.membership.first_name = "Jean\nBcc: victime@example.org"
    member.membership.save()
    client.force_login(member)
    with on_commit(execute=True):
        response = client.post(
            reverse("community:contact", args=[target.public_id]),
            {"subject": "Bonjour\r\nBcc: autre@example.org", "body": "Un message assez long."},
        )
    assert response.status_code == 302
    (email,) = mail.outbox
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.bcc == []
