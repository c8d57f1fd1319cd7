"""Use cases of the community: membership workflow, consents, relayed messages, reports, personal data."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.community.consents import ConsentKind, current_text, text_of
from solozere.community.models import (
    PROFILE_FIELDS,
    VISIBLE_FIELDS,
    Consent,
    ContactMessage,
    Membership,
    MembershipDraft,
    MembershipEvent,
    MembershipPeriod,
    Report,
    Tag,
)
from solozere.community.selectors import can_renew, person_label
from solozere.community.workflow import WORKFLOW, MembershipAction, MembershipState, Role
from solozere.core.audit import diff_fields, log_change
from solozere.core.dates import one_year_from
from solozere.core.mail import absolute_url, notify
from solozere.core.models import AuditLogEntry
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.territory.models import Commune
from solozere.territory.text import normalize_name

CONTACT_MESSAGES_PER_DAY = 10
ANONYMISED = "[anonymisé]"


class CommunityError(Exception):
    """A refusal with a French message for the person who tried."""


class ContactLimitReached(CommunityError):
    """The daily number of relayed messages is reached: a limit, answered 429 like the other rate limits."""


# Consents ------------------------------------------------------------------------------------------------------


def consent_record(
    *, user: Any, kind: str, granted: bool, at: datetime | None = None, again: bool = False
) -> Consent | None:
    """Append a row when the answer or the text version changed (or, with `again`, when the person
    explicitly gave it again, as on renewal); None when nothing changed."""
    version = current_text(kind).version
    latest = Consent.objects.filter(user=user, kind=kind).order_by("-created_at", "-pk").first()
    unchanged = latest is not None and latest.granted == granted and (latest.version == version or not granted)
    if unchanged and not (again and granted):
        return None
    return Consent.objects.create(
        user=user, kind=kind, granted=granted, version=version, created_at=at or timezone.now()
    )


def _record_consents(*, user: Any, consents: dict[str, bool]) -> None:
    for kind in ConsentKind.values:
        if kind in consents:
            consent_record(user=user, kind=kind, granted=consents[kind])


# Membership ------------------------------------------------------------------------------------------------------


@dataclass
class MembershipInput:
    first_name: str
    last_name: str
    commune: Commune | None
    lives_outside_lozere: bool
    outside_place: str
    status: str
    employer_location: str
    employer_country: str
    occupation: str
    sector: str
    telework_frequency: str
    telework_places: list[str]
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    bio: str = ""
    expectations: str = ""
    visibility: dict[str, str] = field(default_factory=dict)


def tags_for(names: list[str]) -> list[Tag]:
    tags: list[Tag] = []
    for name in names:
        slug = normalize_name(name)[:60]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name.strip()[:40]})
        if tag not in tags:
            tags.append(tag)
    return tags


def _snapshot(membership: Membership) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(membership, name) for name in PROFILE_FIELDS}
    values["commune"] = str(membership.commune) if membership.commune_id else None
    for name in VISIBLE_FIELDS:
        values[f"{name}_visibility"] = membership.visibility_of(name)
    if membership.pk:
        values["skills"] = sorted(tag.name for tag in membership.skills.all())
        values["interests"] = sorted(tag.name for tag in membership.interests.all())
    return values


_SINGLE_LINE_FIELDS = ("first_name", "last_name", "outside_place", "employer_country", "occupation")


def single_line(value: str) -> str:
    """Collapse whitespace: these values end up in e-mail headers, where a line break is refused."""
    return " ".join(value.split())


def _apply(membership: Membership, data: MembershipInput) -> None:
    for name in PROFILE_FIELDS:
        value = getattr(data, name)
        setattr(membership, name, single_line(value) if name in _SINGLE_LINE_FIELDS else value)
    if data.lives_outside_lozere:
        membership.commune = None
    else:
        membership.outside_place = ""
    if data.employer_location != "etranger":
        membership.employer_country = ""
    for name in VISIBLE_FIELDS:
        setattr(membership, f"{name}_visibility", data.visibility.get(name, membership.visibility_of(name)))


def _transition(*, membership: Membership, action: str, role: str, actor: Any, **kwargs: Any) -> None:
    """Apply one row of the membership workflow to a locked (or new) membership: its state and one event row."""
    apply_transition(
        workflow=WORKFLOW,
        obj=membership,
        action=action,
        role=role,
        actor=actor,
        log_model=MembershipEvent,
        state_field="state",
        membership=membership,
        **kwargs,
    )


@transaction.atomic
def membership_draft_save(
    *,
    user: Any,
    fields: tuple[str, ...],
    values: dict[str, Any],
    step: str,
    done: bool,
    start: dict[str, Any],
    start_done: list[str],
) -> MembershipDraft:
    """Keep what was typed on one step of the membership form, valid or not (`done` says whether it was). `fields`
    are the step's fields: the ones absent from `values` (an unchecked box) are removed. `start` and `start_done`
    are what a new draft starts from (the current profile and every step done, when there is one)."""
    draft = MembershipDraft.objects.select_for_update().filter(user=user).first()
    if draft is None:
        draft = MembershipDraft(user=user, data=dict(start), done_steps=list(start_done))
    for name in fields:
        draft.data.pop(name, None)
    draft.data.update({name: value for name, value in values.items() if name in fields})
    steps = [slug for slug in draft.done_steps if slug != step]
    draft.done_steps = [*steps, step] if done else steps
    draft.save()
    return draft


@transaction.atomic
def membership_apply(*, user: Any, data: MembershipInput, consents: dict[str, bool]) -> Membership:
    """Apply, complete an application, apply again after a refusal, or update an approved profile."""
    if not consents.get(ConsentKind.MEMBERSHIP):
        raise CommunityError(_("L'adhésion demande votre accord sur le texte d'adhésion."))
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is None:
        action: str | None = MembershipAction.SUBMIT
        membership = Membership(user=user, state=NOTHING)
    elif membership.state in (MembershipState.INFO_REQUESTED, MembershipState.REFUSED):
        action = MembershipAction.RESUBMIT
    else:
        action = None  # submitted: still waiting; approved: a profile update
    before = _snapshot(membership) if membership.pk else {}
    if action is not None:
        membership.submitted_at = timezone.now()
    _apply(membership, data)
    membership.listed_in_directory = bool(consents.get(ConsentKind.DIRECTORY))
    membership.full_clean(exclude=["user", "state"])  # the state is the workflow's
    if membership.pk is not None:
        membership.save()
    if action is not None:
        _transition(membership=membership, action=action, role=Role.MEMBER, actor=user)  # saves a new one whole
    membership.skills.set(tags_for(data.skills))
    membership.interests.set(tags_for(data.interests))
    _record_consents(user=user, consents=consents)
    MembershipDraft.objects.filter(user=user).delete()  # sent: the steps' draft has done its job

    if action is None:
        changes = diff_fields(before, _snapshot(membership))
        if changes:
            log_change(actor=user, obj=membership, action=AuditLogEntry.Action.UPDATE, changes=changes)
        return membership

    notify(
        to=[user.email],
        subject=_("Votre demande d'adhésion est bien reçue"),
        template="community/emails/membership_received.txt",
        context={"membership": membership, "url": absolute_url(reverse("community:my_membership"))},
    )
    notify(
        to=[settings.CONTACT_EMAIL],
        subject=_("Nouvelle demande d'adhésion à examiner"),
        template="community/emails/staff_new_application.txt",
        context={"url": absolute_url(reverse("community:review", args=[membership.pk]))},
    )
    return membership


@transaction.atomic
def membership_decide(*, membership_id: int, actor: Any, action: str, reason: str = "") -> Membership:
    """Staff review: approve, ask for more, or refuse with a reason. The applicant is told each time."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership_id)
    role = Role.STAFF if actor is not None and actor.is_staff else Role.MEMBER
    WORKFLOW.check(state=membership.state, action=action, role=role, reason=reason)  # before the period is made
    today = timezone.localdate()
    membership.decided_at = timezone.now()
    if action == MembershipAction.APPROVE:
        period = MembershipPeriod.objects.create(membership=membership, starts_on=today, ends_on=one_year_from(today))
        membership.valid_until = period.ends_on
    _transition(
        membership=membership,
        action=action,
        role=role,
        actor=actor,
        reason=reason,
        save_fields=["decided_at", "valid_until"],
    )
    templates = {
        MembershipAction.APPROVE: ("membership_approved", _("Bienvenue dans le réseau SoLozère")),
        MembershipAction.REQUEST_INFO: ("membership_info_requested", _("Votre demande d'adhésion : un complément")),
        MembershipAction.REFUSE: ("membership_refused", _("Votre demande d'adhésion")),
    }
    template, subject = templates[MembershipAction(action)]
    notify(
        to=[membership.user.email],
        subject=subject,
        template=f"community/emails/{template}.txt",
        context={
            "membership": membership,
            "reason": reason.strip(),
            "url": absolute_url(reverse("community:my_membership")),
            "form_url": absolute_url(reverse("community:apply")),
        },
    )
    return membership


