"""Benchmark of accompaniment: two years of project requests routed to the real partner organisations, then the
routing function, the request service, the partner's inbox, the staff's queues, the public statistics and the
survey results.

    .venv/bin/python benchmarks/accompaniment.py            # a fresh SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/solozere_bench_accompaniment .venv/bin/python \\
        benchmarks/accompaniment.py                         # that database created on that server, dropped at the end
    BENCH_REQUESTS=10 .venv/bin/python benchmarks/accompaniment.py   # fewer measures per line (default 30)
    BENCH_SCALE=0.05 .venv/bin/python benchmarks/accompaniment.py    # a twentieth of the data (a quick check)

Same settings and database handling as benchmarks/bookings.py (production settings, DEBUG off, the real territory),
plus the real partner organisations and what each handles where (load_organisations, load_accompaniment). The data
is generated with bulk_create, reproducibly (seed 12): 3 agents per organisation (some away, now or to come); 5,000
project requests spread over the last 24 months (BENCH_SCALE times as many), each with 1 to 3 topics and a commune
of Lozère (none chosen yet for 15 %, a commune déléguée for 1 in 10 of the others), routed by the real routing.route
over the real profiles: one part per organisation it names, the one it leads first. A request nobody covers stays
with the staff (unrouted) if recent, else the staff sent it to one organisation by hand. Most leads then answer some
working days later (a message, the part taken), some other organisations too, a few decline; an unanswered request
is sometimes declined by all and back with the staff (unrouted); 4 in 5 answered requests are closed 2 to 90 working
days after the answer (their parts done), and a third of those answer the survey. Each change of state has its log
row. On PostgreSQL the tables are then ANALYZEd, as autovacuum would soon do after such a load.

Pages go through Django's whole stack in-process (django.test.Client, every middleware, no network), signed in so
that no page cache answers; the SQL queries of one request are counted with CaptureQueriesContext. Median and 95th
percentile of N runs after 3 warm-up ones, with the CPU time of this process (steadier on a shared machine). The
request service's e-mails go where production's go: to the task queue (a row each, no worker runs here)."""

import datetime as dt
import io
import os
import platform
import random
import statistics
import string
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bookings import REQUESTS, WARMUP, fresh_database, queries_of, timed
from benchmarks.places import percentile, prepare_schema, setup_django

SCALE = max(0.001, min(float(os.environ.get("BENCH_SCALE", "1")), 10.0))
PROJECT_REQUESTS = max(20, round(5_000 * SCALE))
SERVICE_CALLS = max(3, round(100 * min(SCALE, 1.0)))
AGENTS_PER_ORGANISATION = 3
MONTHS = 24
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as models.new_reference


@contextmanager
def dates_as_given(*models: Any) -> Iterator[None]:
    """bulk_create keeps the dates set on the rows: auto_now and auto_now_add switched off for the while."""
    saved = []
    for model in models:
        for column in model._meta.concrete_fields:
            if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
                saved.append((column, column.auto_now, column.auto_now_add))
                column.auto_now = column.auto_now_add = False
    try:
        yield
    finally:
        for column, auto_now, auto_now_add in saved:
            column.auto_now, column.auto_now_add = auto_now, auto_now_add


def pick_commune(rng: random.Random, current: list[Any], delegated: list[Any]) -> Any:
    """None (not chosen yet) for 15 % of the requests; a commune déléguée (Javols) for 1 in 10 of the others."""
    if rng.random() < 0.15:
        return None
    return rng.choice(delegated if delegated and rng.random() < 0.1 else current)


def after_working_days(moment: dt.datetime, days: int, rng: random.Random) -> dt.datetime:
    """`days` working days after `moment` (the same day for 0), at an office hour of that day."""
    from django.utils import timezone

    from solozere.core.dates import is_working_day

    day = timezone.localdate(moment)
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    if days == 0:
        return moment + dt.timedelta(minutes=rng.randint(20, 240))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59))))


