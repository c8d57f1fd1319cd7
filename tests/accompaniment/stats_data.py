"""Requests, parts and messages at given moments, for the statistics' tests (their dates are set after creation:
created_at is auto_now_add)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from solozere.accompaniment.models import Assignment, Message, MessageSender, ProjectRequest
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.organisations.models import Organisation
from solozere.territory.models import Commune
from tests.accompaniment.factories_partner import AssignmentFactory, ProjectRequestFactory

PARIS = ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def make_request(
    on: dt.datetime,
    *topics: str,
    commune: Commune | None = None,
    confirmed: bool = True,
    status: str = RequestStatus.OPEN,
    **fields: Any,
) -> ProjectRequest:
    request = ProjectRequestFactory(
        commune=commune,
        topics=list(topics) or ["moving"],
        status=status,
        confirmed_at=on if confirmed else None,
        **fields,
    )
    ProjectRequest.objects.filter(pk=request.pk).update(created_at=on)
    request.refresh_from_db()
    return request


def make_part(
    request: ProjectRequest,
    organisation: Organisation,
    on: dt.datetime,
    status: str = AssignmentStatus.NEW,
    *,
    is_lead: bool = False,
) -> Assignment:
    part = AssignmentFactory(request=request, organisation=organisation, status=status, is_lead=is_lead)
    Assignment.objects.filter(pk=part.pk).update(created_at=on)
    part.refresh_from_db()
    return part


def make_message(
    request: ProjectRequest,
    organisation: Organisation | None,
    on: dt.datetime,
    *,
    sender: str = MessageSender.AGENT,
    internal: bool = False,
) -> Message:
    message = Message.objects.create(
        request=request,
        sender=sender,
        organisation=organisation,
        body="Bonjour, nous vous rappelons.",
        internal=internal,
    )
    Message.objects.filter(pk=message.pk).update(created_at=on)
    return message