@transaction.atomic
def membership_renew(
    *, membership_id: int, user: Any, consents: dict[str, bool], today: date | None = None
) -> MembershipPeriod:
    """One more year, starting the day after the current one ends (or today, if it has lapsed)."""
    membership = Membership.objects.select_for_update().get(pk=membership_id, user=user)
    day = today or timezone.localdate()
    if not consents.get(ConsentKind.MEMBERSHIP):
        raise CommunityError(_("Le renouvellement demande votre accord sur le texte d'adhésion."))
    try:
        WORKFLOW.check(state=membership.state, action=MembershipAction.RENEW, role=Role.MEMBER)
    except TransitionNotAllowed as error:
        raise CommunityError(error.message) from error
    if not can_renew(membership, day):
        raise CommunityError(_("Le renouvellement ouvre deux mois avant l'échéance."))
    assert membership.valid_until is not None  # noqa: S101 - approved memberships have one (constraint)
    starts_on = max(day, membership.valid_until + timedelta(days=1))
    period = MembershipPeriod.objects.create(
        membership=membership, starts_on=starts_on, ends_on=one_year_from(starts_on)
    )
    membership.valid_until = period.ends_on
    membership.listed_in_directory = bool(consents.get(ConsentKind.DIRECTORY))
    _transition(
        membership=membership,
        action=MembershipAction.RENEW,
        role=Role.MEMBER,
        actor=user,
        save_fields=["valid_until", "listed_in_directory"],
    )
    # Renewing is consenting again, for a new year: the date of that consent is recorded even if the text is the same.
    consent_record(user=user, kind=ConsentKind.MEMBERSHIP, granted=True, again=True)
    _record_consents(user=user, consents={k: v for k, v in consents.items() if k != ConsentKind.MEMBERSHIP})
    notify(
        to=[user.email],
        subject=_("Votre adhésion est renouvelée"),
        template="community/emails/membership_renewed.txt",
        context={"membership": membership, "period": period, "url": absolute_url(reverse("community:my_membership"))},
    )
    return period