@dataclass
class Draft:
    """One request before it is saved, with what goes with it."""

    project: Any
    parts: list[Any] = field(default_factory=list)
    part_logs: list[list[Any]] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)
    request_logs: list[Any] = field(default_factory=list)
    survey: Any = None

    def log(self, action: str, before: str, after: str, at: dt.datetime, actor: Any = None) -> None:
        from solozere.accompaniment.models import RequestLog

        self.request_logs.append(
            RequestLog(action=action, from_state=before, to_state=after, actor=actor, created_at=at)
        )

    def add_part(self, organisation_id: int, *, lead: bool, reason: str, at: dt.datetime) -> None:
        from solozere.accompaniment.models import Assignment
        from solozere.accompaniment.workflow import AssignmentAction, AssignmentStatus

        self.parts.append(
            Assignment(
                organisation_id=organisation_id,
                status=AssignmentStatus.NEW,
                is_lead=lead,
                reason=reason[:500],
                waiting_since=at,
                created_at=at,
                updated_at=at,
            )
        )
        self.part_logs.append([])
        self.part_log(len(self.parts) - 1, AssignmentAction.ASSIGN, "", AssignmentStatus.NEW, at)

    def part_log(
        self, number: int, action: str, before: str, after: str, at: dt.datetime, actor: Any = None, reason: str = ""
    ) -> None:
        from solozere.accompaniment.models import AssignmentLog

        self.part_logs[number].append(
            AssignmentLog(action=action, from_state=before, to_state=after, actor=actor, reason=reason, created_at=at)
        )


