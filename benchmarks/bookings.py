"""Benchmark of bookings: a year of bookings of 200 members in 30 places, then the booking service, the managers'
calendar, "Mes réservations", the occupancy of the network's seats and the availability of 31 days.

    .venv/bin/python benchmarks/bookings.py              # a fresh SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/solozere_bench_bookings .venv/bin/python benchmarks/bookings.py
                                                         # that database created on that server, dropped at the end
    BENCH_REQUESTS=10 .venv/bin/python benchmarks/bookings.py   # fewer requests per measure (default 30)

Same settings as benchmarks/places.py (production settings, DEBUG off, real territory). The data is generated with
bulk_create, reproducibly (seed 48): 30 places with their opening hours, each with a desk pool (3 to 12 desks), 0 to
2 offices (needing a manager's approval) and a meeting room, a summer closure; 200 approved members, each with a
home place and sometimes a second one, booking a half-day or a day on about one weekday in five, from eleven months
ago to a month ahead (past ones done, some absent or cancelled; future ones confirmed or awaiting approval); on
PostgreSQL the tables are then ANALYZEd, as autovacuum would soon do after such a load. Pages go
through Django's whole stack in-process (django.test.Client, every middleware, no network), signed in so that no
page cache answers; the SQL queries of one request are counted with CaptureQueriesContext. Median and 95th
percentile of N runs after 3 warm-up ones; the CPU time of this process is printed too (steadier on a shared
machine)."""

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.places import fresh_database as sqlite_or_bench_database
from benchmarks.places import percentile, prepare_schema, setup_django

REQUESTS = max(1, min(int(os.environ.get("BENCH_REQUESTS", "30")), 200))
WARMUP = 3
PLACES = 30
MEMBERS = 200
BOOKING_REQUESTS = 100
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "Mo-Fr 08:30-18:30; PH off",
    "Tu-Sa 09:00-12:30,13:30-18:00",
    "Mo-Sa 08:00-19:00",
    "Mo-Th 09:00-17:00; Fr 09:00-12:00",
]


