"""The retention the form announces, applied by purge_accompaniment_requests on a fixed day: an ended request is
erased ACCOMPANIMENT_RETENTION_MONTHS months after its end, once; a request never confirmed is deleted after a week."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from solozere.accompaniment.models import Message, MessageSender, ProjectRequest, RequestLog
from solozere.accompaniment.workflow import RequestStatus
from tests.accompaniment.factories_partner import ProjectRequestFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _run(*args):
    out = io.StringIO()
    call_command("purge_accompaniment_requests", *args, stdout=out)
    return out.getvalue()


def _ended(status, when, **kwargs):
    request = ProjectRequestFactory(status=status, description="Mon projet à Mende.", **kwargs)
    RequestLog.objects.create(request=request, action="x", from_state="open", to_state=status, created_at=when)
    Message.objects.create(request=request, sender=MessageSender.REQUESTER, body="Bonjour, je suis Camille.")
    return request


def test_ended_requests_are_erased_after_the_retention_once(settings):
    settings.ACCOMPANIMENT_RETENTION_MONTHS = 24
    old_closed = _ended(RequestStatus.CLOSED, dt.datetime(2024, 11, 20, 10, tzinfo=PARIS))
    old_withdrawn = _ended(RequestStatus.WITHDRAWN, dt.datetime(2024, 12, 1, 10, tzinfo=PARIS))
    recent = _ended(RequestStatus.CLOSED, dt.datetime(2025, 1, 5, 10, tzinfo=PARIS))
    live = ProjectRequestFactory(status=RequestStatus.OPEN)
    ProjectRequest.objects.filter(pk=live.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=PARIS))

    dry = _run("--today", "2026-12-04")
    assert "[essai]" in dry and old_closed.reference in dry and old_withdrawn.reference in dry
    assert recent.reference not in dry and live.reference not in dry
    assert ProjectRequest.objects.filter(purged_at__isnull=False).count() == 0

    output = _run("--wet-run", "--today", "2026-12-04")
    assert "2 demande(s) effacée(s)" in output
    for request in (old_closed, old_withdrawn):
        request.refresh_from_db()
        assert (request.name, request.email, request.description, request.purged_at is not None) == ("", "", "", True)
        assert request.topics and request.status in (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)
        assert set(request.messages.values_list("body", flat=True)) == {""}
    recent.refresh_from_db()
    assert recent.email and recent.messages.get().body
    assert "0 demande(s) effacée(s)" in _run("--wet-run", "--today", "2026-12-05")


def test_requests_never_confirmed_are_deleted_after_a_week():
    stale = ProjectRequestFactory(status=RequestStatus.PENDING, confirmed_at=None)
    fresh = ProjectRequestFactory(status=RequestStatus.PENDING, confirmed_at=None)
    ProjectRequest.objects.filter(pk=stale.pk).update(created_at=dt.datetime(2026, 11, 20, tzinfo=PARIS))
    ProjectRequest.objects.filter(pk=fresh.pk).update(created_at=dt.datetime(2026, 12, 1, tzinfo=PARIS))
    output = _run("--wet-run", "--today", "2026-12-04")
    assert "1 jamais confirmée(s)" in output
    assert list(ProjectRequest.objects.values_list("pk", flat=True)) == [fresh.pk]