def generate(rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    """The agents, their absences, the requests with their parts, messages, surveys and logs (see the module's
    docstring)."""
    from django.db import connection
    from django.utils import timezone

    from solozere.accompaniment import routing
    from solozere.accompaniment.models import (
        AgentAbsence,
        Assignment,
        AssignmentLog,
        Message,
        MessageSender,
        ProjectRequest,
        RequestLog,
        Survey,
    )
    from solozere.accompaniment.selectors import coverages, where_of
    from solozere.accompaniment.topics import RequesterKind, Topic
    from solozere.accompaniment.workflow import AssignmentAction, AssignmentStatus, RequestAction, RequestStatus
    from solozere.accounts.models import User
    from solozere.organisations.models import Organisation, OrganisationAgent
    from solozere.territory.models import Commune
    from tests.accounts.factories import UserFactory

    today = timezone.localdate(now)
    organisations = list(Organisation.objects.order_by("slug"))
    agents = User.objects.bulk_create(
        User(
            email=f"agent{number}-{organisation.slug[:40]}@bench.example",
            first_name="Agent",
            last_name=f"{organisation.slug[:20]} {number}",
            password="!",
        )
        for organisation in organisations
        for number in range(1, AGENTS_PER_ORGANISATION + 1)
    )
    agents_of: dict[int, list[User]] = {}
    for index, organisation in enumerate(organisations):
        agents_of[organisation.pk] = agents[index * AGENTS_PER_ORGANISATION : (index + 1) * AGENTS_PER_ORGANISATION]
    OrganisationAgent.objects.bulk_create(
        OrganisationAgent(organisation_id=organisation_id, user=user)
        for organisation_id, users in agents_of.items()
        for user in users
    )
    absences = []
    for agent in agents:
        if rng.random() < 0.3:
            start = today - dt.timedelta(days=rng.randint(30, 600))
            absences.append(AgentAbsence(user=agent, starts_on=start, ends_on=start + dt.timedelta(rng.randint(1, 15))))
        if rng.random() < 0.15:
            start = today + dt.timedelta(days=rng.randint(-5, 60))
            absences.append(
                AgentAbsence(
                    user=agent, starts_on=start, ends_on=start + dt.timedelta(rng.randint(6, 20)), note="Congés"
                )
            )
    AgentAbsence.objects.bulk_create(absences)
    staff = UserFactory(staff=True, email="equipe@bench.example", first_name="Équipe", last_name="Réseau")
    requester = UserFactory(email="demandeur@bench.example", first_name="Camille", last_name="Demandeur")

    communes = list(Commune.objects.select_related("parent").order_by("insee_code", "kind", "pk"))
    current = [c for c in communes if c.kind == Commune.Kind.CURRENT]
    delegated = [c for c in communes if c.kind != Commune.Kind.CURRENT]
    places = {commune.pk: where_of(ProjectRequest(commune=commune)) for commune in communes}
    not_chosen = where_of(ProjectRequest())
    covered = coverages()
    receiving = [coverage for coverage in covered if coverage.receives]
    names = {coverage.organisation_id: coverage.name for coverage in covered}

    references: set[str] = set()

    def reference() -> str:
        while (value := "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))) in references:
            pass
        references.add(value)
        return value

    token_alphabet = string.ascii_letters + string.digits + "-_"
    drafts: list[Draft] = []
    span = dt.timedelta(days=MONTHS * 365 / 12)
    for index in range(PROJECT_REQUESTS):
        created = now - span * rng.random()
        kind = rng.choice(RequesterKind.values)
        topics = rng.sample(Topic.values, rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
        commune = pick_commune(rng, current, delegated)
        where = places[commune.pk] if commune else not_chosen
        confirmed = created + dt.timedelta(minutes=rng.randint(1, 90))
        project = ProjectRequest(
            reference=reference(),
            token="".join(rng.choice(token_alphabet) for _ in range(43)),
            requester_kind=kind,
            name=f"Personne de mesure {index:05d}",
            email=f"demandeur{index:05d}@bench.example",
            company_name=f"Entreprise {index:05d}" if kind == RequesterKind.COMPANY else "",
            commune=commune,
            commune_typed=commune.name if commune else "",
            topics=topics,
            description="Nous nous installons en Lozère et aimerions être accompagnés. " * rng.randint(1, 6),
            consented_at=created,
            confirmed_at=confirmed,
            created_at=created,
            updated_at=confirmed,
        )
        draft = Draft(project)
        drafts.append(draft)

        result = routing.route(topics, where, covered)
        routed_at = confirmed
        if result.matches:
            project.status = RequestStatus.OPEN
            project.unrouted_topics = list(result.unrouted_topics)
            draft.log(RequestAction.OPEN, "", RequestStatus.OPEN, confirmed)
            for match in result.matches:
                draft.add_part(match.organisation_id, lead=match.lead, reason=match.reason, at=confirmed)
        else:
            project.unrouted_topics = list(topics)
            project.status = RequestStatus.UNROUTED
            draft.log(RequestAction.LEAVE_UNROUTED, "", RequestStatus.UNROUTED, confirmed)
            by_hand = after_working_days(confirmed, rng.randint(1, 6), rng)
            if by_hand < now - dt.timedelta(days=20) and rng.random() < 0.9:
                chosen = rng.choice(receiving)
                project.status = RequestStatus.OPEN
                project.unrouted_topics = [t for t in topics if t not in chosen.topics]
                routed_at = by_hand
                draft.log(RequestAction.ROUTE_BY_HAND, RequestStatus.UNROUTED, RequestStatus.OPEN, by_hand, staff)
                draft.add_part(chosen.organisation_id, lead=True, reason="Orientée par l'équipe du réseau.", at=by_hand)
        project.routed_at = routed_at if draft.parts else None
        if not draft.parts:
            continue

        delay = rng.choices([0, 1, 2, 3, 4, 5, 7, 10], weights=[10, 25, 20, 15, 10, 8, 7, 5])[0]
        answered_at = after_working_days(routed_at, delay, rng)
        if answered_at >= now or rng.random() >= 0.96:
            # Nobody has answered: sometimes every organisation declined it, and it is back with the staff.
            declined = after_working_days(routed_at, rng.randint(2, 6), rng)
            if declined < now and rng.random() < 0.4:
                for number, part in enumerate(draft.parts):
                    part.status, part.ended_at, part.outcome = AssignmentStatus.DECLINED, declined, "Pas pour nous."
                    draft.part_log(number, AssignmentAction.DECLINE, "new", part.status, declined, reason=part.outcome)
                project.status, project.unrouted_topics = RequestStatus.UNROUTED, list(topics)
                draft.log(RequestAction.BACK_TO_ROUTING, RequestStatus.OPEN, RequestStatus.UNROUTED, declined)
            continue

        for number, part in enumerate(draft.parts):
            if number and rng.random() < 0.15:
                ended = after_working_days(routed_at, rng.randint(0, 4), rng)
                if ended < now:
                    part.status, part.ended_at, part.outcome = AssignmentStatus.DECLINED, ended, "Hors champ."
                    draft.part_log(number, AssignmentAction.DECLINE, "new", part.status, ended, reason=part.outcome)
                    continue
            at = answered_at if number == 0 else after_working_days(routed_at, rng.randint(1, 8), rng)
            if number and (at >= now or rng.random() < 0.5):
                continue
            agent = rng.choice(agents_of[part.organisation_id])
            part.status = rng.choice([AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS])
            part.taken_by, part.taken_at, part.updated_at = agent, at, at
            draft.part_log(number, AssignmentAction.TAKE, "new", AssignmentStatus.TAKEN, at, actor=agent)
            if part.status == AssignmentStatus.IN_PROGRESS:
                draft.part_log(number, AssignmentAction.START, AssignmentStatus.TAKEN, part.status, at, actor=agent)
            draft.messages.append(
                Message(
                    sender=MessageSender.AGENT,
                    author=agent,
                    organisation_id=part.organisation_id,
                    body=f"Bonjour, {names[part.organisation_id]} vous propose un premier rendez-vous.",
                    created_at=at,
                )
            )
            if project.first_answer_at is None or at < project.first_answer_at:
                project.first_answer_at = at
        if rng.random() < 0.3 and (reply := answered_at + dt.timedelta(hours=rng.randint(2, 72))) < now:
            draft.messages.append(Message(sender=MessageSender.REQUESTER, body="Merci, c'est noté.", created_at=reply))

        closing = after_working_days(answered_at, rng.randint(2, 90), rng)
        if closing >= now or rng.random() >= 0.8:
            continue
        project.status, project.closed_at = RequestStatus.CLOSED, closing
        draft.log(RequestAction.CLOSE, RequestStatus.OPEN, RequestStatus.CLOSED, closing)
        for number, part in enumerate(draft.parts):
            if part.status == AssignmentStatus.DECLINED:
                continue
            if part.status == AssignmentStatus.NEW:
                part.taken_by, part.taken_at = rng.choice(agents_of[part.organisation_id]), closing
                draft.part_log(number, AssignmentAction.TAKE, "new", AssignmentStatus.TAKEN, closing, part.taken_by)
                part.status = AssignmentStatus.TAKEN
            before = part.status
            part.status, part.ended_at, part.outcome = AssignmentStatus.DONE, closing, "Accompagnement fait."
            draft.part_log(number, AssignmentAction.FINISH, before, part.status, closing, part.taken_by, part.outcome)
        if (sent := closing + dt.timedelta(days=1)) >= now:
            continue
        project.survey_sent_at = sent
        if rng.random() < 0.35 and (answered := sent + dt.timedelta(hours=rng.randint(1, 120))) < now:
            draft.survey = Survey(
                answered=rng.choices(Survey.Answered.values, weights=[7, 2, 1])[0],
                useful=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 4])[0],
                comment=rng.choice(["", "", "Très bon accueil.", "Réponse un peu lente."]),
                created_at=answered,
            )

    with dates_as_given(ProjectRequest, Assignment, Message, Survey):
        saved = ProjectRequest.objects.bulk_create([d.project for d in drafts], batch_size=1000)
        for project, draft in zip(saved, drafts, strict=True):
            for row in [*draft.parts, *draft.messages, *draft.request_logs, *([draft.survey] if draft.survey else [])]:
                row.request = project
        parts = Assignment.objects.bulk_create([p for d in drafts for p in d.parts], batch_size=1000)
        Message.objects.bulk_create([m for d in drafts for m in d.messages], batch_size=1000)
        RequestLog.objects.bulk_create([log for d in drafts for log in d.request_logs], batch_size=1000)
        Survey.objects.bulk_create([d.survey for d in drafts if d.survey], batch_size=1000)
    part_logs = [logs for d in drafts for logs in d.part_logs]
    for part, logs in zip(parts, part_logs, strict=True):
        for log in logs:
            log.assignment = part
    AssignmentLog.objects.bulk_create([log for logs in part_logs for log in logs], batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load (see benchmarks/bookings.py)
    return {
        "agents_of": agents_of,
        "staff": staff,
        "requester": requester,
        "communes": communes,
        "current": current,
        "delegated": delegated,
        "places": places,
        "not_chosen": not_chosen,
        "coverages": covered,
        "organisations": organisations,
    }


def main() -> None:
    rng = random.Random(12)
    with fresh_database() as database:
        setup_django()
        prepare_schema()
        from django.core.management import call_command
        from django.db.models import Count
        from django.test import Client
        from django.utils import timezone

        from solozere.accompaniment import routing
        from solozere.accompaniment.models import (
            AgentAbsence,
            Assignment,
            AssignmentLog,
            Message,
            PartnerProfile,
            ProjectRequest,
            Survey,
        )
        from solozere.accompaniment.selectors_followup import TO_ROUTE, UNANSWERED
        from solozere.accompaniment.services import NewRequest, RequestError, request_create
        from solozere.accompaniment.topics import RequesterKind, Topic
        from solozere.accompaniment.workflow import RequestStatus

        call_command("load_organisations", stdout=io.StringIO())
        call_command("load_accompaniment", stdout=io.StringIO())
        print(f"# Benchmark de l'accompagnement SoLozère — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
        print(
            f"Machine : {platform.node()}, {platform.machine()}, {os.cpu_count()} cœurs, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
        )
        print(f"Base : {database} ; {REQUESTS} mesures par ligne (+{WARMUP} d'échauffement), en processus.")
        print(
            "Charge de la machine (load average 1/5/15 min) au départ : {:.2f} / {:.2f} / {:.2f}".format(
                *os.getloadavg()
            )
        )
        started = time.perf_counter()
        data = generate(rng, timezone.now())
        by_status = Counter(ProjectRequest.objects.values_list("status", flat=True))
        print(
            f"Données (échelle {SCALE:g}) : {len(data['communes'])} communes, {len(data['organisations'])} structures "
            f"({PartnerProfile.objects.count()} profils, "
            f"{sum(c.receives for c in data['coverages'])} recevant des demandes), "
            f"{sum(len(a) for a in data['agents_of'].values())} agents, "
            f"{AgentAbsence.objects.count()} absences ; {sum(by_status.values())} demandes sur {MONTHS} mois ("
            + " ; ".join(f"{RequestStatus(status).label} : {count}" for status, count in sorted(by_status.items()))
            + f"), {Assignment.objects.count()} parts, {Message.objects.count()} messages, "
            f"{Survey.objects.count()} questionnaires, {AssignmentLog.objects.count()} étapes de parts ; "
            f"générées en {time.perf_counter() - started:.1f} s."
        )
        rows: list[tuple[str, dict[str, float], int | str]] = []

        # The pure routing: every topic alone at every commune (current and déléguée) and with none chosen.
        places = [*data["places"].values(), data["not_chosen"]]
        combinations = [(topic, where) for topic in Topic.values for where in places]

        def route_all() -> None:
            for topic, where in combinations:
                routing.route((topic,), where, data["coverages"])

        sweep = timed(route_all)
        rows.append(
            (
                f"routing.route, {len(combinations)} appels ({len(Topic.values)} sujets, {len(places)} lieux) "
                f"sur {len(data['coverages'])} couvertures, par mesure ({sweep['median'] * 1000 / len(combinations):.0f}"
                " µs par appel)",
                sweep,
                0,
            )
        )

        # The request service: a signed-in person whose address is confirmed, routed at once.
        requester = data["requester"]
        current, delegated = data["current"], data["delegated"]
        timings, cpu, refused, queries, first_parts = [], [], 0, 0, 0
        for index in range(SERVICE_CALLS):
            commune = pick_commune(rng, current, delegated)
            new = NewRequest(
                requester_kind=rng.choice(RequesterKind.values),
                name="Camille Demandeur",
                email=requester.email,
                topics=tuple(rng.sample(Topic.values, rng.choices([1, 2, 3], weights=[6, 3, 1])[0])),
                description="Je m'installe à la rentrée et cherche un accompagnement.",
                commune=commune,
                commune_typed=commune.name if commune else "",
            )
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                if index == 0:
                    queries = queries_of(lambda new=new: request_create(actor=requester, data=new))
                    first = ProjectRequest.objects.filter(user=requester).latest("pk")
                    first_parts = first.assignments.count()
                else:
                    request_create(actor=requester, data=new)
            except RequestError:
                refused += 1
                continue
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        made = ProjectRequest.objects.filter(user=requester)
        rows.append(
            (
                f"request_create (service, {len(timings)} demandes : {made.filter(status=RequestStatus.OPEN).count()} "
                f"transmises, {made.filter(status=RequestStatus.UNROUTED).count()} à orienter ; {refused} refusées ; "
                f"requêtes comptées sur la première, transmise à {first_parts} structure(s))",
                {"median": statistics.median(timings), "p95": percentile(timings, 0.95), "cpu": statistics.median(cpu)},
                queries,
            )
        )

        # The partner's inbox, as an agent of the organisation with the most parts.
        busiest_id = (
            Assignment.objects.values("organisation_id")
            .annotate(parts=Count("pk"))
            .order_by("-parts", "organisation_id")
            .values_list("organisation_id", flat=True)[0]
        )
        busiest = next(o for o in data["organisations"] if o.pk == busiest_id)
        counts = Counter(Assignment.objects.filter(organisation=busiest).values_list("status", flat=True))
        shown = (
            Assignment.objects.filter(organisation=busiest, request__messages__organisation=busiest)
            .order_by("-created_at", "-pk")
            .values_list("request__reference", flat=True)[0]
        )
        ended = sum(counts.values()) - counts["new"] - counts["taken"] - counts["in_progress"]
        print(f"Structure la plus chargée : {busiest.name} ({sum(counts.values())} parts).")

        def page(client: Client, label: str, url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            rows.append(
                (
                    f"{label} `{url}`",
                    timed(lambda: client.get(url)),
                    queries_of(lambda: client.get(url)),
                )
            )

        agent = Client()
        agent.force_login(data["agents_of"][busiest.pk][0])
        page(
            agent,
            f"boîte du partenaire, à prendre ({counts['new']} parts)",
            "/accompagnement/partenaires/?vue=a-prendre",
        )
        page(
            agent,
            f"boîte du partenaire, prises en charge ({counts['taken'] + counts['in_progress']} parts)",
            "/accompagnement/partenaires/?vue=en-cours",
        )
        page(agent, f"boîte du partenaire, closes ({ended} parts)", "/accompagnement/partenaires/?vue=closes")
        page(agent, "une demande dans la boîte du partenaire", f"/accompagnement/partenaires/{shown}/")
        page(agent, "résultats du questionnaire de la structure", "/accompagnement/partenaires/questionnaire/")

        staff = Client()
        staff.force_login(data["staff"])
        to_route = ProjectRequest.objects.filter(TO_ROUTE).count()
        unanswered = ProjectRequest.objects.filter(UNANSWERED).count()
        coming = AgentAbsence.objects.filter(ends_on__gte=timezone.localdate()).count()
        page(staff, f"demandes à orienter ({to_route}, équipe)", "/equipe/accompagnement/a-orienter/")
        page(staff, f"demandes sans réponse ({unanswered}, équipe)", "/equipe/accompagnement/sans-reponse/")
        page(staff, f"absences des agents ({coming} en cours ou à venir, équipe)", "/equipe/accompagnement/absences/")
        page(staff, "une demande vue par l'équipe", f"/equipe/accompagnement/demandes/{shown}/")

        member = Client()
        member.force_login(requester)
        page(member, "statistiques publiques (personne connectée)", "/statistiques/")
        page(
            member,
            "délais de réponse par structure en CSV (personne connectée)",
            "/statistiques/delais-par-structure.csv",
        )

        print("Charge de la machine à la fin : {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        print()
        print("| mesure | médiane (ms) | p95 (ms) | CPU médian (ms) | requêtes SQL |")
        print("|---|---:|---:|---:|---:|")
        for label, result, count in rows:
            print(f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {result['cpu']:.1f} | {count} |")


if __name__ == "__main__":
    main()