@transaction.atomic
def consents_update(*, user: Any, directory: bool, newsletter: bool) -> None:
    """Change one's mind about the directory or the newsletter, without touching the membership."""
    membership = Membership.objects.select_for_update().filter(user=user).first()
    _record_consents(user=user, consents={ConsentKind.DIRECTORY: directory, ConsentKind.NEWSLETTER: newsletter})
    if membership is not None and membership.listed_in_directory != directory:
        membership.listed_in_directory = directory
        membership.save(update_fields=["listed_in_directory", "updated_at"])


def membership_renewal_reminders(*, today: date, days_before: int = 30, dry_run: bool = True) -> list[Membership]:
    """Remind members whose year ends within `days_before` days (or ended in the last 30 days).
    Safe to run twice: a reminder is sent once per end date."""
    due = (
        Membership.objects.filter(
            state=MembershipState.APPROVED,
            valid_until__gte=today - timedelta(days=30),
            valid_until__lte=today + timedelta(days=days_before),
        )
        .exclude(renewal_reminder_sent_for=models.F("valid_until"))
        .select_related("user")
        .order_by("valid_until", "pk")
    )
    reminded: list[Membership] = []
    for candidate in due:
        if dry_run:
            reminded.append(candidate)
            continue
        with transaction.atomic():
            membership = (
                Membership.objects.select_for_update()
                .select_related("user")
                .filter(pk=candidate.pk, state=MembershipState.APPROVED)
                .exclude(renewal_reminder_sent_for=models.F("valid_until"))
                .first()
            )
            if membership is None:
                continue  # renewed or reminded by a concurrent run
            membership.renewal_reminder_sent_for = membership.valid_until
            membership.save(update_fields=["renewal_reminder_sent_for", "updated_at"])
            notify(
                to=[membership.user.email],
                subject=_("Votre adhésion arrive à échéance"),
                template="community/emails/membership_reminder.txt",
                context={
                    "membership": membership,
                    "lapsed": membership.valid_until is not None and membership.valid_until < today,
                    "url": absolute_url(reverse("community:my_membership")),
                },
            )
            reminded.append(membership)
    return reminded