@contextmanager
def fresh_database() -> Iterator[str]:
    """DATABASE_URL given: the database it names is created on its server (it must not exist) and dropped at the
    end. Otherwise as benchmarks/places.py (BENCH_DATABASE_URL's server, or a temporary SQLite file)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        with sqlite_or_bench_database() as label:
            yield label
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit("DATABASE_URL must name a new database, e.g. postgres://postgres@127.0.0.1:5432/bench_x")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"PostgreSQL ({parts.hostname}, base temporaire {name})"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(run: Callable[[], Any], count: int = REQUESTS) -> dict[str, float]:
    timings, cpu = [], []
    for index in range(WARMUP + count):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        elapsed, elapsed_cpu = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
        if index >= WARMUP:
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
    return {"median": statistics.median(timings), "p95": percentile(timings, 0.95), "cpu": statistics.median(cpu)}


def queries_of(run: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def generate(rng: random.Random, today: dt.date) -> dict[str, Any]:
    """The places, resources, closures, members and a year of bookings (see the module's docstring)."""
    from django.utils import timezone

    from solozere.accounts.models import User
    from solozere.bookings import availability
    from solozere.bookings.models import Booking, BookingSlot, Closure, Resource, ResourceKind
    from solozere.bookings.workflow import BookingStatus
    from solozere.community.models import Membership, MembershipPeriod, Sector, TeleworkerStatus, TeleworkFrequency
    from solozere.community.workflow import MembershipState
    from solozere.places.models import NetworkStatus, Place, PlaceKind
    from solozere.territory.models import Commune
    from tests.accounts.factories import UserFactory

    communes = list(Commune.objects.filter(kind=Commune.Kind.CURRENT, latitude__isnull=False).order_by("pk"))
    places = Place.objects.bulk_create(
        Place(
            name=f"Tiers-lieu de mesure {index:02d}",
            slug=f"tiers-lieu-de-mesure-{index:02d}",
            kind=rng.choice(PlaceKind.values),
            status=NetworkStatus.MEMBER if index % 3 else NetworkStatus.OPEN,
            commune=rng.choice(communes),
            opening_hours=HOURS[index % len(HOURS)],
        )
        for index in range(PLACES)
    )
    manager = UserFactory(email="gestionnaire@bench.example", first_name="Gestion", last_name="Naire")
    staff = UserFactory(staff=True, email="equipe@bench.example", first_name="Équipe", last_name="Réseau")
    resources: list[Resource] = []
    for place in places:
        resources.append(
            Resource(place=place, kind=ResourceKind.DESK_POOL, name="Open space", capacity=rng.randint(3, 12))
        )
        for number in range(rng.randint(0, 2)):
            resources.append(
                Resource(
                    place=place,
                    kind=ResourceKind.OFFICE,
                    name=f"Bureau {number + 1}",
                    capacity=1,
                    requires_approval=True,
                )
            )
        resources.append(Resource(place=place, kind=ResourceKind.MEETING_ROOM, name="Salle", capacity=1))
    resources = Resource.objects.bulk_create(resources)
    first_day = today - dt.timedelta(days=335)
    last_day = today + dt.timedelta(days=30)
    Resource.objects.update(created_at=availability.local(first_day - dt.timedelta(days=30), dt.time(9)))
    closures = Closure.objects.bulk_create(
        Closure(
            place=place,
            start_date=dt.date(first_day.year if first_day.month <= 8 else today.year, 8, 10),
            end_date=dt.date(first_day.year if first_day.month <= 8 else today.year, 8, 21),
            reason="Congés d'été",
        )
        for place in places
    )
    for place in places[:3]:
        place.managers.add(manager)

    users = User.objects.bulk_create(
        User(email=f"membre{index:03d}@bench.example", first_name="Membre", last_name=f"N{index:03d}", password="!")
        for index in range(MEMBERS)
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            user=user,
            state=MembershipState.APPROVED,
            first_name=user.first_name,
            last_name=user.last_name,
            lives_outside_lozere=True,
            outside_place="Aurillac (15)",
            status=TeleworkerStatus.EMPLOYEE,
            occupation="Comptable",
            sector=Sector.DIGITAL,
            telework_frequency=TeleworkFrequency.SOME_DAYS,
            decided_at=timezone.now(),
            valid_until=today + dt.timedelta(days=200),
        )
        for user in users
    )
    MembershipPeriod.objects.bulk_create(
        MembershipPeriod(membership=m, starts_on=today - dt.timedelta(days=164), ends_on=today + dt.timedelta(days=200))
        for m in memberships
    )

    by_place: dict[int, list[Resource]] = defaultdict(list)
    for resource in resources:
        if resource.kind != ResourceKind.MEETING_ROOM:
            by_place[resource.place_id].append(resource)
    spans = {closure.place_id: [closure.span] for closure in closures}
    plans = {
        place.pk: {
            plan.day: plan
            for plan in availability.days(
                expression=place.opening_hours, start=first_day, end=last_day, closures=spans.get(place.pk, [])
            )
        }
        for place in places
    }
    homes = {user.pk: [rng.choice(places)] + ([rng.choice(places)] if rng.random() < 0.3 else []) for user in users}
    now = timezone.now()
    taken: dict[tuple[int, dt.date, str], set[int]] = defaultdict(set)
    bookings: list[Booking] = []
    slots_of: list[list[BookingSlot]] = []
    day = first_day
    while day <= last_day:
        for user in users:
            if day.weekday() >= 5 or rng.random() > 0.2:
                continue
            place = rng.choice(homes[user.pk])
            plan = plans[place.pk][day]
            if not plan.is_open:
                continue
            wanted = list(plan.slots) if rng.random() < 0.5 else [rng.choice(plan.slots)]
            resource = rng.choice(by_place[place.pk])
            units = [
                free[0]
                if (
                    free := availability.free_units(capacity=resource.capacity, taken=taken[(resource.pk, day, s.code)])
                )
                else None
                for s in wanted
            ]
            if None in units:
                continue
            cancelled = rng.random() < 0.06
            if wanted[-1].ends_at <= now:
                status = (
                    BookingStatus.CANCELLED
                    if cancelled
                    else (BookingStatus.NO_SHOW if rng.random() < 0.04 else BookingStatus.DONE)
                )
            elif cancelled:
                status = BookingStatus.CANCELLED
            else:
                status = (
                    BookingStatus.REQUESTED
                    if resource.requires_approval and rng.random() < 0.5
                    else BookingStatus.CONFIRMED
                )
            bookings.append(
                Booking(
                    resource=resource,
                    person=user,
                    status=status,
                    mode="day" if len(wanted) == 2 else "half_day",
                    starts_at=wanted[0].starts_at,
                    ends_at=wanted[-1].ends_at,
                    slot_count=len(wanted),
                )
            )
            held = []
            if status != BookingStatus.CANCELLED:
                for slot, unit in zip(wanted, units, strict=True):
                    assert unit is not None
                    taken[(resource.pk, day, slot.code)].add(unit)
                    held.append(
                        BookingSlot(
                            resource=resource,
                            unit=unit,
                            day=day,
                            code=slot.code,
                            person=user,
                            is_seat=True,
                            starts_at=slot.starts_at,
                            ends_at=slot.ends_at,
                        )
                    )
            slots_of.append(held)
        day += dt.timedelta(days=1)
    bookings = Booking.objects.bulk_create(bookings, batch_size=2000)
    rows = []
    for booking, held in zip(bookings, slots_of, strict=True):
        for seat in held:
            seat.booking = booking
            rows.append(seat)
    BookingSlot.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does soon after a load: without statistics on the freshly filled tables the planner
        # guesses a handful of rows and joins the month's seats to every booking in a nested loop (0.8 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"places": places, "users": users, "manager": manager, "staff": staff, "resources": resources}


