"""Event contributions in the resource centre: a contribution published on its event's page (solozere.events, an app
below this one) becomes a published resource with the event as its source, and leaves when it is withdrawn there.
Registered in ResourcesConfig.ready on events' contribution listeners (called after the event's transaction
commits). One resource per contribution (a unique key): a second call changes nothing."""

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
)
from solozere.resources.selectors import search_text_of
from solozere.resources.workflow import WORKFLOW, Action, Role, Status

# What an event contribution is about and for, until the staff refine it on the review page.
CONTRIBUTION_TOPICS = (Topic.NETWORK_LIFE,)
CONTRIBUTION_AUDIENCES = (Audience.TELEWORKER,)


def _event_url(event: Any) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{event.get_absolute_url()}"


@transaction.atomic
def resource_from_contribution(contribution: Any) -> LibraryItem | None:
    """The published resource of `contribution` (published on its event's page), made once."""
    if LibraryItem.objects.filter(source_contribution_id=contribution.pk).exists():
        return None
    event = contribution.event
    event_url = _event_url(event)
    summary = (contribution.summary or contribution.notes or "").strip()[:2000] or _(
        "Contribution à l'événement « %(event)s »."
    ) % {"event": event.title}
    item = LibraryItem(
        title=contribution.title[:200],
        summary=summary,
        kind=Kind.EVENT_CONTRIBUTION,
        author=(contribution.speaker or contribution.organisation_name or settings.SITE_NAME)[:200],
        organisation=contribution.organisation_name[:200],
        document_date=timezone.localtime(event.starts_at).date(),
        licence=contribution.licence if contribution.licence in Licence.values else Licence.ALL_RIGHTS_RESERVED,
        source_event_title=event.title[:200],
        source_url=event_url,
        source_contribution=contribution,
        proposed_by=contribution.proposed_by,
        published_at=timezone.now(),
        is_demo=event.is_demo,
    )
    if contribution.file:
        with contribution.file.open("rb") as stored:
            content = stored.read()
        item.file_name = contribution.file_name or "document"
        item.file_content_type = contribution.file_type
        item.file_size = len(content)
        extension = contribution.file.name.rsplit(".", 1)[-1] if "." in contribution.file.name else "bin"
        item.file.save(f"document.{extension}", ContentFile(content), save=False)
    else:
        # A video or a page: its link; notes only: the event's page, where they are shown.
        item.url = contribution.link or event_url
    item.search_text = search_text_of(item)
    apply_transition(
        workflow=WORKFLOW,
        obj=item,
        action=Action.FROM_EVENT,
        role=Role.EVENT,
        actor=contribution.proposed_by,
        log_model=LibraryItemTransition,
        item=item,
    )
    ItemTopic.objects.bulk_create([ItemTopic(item=item, code=code) for code in CONTRIBUTION_TOPICS])
    ItemAudience.objects.bulk_create([ItemAudience(item=item, code=code) for code in CONTRIBUTION_AUDIENCES])
    return item


@transaction.atomic
def resource_withdraw_contribution(contribution: Any) -> LibraryItem | None:
    """The contribution was withdrawn from its event's page: its resource leaves the centre too."""
    item = LibraryItem.objects.select_for_update().filter(source_contribution_id=contribution.pk).first()
    if item is None or item.status != Status.PUBLISHED:
        return None
    apply_transition(
        workflow=WORKFLOW,
        obj=item,
        action=Action.EVENT_WITHDRAWN,
        role=Role.EVENT,
        actor=None,
        log_model=LibraryItemTransition,
        item=item,
    )
    return item