# Relayed messages and reports ----------------------------------------------------------------------------------


@transaction.atomic
def contact_message_send(
    *, sender: Any, recipient: Any, subject: str, body: str, in_reply_to: ContactMessage | None = None
) -> ContactMessage:
    """Store and relay a message. The e-mail carries neither address: the answer goes through the site."""
    if recipient.pk == sender.pk:
        raise CommunityError(_("On ne s'écrit pas à soi-même."))
    since = timezone.now() - timedelta(days=1)
    # Lock the sender's row so that two quick posts cannot both pass the daily limit.
    get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
    if ContactMessage.objects.filter(sender=sender, created_at__gte=since).count() >= CONTACT_MESSAGES_PER_DAY:
        raise ContactLimitReached(
            _("Vous avez envoyé %(count)s messages en 24 heures : réessayez demain.")
            % {"count": CONTACT_MESSAGES_PER_DAY}
        )
    message = ContactMessage.objects.create(
        sender=sender, recipient=recipient, subject=single_line(subject), body=body.strip(), in_reply_to=in_reply_to
    )
    notify(
        to=[recipient.email],
        subject=_("Message de %(name)s : %(subject)s") % {"name": person_label(sender), "subject": message.subject},
        template="community/emails/contact_message.txt",
        context={
            "message": message,
            "sender_label": person_label(sender),
            "reply_url": absolute_url(reverse("community:message_reply", args=[message.pk])),
            "report_url": absolute_url(reverse("community:message_report", args=[message.pk])),
        },
    )
    return message


def _profile_text(membership: Membership) -> str:
    parts = [
        f"{membership.first_name} {membership.last_name}",
        membership.occupation,
        ", ".join(tag.name for tag in membership.skills.all()),
        ", ".join(tag.name for tag in membership.interests.all()),
        membership.bio,
    ]
    return "\n".join(part for part in parts if part)


@transaction.atomic
def report_create(
    *,
    reporter: Any,
    reason: str,
    details: str,
    membership: Membership | None = None,
    message: ContactMessage | None = None,
) -> Report:
    if (membership is None) == (message is None):
        raise CommunityError(_("Un signalement porte sur un profil ou sur un message."))
    if membership is not None:
        report = Report.objects.create(
            reporter=reporter,
            target=Report.Target.PROFILE,
            membership=membership,
            reason=reason,
            details=details.strip(),
            reported_text=_profile_text(membership),
        )
    else:
        assert message is not None  # noqa: S101
        report = Report.objects.create(
            reporter=reporter,
            target=Report.Target.MESSAGE,
            message=message,
            reason=reason,
            details=details.strip(),
            reported_text=f"{message.subject}\n\n{message.body}",
        )
    notify(
        to=[settings.CONTACT_EMAIL],
        subject=_("Nouveau signalement à traiter"),
        template="community/emails/staff_new_report.txt",
        context={"report": report, "url": absolute_url(reverse("community:reports"))},
    )
    return report