def main() -> None:
    rng = random.Random(48)
    with fresh_database() as database:
        setup_django()
        prepare_schema()
        from django.test import Client
        from django.utils import timezone

        from solozere.bookings import availability, occupancy
        from solozere.bookings.models import Booking, BookingSlot, Resource, ResourceKind
        from solozere.bookings.selectors_occupancy import network_occupancy
        from solozere.bookings.services import BookingError, booking_request

        today = timezone.localdate()
        print(f"# Benchmark des réservations SoLozère — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
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
        data = generate(rng, today)
        print(
            f"Données : {PLACES} lieux, {Resource.objects.count()} ressources, {MEMBERS} membres, "
            f"{Booking.objects.count()} réservations, {BookingSlot.objects.count()} créneaux tenus, "
            f"générées en {time.perf_counter() - started:.1f} s."
        )
        rows: list[tuple[str, dict[str, float], int | str]] = []

        # The booking service: members booking a free seat in the coming weeks (refusals are counted apart).
        desks = [r for r in data["resources"] if r.kind == ResourceKind.DESK_POOL]
        timings, refused, queries = [], 0, 0
        for index in range(BOOKING_REQUESTS):
            resource = rng.choice(desks)
            person = rng.choice(data["users"])
            day = today + dt.timedelta(days=rng.randint(35, 90))
            started = time.perf_counter()
            try:
                if index == 0:
                    queries = queries_of(
                        lambda p=person, r=resource, d=day: booking_request(actor=p, resource=r, start_date=d)
                    )
                else:
                    booking_request(actor=person, resource=resource, start_date=day, half=rng.choice(["am", "pm"]))
            except BookingError:
                refused += 1
                continue
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            (
                f"booking_request (service, {len(timings)} acceptées, {refused} refusées)",
                {"median": statistics.median(timings), "p95": percentile(timings, 0.95), "cpu": float("nan")},
                queries,
            )
        )

        busiest = max(data["places"], key=lambda p: BookingSlot.objects.filter(resource__place=p).count())
        if busiest.pk not in {p.pk for p in data["places"][:3]}:
            busiest.managers.add(data["manager"])
        manager = Client()
        manager.force_login(data["manager"])
        monday = today - dt.timedelta(days=today.weekday())
        for label, url in [
            (
                "calendrier du gestionnaire, semaine",
                f"/lieux/{busiest.slug}/reservations/?date={monday - dt.timedelta(days=7)}",
            ),
            (
                "calendrier du gestionnaire, jour",
                f"/lieux/{busiest.slug}/reservations/?vue=jour&date={monday - dt.timedelta(days=7)}",
            ),
            ("ressources du lieu (gestionnaire)", f"/lieux/{busiest.slug}/ressources/"),
            ("fermetures du lieu (gestionnaire)", f"/lieux/{busiest.slug}/fermetures/"),
        ]:
            assert manager.get(url).status_code == 200, url
            rows.append(
                (
                    f"{label} `{url.split('?')[0]}`",
                    timed(lambda url=url: manager.get(url)),
                    queries_of(lambda url=url: manager.get(url)),
                )
            )

        keen = max(data["users"], key=lambda u: Booking.objects.filter(person=u).count())
        member = Client()
        member.force_login(keen)
        for label, url in [
            (f"mes réservations ({Booking.objects.filter(person=keen).count()} réservations)", "/reservations/"),
            ("page d'un lieu (avec l'occupation du mois)", f"/lieux/{busiest.slug}/"),
            (
                "statistiques publiques d'occupation (membre connecté)",
                f"/reservations/statistiques/?mois={occupancy.previous_month(today):%Y-%m}",
            ),
        ]:
            assert member.get(url).status_code == 200, url
            rows.append(
                (
                    f"{label} `{url.split('?')[0]}`",
                    timed(lambda url=url: member.get(url)),
                    queries_of(lambda url=url: member.get(url)),
                )
            )

        staff = Client()
        staff.force_login(data["staff"])
        for label, url in [
            ("réservations du réseau (équipe)", "/equipe/reservations/"),
            (
                "occupation du réseau (équipe)",
                f"/equipe/reservations/occupation/?mois={occupancy.previous_month(today):%Y-%m}",
            ),
            (
                "occupation du réseau en CSV (équipe)",
                f"/equipe/reservations/occupation/export/?mois={occupancy.previous_month(today):%Y-%m}",
            ),
        ]:
            assert staff.get(url).status_code == 200, url
            rows.append(
                (
                    f"{label} `{url.split('?')[0]}`",
                    timed(lambda url=url: staff.get(url)),
                    queries_of(lambda url=url: staff.get(url)),
                )
            )

        month = occupancy.previous_month(today)
        rows.append(
            (
                f"network_occupancy (sélecteur, {month:%Y-%m}, {PLACES} lieux)",
                timed(lambda: network_occupancy(month, include_demo=True)),
                queries_of(lambda: network_occupancy(month, include_demo=True)),
            )
        )

        def days_cold(granularity: str) -> None:
            availability._week.cache_clear()
            availability.holiday_name.cache_clear()
            availability.days(
                expression=HOURS[2], start=today, end=today + dt.timedelta(days=30), granularity=granularity
            )

        rows.append(
            (
                "availability.days, 31 jours, demi-journées (caches vidés)",
                timed(lambda: days_cold(availability.BY_HALF_DAY)),
                0,
            )
        )
        rows.append(
            ("availability.days, 31 jours, heures (caches vidés)", timed(lambda: days_cold(availability.BY_HOUR)), 0)
        )
        rows.append(
            (
                "availability.days, 31 jours, demi-journées (caches chauds)",
                timed(lambda: availability.days(expression=HOURS[2], start=today, end=today + dt.timedelta(days=30))),
                0,
            )
        )

        print("Charge de la machine à la fin : {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        print()
        print("| mesure | médiane (ms) | p95 (ms) | CPU médian (ms) | requêtes SQL |")
        print("|---|---:|---:|---:|---:|")
        for label, result, count in rows:
            cpu = "" if result["cpu"] != result["cpu"] else f"{result['cpu']:.1f}"
            print(f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {cpu} | {count} |")


if __name__ == "__main__":
    main()
