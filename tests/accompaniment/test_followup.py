"""Nobody is forgotten: the reminder ladder and the absent agents' requests, run by their commands on a fixed clock
(`--today`, and a fixed moment when each organisation got the request). Each sends what it should, once."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from solozere.accompaniment.models import Assignment, AssignmentLog
from solozere.accompaniment.services_followup import assignment_release
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.organisations.models import OrganisationAgent
from solozere.organisations.services import organisation_agent_remove
from tests.accompaniment.factories_partner import AgentAbsenceFactory, AssignmentFactory, PartnerProfileFactory
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

PARIS = ZoneInfo("Europe/Paris")
RECEIVED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)  # a Tuesday

pytestmark = pytest.mark.django_db


def _run(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def routed(settings):
    """One request with two organisations: the lead (which has taken its part) and another that has not."""
    settings.ACCOMPANIMENT_REMINDER_DAYS = (3, 5, 8)
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    lead_org = OrganisationFactory(name="Chef de file")
    other_org = OrganisationFactory(name="Autre structure")
    OrganisationAgentFactory(organisation=lead_org, user=UserFactory(email="lead@partenaire.example"))
    OrganisationAgentFactory(organisation=other_org, user=UserFactory(email="autre@partenaire.example"))
    PartnerProfileFactory(organisation=other_org, contact_email="accueil@autre.example")
    lead = AssignmentFactory(organisation=lead_org, is_lead=True, status=AssignmentStatus.TAKEN, waiting_since=RECEIVED)
    other = AssignmentFactory(request=lead.request, organisation=other_org, is_lead=False, waiting_since=RECEIVED)
    return lead, other


def _day(on_commit, day):
    mail.outbox.clear()
    with on_commit(execute=True):
        output = _run("remind_accompaniment", "--wet-run", "--today", day)
    return output, [(sorted(message.to), message.subject) for message in mail.outbox]


def test_the_ladder_reminds_the_organisation_then_the_lead_then_staff_once_each_on_its_day(routed, on_commit):
    _lead, other = routed
    ref = other.request.reference
    assert _day(on_commit, "2026-12-03")[1] == []
    _output, sent = _day(on_commit, "2026-12-04")
    assert sent == [(["accueil@autre.example", "autre@partenaire.example"], sent[0][1])]
    assert "3 jours ouvrés" in sent[0][1] and ref in sent[0][1]
    assert _day(on_commit, "2026-12-04")[1] == []
    assert _day(on_commit, "2026-12-07")[1] == []
    sent = _day(on_commit, "2026-12-08")[1]
    assert [to for to, _subject in sent] == [["lead@partenaire.example"]]
    assert "chef de file" in sent[0][1]
    assert _day(on_commit, "2026-12-10")[1] == []
    sent = _day(on_commit, "2026-12-11")[1]
    assert [to for to, _subject in sent] == [["accompagnement@solozere.example"]]
    assert "Autre structure" in sent[0][1]
    assert _day(on_commit, "2026-12-11")[1] == []
    assert _day(on_commit, "2026-12-31")[1] == []
    other.refresh_from_db()
    assert other.reminder_level == 3


def test_the_dry_run_says_what_it_would_send_and_sends_nothing(routed, on_commit):
    _lead, other = routed
    with on_commit(execute=True):
        output = _run("remind_accompaniment", "--today", "2026-12-04")
    assert "[essai]" in output and other.request.reference in output and "1 relance(s) à envoyer" in output
    assert mail.outbox == []
    other.refresh_from_db()
    assert other.reminder_level == 0


def test_a_request_taken_or_closed_is_not_reminded(routed, on_commit):
    _lead, other = routed
    other.status = AssignmentStatus.TAKEN
    other.save()
    assert _day(on_commit, "2026-12-04")[1] == []
    other.status = AssignmentStatus.NEW
    other.save()
    other.request.status = RequestStatus.CLOSED
    other.request.save()
    assert _day(on_commit, "2026-12-11")[1] == []


def test_an_absent_agents_requests_go_back_to_their_present_colleagues_once(settings, on_commit):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Lozère Test")
    away = UserFactory(email="absente@partenaire.example", first_name="Rose", last_name="Absente")
    colleague = UserFactory(email="collegue@partenaire.example")
    other_away = UserFactory(email="aussi.absent@partenaire.example")
    for user in (away, colleague, other_away):
        OrganisationAgentFactory(organisation=organisation, user=user)
    AgentAbsenceFactory(user=away, starts_on=dt.date(2026, 12, 7), ends_on=dt.date(2026, 12, 18))
    AgentAbsenceFactory(user=other_away, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31))
    taken = AssignmentFactory(organisation=organisation, status=AssignmentStatus.IN_PROGRESS, taken_by=away)
    untouched = AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=colleague)

    with on_commit(execute=True):
        assert "0 demande(s)" in _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-04")
        dry = _run("reroute_absent_agents", "--today", "2026-12-07")
    assert "[essai]" in dry and taken.request.reference in dry and mail.outbox == []

    with on_commit(execute=True):
        output = _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-07")
    assert "1 demande(s) rendue(s)" in output
    assert [message.to for message in mail.outbox] == [["collegue@partenaire.example"]]
    assert "Rose Absente" in mail.outbox[0].body and "18 décembre 2026" in mail.outbox[0].body
    taken.refresh_from_db()
    untouched.refresh_from_db()
    assert (taken.status, taken.taken_by, taken.reminder_level) == (AssignmentStatus.NEW, None, 0)
    assert untouched.status == AssignmentStatus.TAKEN and untouched.taken_by == colleague
    row = AssignmentLog.objects.get(assignment=taken)
    assert (row.action, row.from_state, row.to_state) == ("release", "in_progress", "new")
    assert row.reason == "L'agent qui la suivait est absent jusqu'au 18/12/2026."
    assert "Rose" not in output and "absente@partenaire.example" in output

    mail.outbox.clear()
    with on_commit(execute=True):
        assert "0 demande(s)" in _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-08")
    assert mail.outbox == []


def test_with_every_colleague_away_staff_are_told(settings, on_commit):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory()
    away = UserFactory()
    OrganisationAgentFactory(organisation=organisation, user=away)
    AgentAbsenceFactory(user=away)
    AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=away)
    with on_commit(execute=True):
        _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-07")
    assert [message.to for message in mail.outbox] == [["accompagnement@solozere.example"]]


def test_unanswered_requests_are_listed_with_their_age(routed):
    _lead, other = routed
    from solozere.accompaniment.models import ProjectRequest

    ProjectRequest.objects.filter(pk=other.request_id).update(created_at=RECEIVED)
    output = _run("unanswered_requests", "--today", "2026-12-08")
    assert f"{other.request.reference} — 5 jours ouvrés" in output
    assert "Chef de file, Autre structure" in output or "Autre structure, Chef de file" in output
    assert "1 demande(s) sans réponse" in output


def test_a_released_part_starts_the_ladder_again_from_the_organisation(settings, on_commit):
    settings.ACCOMPANIMENT_REMINDER_DAYS = (3, 5, 8)
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Lozère Test")
    away = UserFactory(email="absente@partenaire.example")
    OrganisationAgentFactory(organisation=organisation, user=away)
    OrganisationAgentFactory(organisation=organisation, user=UserFactory(email="collegue@partenaire.example"))
    AgentAbsenceFactory(user=away, starts_on=dt.date(2026, 12, 7), ends_on=dt.date(2026, 12, 31))
    # Reminded up to staff before someone took it.
    part = AssignmentFactory(
        organisation=organisation,
        status=AssignmentStatus.TAKEN,
        taken_by=away,
        waiting_since=RECEIVED,
        reminder_level=3,
    )
    with on_commit(execute=True):
        _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-07")
    part.refresh_from_db()
    assert (part.status, part.reminder_level) == (AssignmentStatus.NEW, 0)
    assert part.waiting_since.astimezone(PARIS).date() == dt.date(2026, 12, 7)

    assert _day(on_commit, "2026-12-09")[1] == []
    sent = _day(on_commit, "2026-12-10")[1]
    assert [to for to, _subject in sent] == [["collegue@partenaire.example"]]
    assert _day(on_commit, "2026-12-10")[1] == []


def test_an_agent_removed_from_the_organisation_or_deactivated_gives_their_parts_back_once(
    settings, on_commit, staff_user
):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Lozère Test")
    elsewhere = OrganisationFactory(name="Autre structure")
    gone = UserFactory(email="partie@partenaire.example", first_name="Jeanne", last_name="Partie")
    off = UserFactory(email="desactive@partenaire.example", first_name="Marc", last_name="Éteint")
    colleague = UserFactory(email="collegue@partenaire.example")
    for user in (gone, off, colleague):
        OrganisationAgentFactory(organisation=organisation, user=user)
    OrganisationAgentFactory(organisation=elsewhere, user=gone)  # she still acts for the other one
    left_behind = AssignmentFactory(organisation=organisation, status=AssignmentStatus.IN_PROGRESS, taken_by=gone)
    still_hers = AssignmentFactory(organisation=elsewhere, status=AssignmentStatus.TAKEN, taken_by=gone)
    deactivated = AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=off)
    untouched = AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=colleague)

    organisation_agent_remove(
        actor=staff_user, agent=OrganisationAgent.objects.get(organisation=organisation, user=gone)
    )
    off.is_active = False
    off.save(update_fields=["is_active"])

    with on_commit(execute=True):
        dry = _run("reroute_absent_agents", "--today", "2026-12-07")
    assert "2 demande(s) à rendre" in dry and mail.outbox == []
    assert left_behind.request.reference in dry and deactivated.request.reference in dry

    with on_commit(execute=True):
        output = _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-07")
    assert "2 demande(s) rendue(s)" in output
    assert [message.to for message in mail.outbox] == [["collegue@partenaire.example"]] * 2
    bodies = "\n".join(message.body for message in mail.outbox)
    assert "Jeanne Partie, qui la suivait, ne fait plus partie de la structure" in bodies
    assert "Le compte de Marc Éteint, qui la suivait, est désactivé" in bodies
    for part in (left_behind, deactivated, still_hers, untouched):
        part.refresh_from_db()
    assert (left_behind.status, left_behind.taken_by, left_behind.reminder_level) == (AssignmentStatus.NEW, None, 0)
    assert (deactivated.status, deactivated.taken_by) == (AssignmentStatus.NEW, None)
    assert (still_hers.status, still_hers.taken_by) == (AssignmentStatus.TAKEN, gone)
    assert (untouched.status, untouched.taken_by) == (AssignmentStatus.TAKEN, colleague)
    reasons = set(AssignmentLog.objects.filter(action="release").values_list("reason", flat=True))
    assert reasons == {
        "L'agent qui la suivait ne fait plus partie de la structure.",
        "Le compte de l'agent qui la suivait est désactivé.",
    }

    mail.outbox.clear()
    with on_commit(execute=True):
        assert "0 demande(s)" in _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-08")
    assert mail.outbox == []


def test_an_organisation_with_nobody_to_receive_it_has_its_reminders_sent_to_staff_once(settings, on_commit):
    settings.ACCOMPANIMENT_REMINDER_DAYS = (3, 5, 8)
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    lead_org = OrganisationFactory(name="Chef de file")
    OrganisationAgentFactory(organisation=lead_org, user=UserFactory(email="lead@partenaire.example"))
    empty = OrganisationFactory(name="Structure vide")
    away = UserFactory(email="absent@vide.example")
    OrganisationAgentFactory(organisation=empty, user=away)  # its only agent is away
    AgentAbsenceFactory(user=away, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31))
    lead = AssignmentFactory(organisation=lead_org, is_lead=True, status=AssignmentStatus.TAKEN, waiting_since=RECEIVED)
    part = AssignmentFactory(request=lead.request, organisation=empty, is_lead=False, waiting_since=RECEIVED)

    output = _run("remind_accompaniment", "--today", "2026-12-04")
    assert "accompagnement@solozere.example" in output and "Structure vide n'a personne" in output

    mail.outbox.clear()
    with on_commit(execute=True):
        _run("remind_accompaniment", "--wet-run", "--today", "2026-12-04")
    [message] = mail.outbox
    assert message.to == ["accompagnement@solozere.example"]
    assert "Structure vide" in message.subject and part.request.reference in message.subject
    assert "Structure vide n'a personne pour recevoir ses demandes" in message.body
    assert f"/equipe/accompagnement/demandes/{part.request.reference}/" in message.body
    assert _day(on_commit, "2026-12-04")[1] == []
    # The next rung goes to the lead, who has someone.
    assert [to for to, _subject in _day(on_commit, "2026-12-08")[1]] == [["lead@partenaire.example"]]


def test_a_waiting_lead_s_lead_rung_goes_to_staff_not_to_itself_again(settings, on_commit):
    settings.ACCOMPANIMENT_REMINDER_DAYS = (3, 5, 8)
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Seule structure")
    OrganisationAgentFactory(organisation=organisation, user=UserFactory(email="agent@seule.example"))
    part = AssignmentFactory(organisation=organisation, is_lead=True, waiting_since=RECEIVED)

    assert [to for to, _subject in _day(on_commit, "2026-12-04")[1]] == [["agent@seule.example"]]
    mail.outbox.clear()
    with on_commit(execute=True):
        _run("remind_accompaniment", "--wet-run", "--today", "2026-12-08")
    [message] = mail.outbox
    assert message.to == ["accompagnement@solozere.example"]
    assert "Seule structure est elle-même chef de file" in message.body
    assert _day(on_commit, "2026-12-08")[1] == []
    assert [to for to, _subject in _day(on_commit, "2026-12-11")[1]] == [["accompagnement@solozere.example"]]
    part.refresh_from_db()
    assert part.reminder_level == 3


def test_a_release_happens_once_even_from_a_stale_read(settings, on_commit):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory()
    away = UserFactory()
    OrganisationAgentFactory(organisation=organisation, user=away)
    OrganisationAgentFactory(organisation=organisation, user=UserFactory(email="collegue@partenaire.example"))
    part = AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=away)
    read_twice = Assignment.objects.get(pk=part.pk)  # a second run that read the row before the first one released it

    with on_commit(execute=True):
        first = assignment_release(part, reason="Essai.", today=dt.date(2026, 12, 7))
        second = assignment_release(read_twice, reason="Essai.", today=dt.date(2026, 12, 7))
    assert first == ["collegue@partenaire.example"] and second is None
    assert AssignmentLog.objects.filter(assignment=part, action="release").count() == 1
    assert len(mail.outbox) == 1


def test_the_dry_run_of_the_release_lists_what_the_wet_run_does(settings, on_commit):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Lozère Test")
    away, off = UserFactory(email="absente@partenaire.example"), UserFactory(email="eteint@partenaire.example")
    for user in (away, off, UserFactory(email="collegue@partenaire.example")):
        OrganisationAgentFactory(organisation=organisation, user=user)
    AgentAbsenceFactory(user=away, starts_on=dt.date(2026, 12, 7), ends_on=dt.date(2026, 12, 18))
    off.is_active = False
    off.save(update_fields=["is_active"])
    AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=away)
    AssignmentFactory(organisation=organisation, status=AssignmentStatus.IN_PROGRESS, taken_by=off)

    dry = _run("reroute_absent_agents", "--today", "2026-12-07").splitlines()
    with on_commit(execute=True):
        wet = _run("reroute_absent_agents", "--wet-run", "--today", "2026-12-07").splitlines()
    assert [line.removeprefix("[essai] ") for line in dry[:-1]] == wet[:-1]
    assert len(wet) == 3 and len(mail.outbox) == 2


def test_on_the_day_of_a_release_the_reminders_send_nothing_and_later_once(settings, on_commit):
    settings.ACCOMPANIMENT_REMINDER_DAYS = (3, 5, 8)
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    organisation = OrganisationFactory(name="Lozère Test")
    away = UserFactory()
    OrganisationAgentFactory(organisation=organisation, user=away)
    OrganisationAgentFactory(organisation=organisation, user=UserFactory(email="collegue@partenaire.example"))
    AgentAbsenceFactory(user=away, starts_on=dt.date(2026, 12, 7), ends_on=dt.date(2026, 12, 31))
    AssignmentFactory(organisation=organisation, status=AssignmentStatus.TAKEN, taken_by=away, waiting_since=RECEIVED)

    for day in ("2026-12-07", "2026-12-08", "2026-12-09"):
        mail.outbox.clear()
        with on_commit(execute=True):
            _run("reroute_absent_agents", "--wet-run", "--today", day)
            _run("remind_accompaniment", "--wet-run", "--today", day)
        assert len(mail.outbox) == (1 if day == "2026-12-07" else 0), day  # only the release, on its day
    sent = [_day(on_commit, "2026-12-10")[1], _day(on_commit, "2026-12-10")[1]]
    assert [[to for to, _subject in day] for day in sent] == [[["collegue@partenaire.example"]], []]
