"""The retention the request form announces: a request is kept ACCOMPANIMENT_RETENTION_MONTHS months after it ended
(closed or withdrawn), then what names the person and everything written in it is erased (the same erasure as an
account's deletion, personal_data.py); topics, commune, states and dates stay for the statistics. A visitor's request
never confirmed is deleted once its confirmation link has long expired: nobody ever read it."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from solozere.accompaniment.models import ProjectRequest
from solozere.accompaniment.personal_data import ERASED_FIELDS, erase_what_was_written, request_erase
from solozere.accompaniment.services import lock_request, request_withdraw
from solozere.accompaniment.workflow import LIVE_REQUEST_STATES, RequestStatus

ENDED = (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)
# A confirmation link lasts 48 hours; a pending request is deleted a week after it was made.
PENDING_DAYS = 7


@dataclass
class RetentionRun:
    erased: list[ProjectRequest] = field(default_factory=list)
    deleted: list[ProjectRequest] = field(default_factory=list)


def to_erase(*, today: dt.date) -> QuerySet[ProjectRequest]:
    """Ended requests whose end is more than the retention ago, not erased yet."""
    cutoff = today - relativedelta(months=int(settings.ACCOMPANIMENT_RETENTION_MONTHS))
    return (
        ProjectRequest.objects.filter(status__in=ENDED, purged_at__isnull=True)
        .annotate(ended_at=Max("log__created_at", filter=Q(log__to_state__in=ENDED)))
        .filter(ended_at__date__lt=cutoff)
        .order_by("ended_at", "pk")
    )


def to_delete(*, today: dt.date) -> QuerySet[ProjectRequest]:
    return ProjectRequest.objects.filter(
        status=RequestStatus.PENDING, created_at__date__lt=today - dt.timedelta(days=PENDING_DAYS)
    ).order_by("created_at", "pk")


def apply_retention(*, today: dt.date, wet_run: bool) -> RetentionRun:
    """Erase and delete what the retention says; in a dry run, the same selection, nothing changed."""
    run = RetentionRun(erased=list(to_erase(today=today)), deleted=list(to_delete(today=today)))
    if not wet_run:
        return run
    now = timezone.now()
    with transaction.atomic():
        for project_request in run.erased:
            request_erase(project_request, now=now)
            project_request.save(update_fields=ERASED_FIELDS)
        erase_what_was_written([r.pk for r in run.erased])
        ProjectRequest.objects.filter(pk__in=[r.pk for r in run.deleted]).delete()
    return run


def request_erase_now(*, project_request: ProjectRequest, actor: Any = None) -> None:
    """The person has their request erased at once, without waiting for the retention: a live one is withdrawn first
    (the organisations that had it are told, as for a withdrawal), then the same erasure as the retention's; its
    private link dies. Topics, commune, states and dates stay for the statistics."""
    with transaction.atomic():
        locked = lock_request(project_request)
        if locked.purged_at is not None:
            return
        if locked.status in LIVE_REQUEST_STATES:
            request_withdraw(project_request=locked, actor=actor)
        request_erase(locked, now=timezone.now())
        locked.save(update_fields=ERASED_FIELDS)
        erase_what_was_written([locked.pk])