@transaction.atomic
def report_resolve(*, report_id: int, actor: Any, note: str, hide_profile: bool) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("membership").get(pk=report_id)
    if report.state == Report.State.CLOSED:
        raise CommunityError(_("Ce signalement est déjà traité."))
    report.state = Report.State.CLOSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.staff_note = note.strip()
    report.save()
    log_change(actor=actor, obj=report, action=AuditLogEntry.Action.TRANSITION, message=report.staff_note)
    target = report.membership
    if target is None and report.message_id and report.message:
        target = Membership.objects.filter(user_id=report.message.sender_id).first()
    if hide_profile and target is not None and not target.hidden_by_staff:
        target.hidden_by_staff = True
        target.save(update_fields=["hidden_by_staff", "updated_at"])
        log_change(
            actor=actor,
            obj=target,
            action=AuditLogEntry.Action.UPDATE,
            changes={"hidden_by_staff": [False, True]},
            message=_("Profil masqué de l'annuaire après le signalement n°%(pk)s.") % {"pk": report.pk},
        )
    return report


@transaction.atomic
def membership_show_again(*, membership_id: int, actor: Any) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership_id)
    if membership.hidden_by_staff:
        membership.hidden_by_staff = False
        membership.save(update_fields=["hidden_by_staff", "updated_at"])
        log_change(
            actor=actor, obj=membership, action=AuditLogEntry.Action.UPDATE, changes={"hidden_by_staff": [True, False]}
        )
    return membership


# Personal data ------------------------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _membership_export(membership: Membership) -> dict[str, Any]:
    data = _snapshot(membership)
    data.update(
        {
            "commune_insee": membership.commune.insee_code if membership.commune_id and membership.commune else None,
            "state": membership.state,
            "state_label": membership.get_state_display(),
            "submitted_at": _iso(membership.submitted_at),
            "decided_at": _iso(membership.decided_at),
            "valid_until": _iso(membership.valid_until),
            "listed_in_directory": membership.listed_in_directory,
            "hidden_by_staff": membership.hidden_by_staff,
            "periods": [{"starts_on": _iso(p.starts_on), "ends_on": _iso(p.ends_on)} for p in membership.periods.all()],
            "decisions": [
                {
                    "date": _iso(event.created_at),
                    "action": event.get_action_display(),
                    "from_state": event.from_state,
                    "to_state": event.to_state,
                    "reason": event.reason,
                }
                for event in membership.events.all()
            ],
        }
    )
    return data


# Relations to the user the community's export covers (the generic fallback of accounts skips them).
PERSONAL_DATA_RELATIONS = frozenset(
    {
        ("community.membership", "user"),
        ("community.membershipdraft", "user"),
        ("community.consent", "user"),
        ("community.contactmessage", "sender"),
        ("community.contactmessage", "recipient"),
        ("community.report", "reporter"),
        ("community.report", "handled_by"),
        ("community.membershipevent", "actor"),
    }
)


def community_personal_data(user: Any) -> dict[str, Any]:
    """What the community holds of one person, as JSON-ready data. Other people's addresses never appear."""
    membership = (
        Membership.objects.filter(user=user)
        .select_related("commune__parent")
        .prefetch_related("skills", "interests")
        .first()
    )
    received = ContactMessage.objects.filter(recipient=user).select_related("sender__membership")
    sent = ContactMessage.objects.filter(sender=user).select_related("recipient__membership")
    draft = MembershipDraft.objects.filter(user=user).first()
    return {
        "membership": _membership_export(membership) if membership else None,
        "membership_draft": {"data": draft.data, "updated_at": _iso(draft.updated_at)} if draft else None,
        "consents": [
            {
                "kind": consent.kind,
                "granted": consent.granted,
                "version": consent.version,
                "text": str(text.text) if (text := text_of(consent.kind, consent.version)) else "",
                "date": _iso(consent.created_at),
            }
            for consent in Consent.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "messages_sent": [
            {"date": _iso(m.created_at), "to": person_label(m.recipient), "subject": m.subject, "body": m.body}
            for m in sent
        ],
        "messages_received": [
            {"date": _iso(m.created_at), "from": person_label(m.sender), "subject": m.subject, "body": m.body}
            for m in received
        ],
        "reports_made": [
            {
                "date": _iso(r.created_at),
                "target": r.target,
                "reason": r.get_reason_display(),
                "details": r.details,
                "state": r.get_state_display(),
            }
            for r in Report.objects.filter(reporter=user)
        ],
        "reports_handled_as_staff": [
            {"date": _iso(r.handled_at), "note": r.staff_note} for r in Report.objects.filter(handled_by=user)
        ],
        "decisions_taken_as_staff": [
            {"date": _iso(e.created_at), "action": e.get_action_display(), "reason": e.reason}
            for e in MembershipEvent.objects.filter(actor=user).exclude(membership__user=user)
        ],
    }


def _scrub(text: str, words: list[str]) -> str:
    for word in sorted({w for w in words if w and len(w) > 1}, key=len, reverse=True):
        text = text.replace(word, ANONYMISED)
    return text


def _identifying_words(user: Any, membership: Membership | None) -> list[str]:
    words = [user.email, user.first_name, user.last_name]
    if membership is not None:
        words += [membership.first_name, membership.last_name]
    return words


def _anonymise_membership_record(membership: Membership, words: list[str], today: date) -> None:
    """Keep what must remain for the record, without the person: review decisions and the periods that make the
    growth chart (cut at yesterday, so that today's figure drops the person at once)."""
    for event in membership.events.all():
        event.reason = _scrub(event.reason, words)
        event.anonymised = True
        event.membership = None
        event.save(update_fields=["reason", "anonymised", "membership"])
    yesterday = today - timedelta(days=1)
    for period in membership.periods.all():
        if period.starts_on > yesterday:
            period.delete()
            continue
        period.ends_on = min(period.ends_on, yesterday)
        period.membership = None
        period.save(update_fields=["ends_on", "membership"])
    AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership), object_id=str(membership.pk)
    ).update(object_repr=ANONYMISED, changes={})


