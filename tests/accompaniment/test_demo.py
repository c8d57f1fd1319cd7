"""The demo project requests: fictional, from demo addresses, labelled « (démo) », made through the real use cases
and routed to the reference profiles; the demo partner agent answers one, works on another, closes a third;
idempotent, refused under production settings, gone with delete_demo; a real request is never touched."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from solozere.accompaniment.models import Assignment, AssignmentLog, Message, ProjectRequest, RequestLog
from solozere.accompaniment.selectors_stats import accompaniment_stats
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.core.demo import DEMO_EMAIL_DOMAIN
from solozere.organisations.models import OrganisationAgent

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(territory, charter_v1):  # type: ignore[no-untyped-def]
    for command in ("load_organisations", "load_accompaniment", "load_demo", "label_demo_places"):
        call_command(command, stdout=io.StringIO())
    call_command("load_demo_accounts", stdout=io.StringIO())


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo_accompaniment", stdout=out)
    return out.getvalue()


def test_the_demo_requests_are_labelled_routed_and_followed(demo, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        out = _load()
    assert "4 demande(s) d'accompagnement de démonstration, 2 réponse(s)" in out
    requests = list(ProjectRequest.objects.all())
    assert len(requests) == 4
    for request in requests:
        assert request.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")
        assert request.name.endswith("(démo)")
        assert request.description.startswith("Demande fictive de démonstration :")
        assert request.confirmed_at is not None
    assert all(address.endswith(f"@{DEMO_EMAIL_DOMAIN}") for message in mail.outbox for address in message.to), (
        "a demo e-mail went to a real address"
    )

    newcomer = ProjectRequest.objects.get(topics=[Topic.WORKPLACE, Topic.PARTNER_EMPLOYMENT])
    assert newcomer.commune.name == "Saint-Alban-sur-Limagnole"
    organisations = set(newcomer.assignments.values_list("organisation__slug", flat=True))
    assert {"lozere-developpement", "departement-lozere"} <= organisations
    assert newcomer.assignments.filter(is_lead=True).count() == 1
    assert newcomer.status == RequestStatus.OPEN and newcomer.first_answer_at is not None
    assert Message.objects.filter(request=newcomer, author__email__startswith="demo-agent-partenaire").exists()

    company = ProjectRequest.objects.get(topics=[Topic.COMPANY_TELEWORK])
    assert company.commune.name == "Mende" and company.company_name.endswith("(démo)")
    assert company.assignments.filter(status=AssignmentStatus.IN_PROGRESS).exists()

    closed = ProjectRequest.objects.get(topics=[Topic.RESOURCE_CENTRE])
    assert closed.status == RequestStatus.CLOSED
    assert set(closed.assignments.values_list("status", flat=True)) == {AssignmentStatus.DONE}

    untouched = ProjectRequest.objects.get(topics=[Topic.BUSINESS_CREATION])
    assert untouched.status == RequestStatus.OPEN
    assert set(untouched.assignments.values_list("status", flat=True)) == {AssignmentStatus.NEW}


def test_loading_twice_changes_nothing(demo):  # type: ignore[no-untyped-def]
    _load()
    counts = (ProjectRequest.objects.count(), Assignment.objects.count(), Message.objects.count())
    assert "déjà chargées" in _load()
    assert (ProjectRequest.objects.count(), Assignment.objects.count(), Message.objects.count()) == counts


def test_without_the_demo_agent_the_requests_wait(territory):  # type: ignore[no-untyped-def]
    for command in ("load_organisations", "load_accompaniment"):
        call_command(command, stdout=io.StringIO())
    out = _load()
    assert "Agent partenaire de démonstration absent" in out
    assert ProjectRequest.objects.count() == 4 and not Message.objects.exists()


def test_the_public_statistics_never_count_the_demo_requests(demo):  # type: ignore[no-untyped-def]
    _load()
    assert ProjectRequest.objects.filter(confirmed_at__isnull=False).count() == 4
    assert accompaniment_stats(timezone.localdate()).counted == 0


def test_demo_requests_are_refused_under_production_settings(demo, settings):  # type: ignore[no-untyped-def]
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo_accompaniment")
    assert not ProjectRequest.objects.exists()


def test_delete_demo_removes_the_demo_requests_and_keeps_a_real_one(demo):  # type: ignore[no-untyped-def]
    _load()
    real = ProjectRequest.objects.order_by("pk").first()
    assert real is not None
    ProjectRequest.objects.filter(pk=real.pk).update(email="vraie.personne@example.org")
    out = io.StringIO()
    call_command("delete_demo", stdout=out)
    assert "3 demande(s) d'accompagnement de démonstration" in out.getvalue()
    assert list(ProjectRequest.objects.values_list("pk", flat=True)) == [real.pk]
    assert not Assignment.objects.exclude(request=real).exists()
    assert not Message.objects.exclude(request=real).exists()
    assert not RequestLog.objects.exclude(request=real).exists()
    assert not AssignmentLog.objects.exclude(assignment__request=real).exists()
    assert not OrganisationAgent.objects.filter(user__email__endswith=DEMO_EMAIL_DOMAIN).exists()


def test_make_run_loads_the_demo_requests_after_the_reference_profiles_and_the_demo_accounts() -> None:
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    setup = makefile.split("setup-db:", 1)[1].split("\n\n", 1)[0]
    assert (
        setup.index("load_accompaniment") < setup.index("load_demo_accounts") < setup.index("load_demo_accompaniment")
    )
