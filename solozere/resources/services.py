"""Use cases of the resource centre. Views, the admin, commands and tests call these; none re-implements them.

Each change of state applies one row of `workflow.WORKFLOW` through core's `apply_transition` (one
LibraryItemTransition row) on the resource locked in the transaction, then tells the person concerned with core's
`notify` (after commit).

Event contributions (solozere.events, an app below this one) are to feed in later through one more use case,
`resource_from_contribution(*, contribution, actor)`, registered by this app at start-up on a hook of events (as
bookings' SEATS_FREED list is): it will create the resource already published, with `kind` "event_contribution",
`source_event_title`/`source_url` filled from the event, and a nullable one-to-one key to the contribution (added
then, SET_NULL, unique: the same contribution never enters twice). Not written yet: events is being built.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accounts.roles import is_network_staff
from solozere.core.mail import notify
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.resources.models import (
    Audience,
    ItemAudience,
    ItemTopic,
    Kind,
    LibraryItem,
    LibraryItemTransition,
    Licence,
    Topic,
    web_url_validator,
)
from solozere.resources.selectors import may_propose, search_text_of
from solozere.resources.uploads import UploadRefused, check_document
from solozere.resources.workflow import WORKFLOW, Action, Role


class ServiceError(Exception):
    """A use case refused, with a French sentence for the person; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ProposalData:
    """What a proposal holds: a document (`upload`) or a link (`url`), exactly one of them."""

    title: str
    summary: str
    kind: str
    author: str
    document_date: dt.date
    licence: str
    topics: Sequence[str]
    audiences: Sequence[str]
    organisation: str = ""
    licence_other: str = ""
    url: str = ""
    upload: Any = None
    source_event_title: str = ""
    source_url: str = ""
    is_demo: bool = False


def _printable(text: str, limit: int) -> str:
    """One line of text without control characters (PostgreSQL refuses NUL), at most `limit` characters."""
    return " ".join("".join(c for c in str(text) if ord(c) >= 32).split())[:limit]


def _paragraphs(text: str, limit: int) -> str:
    return "".join(c for c in str(text) if c in "\n\t" or ord(c) >= 32).replace("\r", "").strip()[:limit]


def _web_address(value: str, *, field_name: str) -> str:
    """A web page's address (http or https only: never javascript:, data: or file:), or ""."""
    value = value.strip()
    if not value:
        return ""
    try:
        web_url_validator(value)
    except ValidationError:
        raise ServiceError(_("Saisissez une adresse web qui commence par https://."), field=field_name) from None
    scheme, rest = value.split("://", 1)
    return f"{scheme.lower()}://{rest}"  # the database checks the prefix, case and all


def _apply(
    item: LibraryItem, *, action: Action, role: Role, actor: Any, reason: str = "", save: Sequence[str] = ()
) -> None:
    try:
        apply_transition(
            workflow=WORKFLOW,
            obj=item,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=LibraryItemTransition,
            save_fields=save,
            item=item,
        )
    except TransitionNotAllowed as error:
        raise ServiceError(error.message) from None


def _locked(item: LibraryItem) -> LibraryItem:
    return LibraryItem.objects.select_for_update(of=("self",)).select_related("proposed_by").get(pk=item.pk)


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _tell_proposer(item: LibraryItem, *, subject: str, template: str, reason: str = "") -> None:
    person = item.proposed_by
    if person is None or not person.email or not person.is_active:
        return  # the account is gone: nobody to tell
    notify(
        to=[person.email],
        subject=subject,
        template=template,
        context={
            "item": item,
            "reason": reason.strip(),
            "link": _link(item.get_absolute_url()),
            "mine": _link(reverse("resources:mine")),
        },
    )