def community_personal_data_anonymise(*, user: Any, today: date) -> None:
    """Before the account goes: review decisions and report outcomes stay, without the person; the rest of the
    community's rows go with the account (cascade)."""
    membership = Membership.objects.filter(user=user).first()
    words = _identifying_words(user, membership)
    if membership is not None:
        _anonymise_membership_record(membership, words, today)
    reports = Report.objects.filter(
        models.Q(reporter=user)
        | models.Q(membership__user=user)
        | models.Q(message__sender=user)
        | models.Q(message__recipient=user)
    )
    for report in reports:
        report.details = _scrub(report.details, words)
        report.reported_text = _scrub(report.reported_text, words)
        report.staff_note = _scrub(report.staff_note, words)
        if report.reporter_id == user.pk:
            report.reporter = None
        report.save(update_fields=["details", "reported_text", "staff_note", "reporter"])


# Retention --------------------------------------------------------------------------------------------------

RETENTION = {
    "refused_application_days": 183,
    "lapsed_membership_days": 365,
    "message_days": 365,
    "closed_report_days": 365,
}


@dataclass
class PurgeReport:
    refused: int = 0
    lapsed: int = 0
    messages: int = 0
    reports: int = 0


def community_data_purge(*, today: date, dry_run: bool = True) -> PurgeReport:
    """Apply the retention periods stated on the privacy page. The accounts stay; the community data goes."""
    now = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    refused = Membership.objects.filter(
        state=MembershipState.REFUSED, decided_at__lt=now - timedelta(days=RETENTION["refused_application_days"])
    )
    lapsed = Membership.objects.filter(
        state=MembershipState.APPROVED,
        valid_until__lt=today - timedelta(days=RETENTION["lapsed_membership_days"]),
    )
    messages = ContactMessage.objects.filter(created_at__lt=now - timedelta(days=RETENTION["message_days"]))
    reports = Report.objects.filter(
        state=Report.State.CLOSED, handled_at__lt=now - timedelta(days=RETENTION["closed_report_days"])
    )
    report = PurgeReport(
        refused=refused.count(), lapsed=lapsed.count(), messages=messages.count(), reports=reports.count()
    )
    if dry_run:
        return report
    with transaction.atomic():
        for membership in [*refused.select_related("user"), *lapsed.select_related("user")]:
            _anonymise_membership_record(membership, _identifying_words(membership.user, membership), today)
            membership.delete()
        messages.delete()
        reports.delete()
    return report


def demo_account_forget(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a demo account goes (delete_demo), its membership years go too: they were never real."""
    if getattr(instance, "is_demo", False):
        MembershipPeriod.objects.filter(membership__user=instance).delete()
