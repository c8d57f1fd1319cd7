"""Use cases of contributions: the call for contributions before an event (propose, accept, decline), what it leaves
behind after (publish from a proposal, publish directly, withdraw), and the checked-by-content document.

Each change of state applies one row of CONTRIBUTION_WORKFLOW through core's apply_transition (one ContributionLog
row) on the contribution locked in the transaction, then tells the person concerned with core's notify (after
commit). Publishing and withdrawing also tell the registered listeners (events.hooks), after commit: that is how a
published contribution enters the resource centre, an app above this one."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.accounts.models import User
from solozere.core.mail import absolute_url, notify
from solozere.core.templatetags.french_dates import french_datetime
from solozere.core.uploads import DocumentRefused, StoredFile
from solozere.core.uploads import check_document as core_check_document
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.events import hooks
from solozere.events.models import Contribution, ContributionKind, ContributionLog, Event
from solozere.events.selectors import may_organise, organisers_of
from solozere.events.workflow import (
    CONTRIBUTION_WORKFLOW,
    ContributionAction,
    ContributionRole,
    ContributionStatus,
    EventStatus,
)

# What a person may propose before the event; what the organiser may publish directly after it.
PROPOSAL_KINDS = (ContributionKind.TALK, ContributionKind.WORKSHOP)
MAX_SUMMARY = 3000
MAX_NOTES = 20000
MAX_LINK = 500
MAX_FILE_BYTES = 10 * 1024 * 1024
# A person's proposals still waiting for an answer, per event: enough for anyone, not for a flood.
MAX_OPEN_PROPOSALS = 5
ACCEPTED_FILE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
# Where a published contribution stays visible: the others are the proposer's and the organiser's only.
PUBLIC_STATUSES = (ContributionStatus.PUBLISHED,)


class ContributionLicence(models.TextChoices):
    """The licences offered for a published contribution; the same codes as the resource centre's, so that its
    listener takes them as they are. (Not a field's choices: the column stays free text, no migration.)"""

    OPEN_LICENCE_2 = "lo_2_0", gettext_lazy("Licence Ouverte 2.0 (Etalab)")
    CC_BY_4 = "cc_by_4_0", gettext_lazy("CC-BY 4.0")
    CC_BY_SA_4 = "cc_by_sa_4_0", gettext_lazy("CC-BY-SA 4.0")
    ALL_RIGHTS_RESERVED = "all_rights_reserved", gettext_lazy("tous droits réservés")


def licence_label(code: str) -> str:
    try:
        return str(ContributionLicence(code).label)
    except ValueError:
        return code


class ContributionError(Exception):
    """A use case refused, with a French sentence for the person; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Proposal:
    """What a contribution says of itself: proposed before the event, or published directly after it."""

    kind: str
    title: str
    summary: str = ""
    speaker: str = ""
    organisation_name: str = ""


@dataclass(frozen=True)
class Material:
    """What a contribution leaves behind: a document (`upload`, checked here by its content), a link to a video or a
    page, notes; at least one of them, and its licence."""

    upload: Any = None
    link: str = ""
    notes: str = ""
    licence: str = ""


# --- Who may --------------------------------------------------------------------------------------------------------


def roles_of(user: Any, contribution: Contribution, *, organiser: bool | None = None) -> set[str]:
    """The workflow roles `user` holds on `contribution`: its event's organiser, its proposer, both or none.
    `organiser`, when the caller already knows it for the event (a list), saves a query per contribution."""
    roles: set[str] = set()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return roles
    if organiser if organiser is not None else may_organise(user, contribution.event):
        roles.add(ContributionRole.ORGANISER)
    if contribution.proposed_by_id is not None and contribution.proposed_by_id == user.pk:
        roles.add(ContributionRole.CONTRIBUTOR)
    return roles


def _role_for(action: str, roles: set[str]) -> str:
    """The role in which `action` is done: the organiser's when the person holds both and both may."""
    allowed = CONTRIBUTION_WORKFLOW.transition(action).roles
    for role in (ContributionRole.ORGANISER, ContributionRole.CONTRIBUTOR):
        if role in roles and role in allowed:
            return role
    # Neither: the workflow's check refuses with the sentence that says who may.
    return next(iter(roles), ContributionRole.CONTRIBUTOR)


def actions_for(
    user: Any, contribution: Contribution, *, now: dt.datetime | None = None, organiser: bool | None = None
) -> list[str]:
    """What `user` may do now to `contribution` (the buttons a page shows)."""
    roles = roles_of(user, contribution, organiser=organiser)
    actions = {t.action for role in roles for t in CONTRIBUTION_WORKFLOW.available(contribution.status, role)}
    if not may_publish_material(contribution.event, now=now):
        actions.discard(ContributionAction.PUBLISH)
    return [action for action in CONTRIBUTION_WORKFLOW.actions if action in actions]


def calls_for_contributions(event: Event, *, now: dt.datetime | None = None) -> bool:
    """The call is open: the organiser opened it, the event is published and has not started."""
    now = now or timezone.now()
    return event.contributions_open and event.status == EventStatus.PUBLISHED and now < event.starts_at


def is_over(event: Event, *, now: dt.datetime | None = None) -> bool:
    return event.ends_at <= (now or timezone.now())


def may_publish_material(event: Event, *, now: dt.datetime | None = None) -> bool:
    """Contributions are published once the event is over, unless it was cancelled or is still a draft."""
    return is_over(event, now=now) and event.status in (EventStatus.PUBLISHED, EventStatus.HELD)


# --- Checks ---------------------------------------------------------------------------------------------------------

NOT_A_DOCUMENT = gettext_lazy(
    "Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou WebP : seuls ces formats sont acceptés."
)
NOT_A_PDF = gettext_lazy(
    "Ce fichier porte l'extension .pdf mais n'est pas un PDF : enregistrez votre document au format PDF (« Exporter "
    "en PDF » dans votre logiciel) et envoyez-le de nouveau."
)


def check_document(upload: Any) -> StoredFile:
    """The document of a contribution, checked by its content (never its name) by core's one check: a PDF kept as
    sent, an image re-encoded without its metadata. ContributionError (field "file") with a French sentence
    otherwise."""
    try:
        return core_check_document(upload, max_bytes=MAX_FILE_BYTES, accepted=ACCEPTED_FILE_TYPES)
    except DocumentRefused as refused:
        if refused.code == "empty":
            message = _("Le fichier envoyé est vide.")
        elif refused.code == "too_heavy":
            message = _(
                "Ce fichier pèse %(size)s : la limite est de %(limit)s. Réduisez-le (PDF compressé, image plus petite)."
            ) % {"size": filesizeformat(refused.size), "limit": filesizeformat(refused.limit)}
        elif refused.code == "not_accepted":
            claims_pdf = str(getattr(upload, "name", "")).lower().endswith(".pdf")
            message = str(NOT_A_PDF if claims_pdf else NOT_A_DOCUMENT)
        else:
            message = refused.detail
        raise ContributionError(message, field="file") from None


def _check_link(link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    if len(link) > MAX_LINK:
        raise ContributionError(
            _("Ce lien est trop long (%(max)s caractères au plus).") % {"max": MAX_LINK}, field="link"
        )
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ContributionError(
            _("Donnez l'adresse complète d'une page web, commençant par https:// (ou http://)."), field="link"
        ) from None
    return link


def _check_proposal(proposal: Proposal, *, kinds: tuple[str, ...]) -> Proposal:
    title = " ".join(proposal.title.split())
    if not title:
        raise ContributionError(_("Donnez un titre."), field="title")
    limits = {"title": 200, "speaker": 200, "organisation_name": 200, "summary": MAX_SUMMARY}
    for name, limit in limits.items():
        if len(getattr(proposal, name)) > limit:
            raise ContributionError(
                _("Ce texte est trop long : %(max)s caractères au plus.") % {"max": limit}, field=name
            )
    if proposal.kind not in kinds:
        raise ContributionError(_("Choisissez un des types proposés."), field="kind")
    return Proposal(
        kind=proposal.kind,
        title=title,
        summary=proposal.summary.strip(),
        speaker=" ".join(proposal.speaker.split()),
        organisation_name=" ".join(proposal.organisation_name.split()),
    )


def _clean_name(upload: Any) -> str:
    # The name as given is shown back and given to the download: no control character (PostgreSQL refuses NUL).
    return "".join(c for c in str(getattr(upload, "name", "") or "") if ord(c) >= 32)[-200:]


def _apply_material(contribution: Contribution, material: Material) -> list[str]:
    """Check and set what the contribution leaves behind; the fields changed. The document is stored last, once
    everything else is known to be valid (a refusal leaves no file behind)."""
    link = _check_link(material.link)
    notes = material.notes.strip()
    if len(notes) > MAX_NOTES:
        raise ContributionError(
            _("Les notes sont trop longues : %(max)s caractères au plus.") % {"max": MAX_NOTES}, field="notes"
        )
    if material.licence not in ContributionLicence.values:
        raise ContributionError(_("Choisissez la licence sous laquelle la contribution est publiée."), field="licence")
    if material.upload is None and not link and not notes and not contribution.file:
        raise ContributionError(
            _("Ajoutez au moins un document, un lien vers une vidéo ou une page, ou des notes."), field=None
        )
    stored = check_document(material.upload) if material.upload is not None else None
    contribution.link = link
    contribution.notes = notes
    contribution.licence = material.licence
    changed = ["link", "notes", "licence"]
    if stored is not None:
        contribution.file.save(f"contribution.{stored.extension}", ContentFile(stored.content), save=False)
        contribution.file_type = stored.content_type
        contribution.file_name = _clean_name(material.upload) or f"contribution.{stored.extension}"
        changed += ["file", "file_type", "file_name"]
    return changed


# --- Mail -----------------------------------------------------------------------------------------------------------


def _mail_context(contribution: Contribution) -> dict[str, Any]:
    event = contribution.event
    return {
        "contribution": contribution,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "manage_url": absolute_url(reverse("events:contributions", args=[event.slug])),
    }


def _proposer_address(contribution: Contribution) -> list[str]:
    person = contribution.proposed_by
    return [person.email] if person is not None and person.is_active and person.email else []


# --- Use cases ------------------------------------------------------------------------------------------------------


def _locked(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("event", "proposed_by")
        .get(pk=contribution.pk)
    )


def _transition(contribution: Contribution, *, action: str, role: str, actor: Any, reason: str = "", **kw: Any) -> None:
    try:
        apply_transition(
            workflow=CONTRIBUTION_WORKFLOW,
            obj=contribution,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=ContributionLog,
            contribution=contribution,
            **kw,
        )
    except TransitionNotAllowed as refusal:
        raise ContributionError(refusal.message) from None


@transaction.atomic
def contribution_propose(*, actor: User, event: Event, proposal: Proposal) -> Contribution:
    """A signed-in person proposes a talk or a workshop while the call is open; the organiser is told."""
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if not calls_for_contributions(event):
        raise ContributionError(_("L'appel à contributions de cet événement est fermé."))
    proposal = _check_proposal(proposal, kinds=PROPOSAL_KINDS)
    waiting = Contribution.objects.filter(event=event, proposed_by=actor, status=ContributionStatus.PROPOSED).count()
    if waiting >= MAX_OPEN_PROPOSALS:
        raise ContributionError(
            _("Vous avez déjà %(n)s propositions en attente de réponse pour cet événement : attendez la réponse.")
            % {"n": waiting}
        )
    contribution = Contribution(
        event=event,
        kind=proposal.kind,
        title=proposal.title,
        summary=proposal.summary,
        speaker=proposal.speaker,
        organisation_name=proposal.organisation_name,
        proposed_by=actor,
    )
    _transition(contribution, action=ContributionAction.PROPOSE, role=ContributionRole.CONTRIBUTOR, actor=actor)
    # Whoever may answer is told (not only the one who created the event, who may have left it), each once.
    notify(
        to=[person.email for person in organisers_of(event).exclude(pk=actor.pk) if person.email],
        subject=_("Nouvelle proposition de contribution : %(event)s") % {"event": event.title},
        template="events/email/contribution_proposed.txt",
        context=_mail_context(contribution),
    )
    return contribution


def _require_organiser(actor: Any, contribution: Contribution) -> None:
    if ContributionRole.ORGANISER not in roles_of(actor, contribution):
        raise ContributionError(_("Seul l'organisateur de l'événement peut répondre aux propositions."))


@transaction.atomic
def contribution_accept(*, actor: User, contribution: Contribution) -> Contribution:
    contribution = _locked(contribution)
    _require_organiser(actor, contribution)
    _transition(contribution, action=ContributionAction.ACCEPT, role=ContributionRole.ORGANISER, actor=actor)
    notify(
        to=_proposer_address(contribution),
        subject=_("Votre proposition est acceptée : %(title)s") % {"title": contribution.title},
        template="events/email/contribution_accepted.txt",
        context=_mail_context(contribution),
    )
    return contribution


@transaction.atomic
def contribution_decline(*, actor: User, contribution: Contribution, reason: str) -> Contribution:
    contribution = _locked(contribution)
    _require_organiser(actor, contribution)
    reason = reason.strip()
    if len(reason) > MAX_SUMMARY:
        raise ContributionError(
            _("Ce texte est trop long : %(max)s caractères au plus.") % {"max": MAX_SUMMARY}, field="reason"
        )
    contribution.decision_reason = reason
    _transition(
        contribution,
        action=ContributionAction.DECLINE,
        role=ContributionRole.ORGANISER,
        actor=actor,
        reason=reason,
        save_fields=["decision_reason"],
    )
    notify(
        to=_proposer_address(contribution),
        subject=_("Votre proposition n'est pas retenue : %(title)s") % {"title": contribution.title},
        template="events/email/contribution_declined.txt",
        context=_mail_context(contribution),
    )
    return contribution


def _require_publishable(event: Event) -> None:
    if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD):
        raise ContributionError(_("Cet événement n'a pas eu lieu : rien ne peut y être publié."))
    if not is_over(event):
        raise ContributionError(
            _("Les contributions se publient une fois l'événement terminé, après le %(end)s.")
            % {"end": french_datetime(event.ends_at)}
        )


@transaction.atomic
def contribution_publish(*, actor: User, contribution: Contribution, material: Material) -> Contribution:
    """After the event, the organiser or the accepted contributor publishes what the contribution left behind."""
    contribution = _locked(contribution)
    roles = roles_of(actor, contribution)
    if not roles:
        raise ContributionError(_("Cette contribution n'est pas la vôtre."))
    role = _role_for(ContributionAction.PUBLISH, roles)
    try:
        CONTRIBUTION_WORKFLOW.check(state=contribution.status, action=ContributionAction.PUBLISH, role=role)
    except TransitionNotAllowed as refusal:
        raise ContributionError(refusal.message) from None
    _require_publishable(contribution.event)
    changed = _apply_material(contribution, material)
    contribution.published_at = timezone.now()
    _transition(
        contribution,
        action=ContributionAction.PUBLISH,
        role=role,
        actor=actor,
        save_fields=[*changed, "published_at"],
    )
    hooks.contribution_published(contribution)
    return contribution


@transaction.atomic
def contribution_publish_direct(*, actor: User, event: Event, proposal: Proposal, material: Material) -> Contribution:
    """After the event, its organiser publishes a contribution nobody proposed (the slides of a speaker they
    invited, the notes of the day)."""
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if not may_organise(actor, event):
        raise ContributionError(_("Seul l'organisateur de l'événement peut publier directement une contribution."))
    _require_publishable(event)
    proposal = _check_proposal(proposal, kinds=tuple(ContributionKind.values))
    contribution = Contribution(
        event=event,
        kind=proposal.kind,
        title=proposal.title,
        summary=proposal.summary,
        speaker=proposal.speaker,
        organisation_name=proposal.organisation_name,
        status=NOTHING,
    )
    _apply_material(contribution, material)
    contribution.published_at = timezone.now()
    _transition(contribution, action=ContributionAction.PUBLISH_DIRECT, role=ContributionRole.ORGANISER, actor=actor)
    hooks.contribution_published(contribution)
    return contribution


@transaction.atomic
def contribution_unpublish(*, actor: User, contribution: Contribution, reason: str = "") -> Contribution:
    """The organiser or the contributor withdraws a published contribution (from the event page and from the
    resource centre, through the listeners). The proposer is told when it was not their doing."""
    contribution = _locked(contribution)
    roles = roles_of(actor, contribution)
    if not roles:
        raise ContributionError(_("Cette contribution n'est pas la vôtre."))
    role = _role_for(ContributionAction.UNPUBLISH, roles)
    _transition(contribution, action=ContributionAction.UNPUBLISH, role=role, actor=actor, reason=reason[:MAX_SUMMARY])
    hooks.contribution_withdrawn(contribution)
    if contribution.proposed_by_id is not None and contribution.proposed_by_id != actor.pk:
        notify(
            to=_proposer_address(contribution),
            subject=_("Votre contribution est retirée : %(title)s") % {"title": contribution.title},
            template="events/email/contribution_withdrawn.txt",
            context={**_mail_context(contribution), "reason": reason.strip()},
        )
    return contribution