@transaction.atomic
def item_propose(*, actor: Any, data: ProposalData) -> LibraryItem:
    """A new resource, waiting for the staff's review; the staff are told."""
    if not may_propose(actor):
        raise ServiceError(
            _(
                "Proposer une ressource est réservé aux membres du réseau, aux gestionnaires de lieux, aux "
                "structures partenaires et à l'équipe."
            )
        )
    url = _web_address(data.url, field_name="url")
    has_file = data.upload is not None
    if has_file and url:
        raise ServiceError(_("Envoyez un document ou indiquez un lien, pas les deux."), field="url")
    if not has_file and not url:
        raise ServiceError(_("Envoyez un document (PDF ou image) ou indiquez le lien de la ressource."), field="file")
    if data.kind not in Kind.values:
        raise ServiceError(_("Choisissez le type de ressource."), field="kind")
    if data.licence not in Licence.values:
        raise ServiceError(_("Choisissez la licence."), field="licence")
    licence_other = _printable(data.licence_other, 200) if data.licence == Licence.OTHER else ""
    if data.licence == Licence.OTHER and not licence_other:
        raise ServiceError(_("Précisez la licence."), field="licence_other")
    topics = sorted(set(data.topics))
    audiences = sorted(set(data.audiences))
    if not topics or set(topics) - set(Topic.values):
        raise ServiceError(_("Choisissez au moins un thème dans la liste."), field="topics")
    if not audiences or set(audiences) - set(Audience.values):
        raise ServiceError(_("Choisissez au moins un public dans la liste."), field="audiences")

    item = LibraryItem(
        title=_printable(data.title, 200),
        summary=_paragraphs(data.summary, 2000),
        kind=data.kind,
        author=_printable(data.author, 200),
        organisation=_printable(data.organisation, 200),
        document_date=data.document_date,
        licence=data.licence,
        licence_other=licence_other,
        url=url,
        source_event_title=_printable(data.source_event_title, 200),
        source_url=_web_address(data.source_url, field_name="source_url"),
        proposed_by=actor,
        proposed_at=timezone.now(),
        is_demo=data.is_demo,
    )
    if not item.title:
        raise ServiceError(_("Indiquez le titre de la ressource."), field="title")
    item.search_text = search_text_of(item)
    if has_file:
        try:
            checked = check_document(data.upload)
        except UploadRefused as error:
            raise ServiceError(str(error), field="file") from None
        item.file_name = _printable(getattr(data.upload, "name", "") or "", 255) or "document"
        item.file_content_type = checked.content_type
        item.file_size = checked.size
        # The stored name takes the extension of what the file is, not of what it was called.
        item.file.save(f"document.{checked.extension}", ContentFile(checked.content), save=False)
    _apply(item, action=Action.PROPOSE, role=Role.PROPOSER, actor=actor)
    ItemTopic.objects.bulk_create([ItemTopic(item=item, code=code) for code in topics])
    ItemAudience.objects.bulk_create([ItemAudience(item=item, code=code) for code in audiences])
    if item.is_demo:
        return item  # a demo proposal (load_demo_resources) is nobody's news: the team's inbox is real
    notify(
        to=[settings.CONTACT_EMAIL],
        subject=_("Ressource à relire : %(title)s") % {"title": item.title},
        template="resources/email/proposed_staff.txt",
        context={"item": item, "link": _link(reverse("resources:staff_review", kwargs={"pk": item.pk}))},
    )
    return item


def _require_staff(actor: Any) -> None:
    if not is_network_staff(actor):
        raise ServiceError(_("Seule l'équipe du réseau relit et publie les ressources."))


@transaction.atomic
def item_publish(*, actor: Any, item: LibraryItem) -> LibraryItem:
    _require_staff(actor)
    item = _locked(item)
    item.published_at = timezone.now()
    item.decision_reason = ""
    _apply(item, action=Action.PUBLISH, role=Role.STAFF, actor=actor, save=["published_at", "decision_reason"])
    _tell_proposer(
        item,
        subject=_("Votre ressource est publiée : %(title)s") % {"title": item.title},
        template="resources/email/published.txt",
    )
    return item


@transaction.atomic
def item_reject(*, actor: Any, item: LibraryItem, reason: str) -> LibraryItem:
    """Refused, with the reason the proposer is sent."""
    _require_staff(actor)
    item = _locked(item)
    item.decision_reason = _paragraphs(reason, 2000)
    try:
        WORKFLOW.check(state=item.status, action=Action.REJECT, role=Role.STAFF, reason=item.decision_reason)
    except TransitionNotAllowed as error:
        raise ServiceError(error.message, field="reason") from None
    _apply(
        item, action=Action.REJECT, role=Role.STAFF, actor=actor, reason=item.decision_reason, save=["decision_reason"]
    )
    _tell_proposer(
        item,
        subject=_("Votre ressource n'est pas publiée : %(title)s") % {"title": item.title},
        template="resources/email/rejected.txt",
        reason=item.decision_reason,
    )
    return item


@transaction.atomic
def item_unpublish(*, actor: Any, item: LibraryItem, reason: str) -> LibraryItem:
    """A published resource taken off the centre (out of date, rights disputed...); the proposer is told why."""
    _require_staff(actor)
    item = _locked(item)
    item.decision_reason = _paragraphs(reason, 2000)
    try:
        WORKFLOW.check(state=item.status, action=Action.UNPUBLISH, role=Role.STAFF, reason=item.decision_reason)
    except TransitionNotAllowed as error:
        raise ServiceError(error.message, field="reason") from None
    _apply(
        item,
        action=Action.UNPUBLISH,
        role=Role.STAFF,
        actor=actor,
        reason=item.decision_reason,
        save=["decision_reason"],
    )
    _tell_proposer(
        item,
        subject=_("Votre ressource est retirée du centre de ressources : %(title)s") % {"title": item.title},
        template="resources/email/unpublished.txt",
        reason=item.decision_reason,
    )
    return item


@transaction.atomic
def item_withdraw(*, actor: Any, item: LibraryItem) -> LibraryItem:
    """The proposer takes back a proposal not reviewed yet."""
    item = _locked(item)
    if not getattr(actor, "is_authenticated", False) or item.proposed_by_id != actor.pk:
        raise ServiceError(_("Seule la personne qui a proposé cette ressource peut retirer sa proposition."))
    _apply(item, action=Action.WITHDRAW, role=Role.PROPOSER, actor=actor)
    return item
