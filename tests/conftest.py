import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.aids.factories import CompanyFactory
from tests.community.factories import MembershipFactory
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
# itself (setting up data for the live server) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    """Each test starts in French: a request in English (LocaleMiddleware) leaves its language active in the
    thread, and a later test without a request would read English messages."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def territory(db):  # type: ignore[no-untyped-def]
    """The real communes and zones of Lozère, loaded by the real import command."""
    from solozere.territory.services import territory_import

    territory_import(data_dir=settings.TERRITORY_DATA_DIR)


# Personas: one person per role, defined once for every app's tests. ------------------------------------------


@pytest.fixture
def visitor() -> Client:
    """Someone not signed in."""
    return Client()


@pytest.fixture
def plain_user(db):  # type: ignore[no-untyped-def]
    """Signed up, address confirmed, no role at all."""
    return UserFactory(email="visiteur@example.org")


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    """A teleworker whose membership is approved and listed in the directory."""
    return MembershipFactory(approved=True, listed=True).user


@pytest.fixture
def manager(db):  # type: ignore[no-untyped-def]
    """The person who manages places in the places tests (no place yet: each test gives them theirs)."""
    return UserFactory(email="gestionnaire@example.org", first_name="Jeanne", last_name="Pagès")


@pytest.fixture
def other_manager(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="autre.gestionnaire@example.org")


@pytest.fixture
def place_manager(manager, territory):  # type: ignore[no-untyped-def]
    """`manager`, managing one place at Mende."""
    PlaceFactory(name="Télécentre de Mende").managers.add(manager)
    return manager


@pytest.fixture
def company_representative(db):  # type: ignore[no-untyped-def]
    """The representative of a company (a company that asked for an aid is represented by whoever applied)."""
    user = UserFactory(email="dirigeante@entreprise.example", first_name="Lucie", last_name="Vidal")
    CompanyFactory(representatives=[user])
    return user


@pytest.fixture
def staff_user(db):  # type: ignore[no-untyped-def]
    """A member of the network's staff (instructs aids, reviews memberships and adhesions)."""
    return UserFactory(staff=True, email="instructrice@solozere.fr", first_name="Inès", last_name="Truc")


@pytest.fixture
def partner_agent(db):  # type: ignore[no-untyped-def]
    """An agent of a partner organisation of the Réseau Accueil (a fictional one)."""
    user = UserFactory(email="agent@partenaire.example", first_name="Paul", last_name="Agent")
    OrganisationAgentFactory(user=user, organisation__name="Structure partenaire de test", organisation__slug="test")
    return user


@pytest.fixture
def people(plain_user, member, place_manager, company_representative, partner_agent, staff_user):  # type: ignore[no-untyped-def]
    """One person per role of tests/roles.py (none for the visitor)."""
    return {
        "visitor": None,
        "plain": plain_user,
        "member": member,
        "manager": place_manager,
        "company": company_representative,
        "partner": partner_agent,
        "staff": staff_user,
    }


@pytest.fixture
def as_role(client, people):  # type: ignore[no-untyped-def]
    """`as_role("member")`: the test client signed in as that role (anonymous for "visitor")."""

    def sign_in(role):  # type: ignore[no-untyped-def]
        if people[role] is not None:
            client.force_login(people[role])
        return client

    return sign_in


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return UserFactory(superuser=True, email="admin@solozere.fr")


@pytest.fixture
def inactive_staff(db):  # type: ignore[no-untyped-def]
    """A former staff member whose account is switched off."""
    return UserFactory(staff=True, inactive=True, email="ancien@solozere.fr")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with on_commit(execute=True): ...` runs the mail callbacks registered inside, as a real commit would."""
    return django_capture_on_commit_callbacks


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium: browser tests must run in CI (make browser).")
        pytest.skip("Chromium is not installed (make browser installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    # Never fetch anything but our own server (no tiles, no CDN).
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def charter_v1(db):  # type: ignore[no-untyped-def]
    """The published first version of the charter, loaded by the real command's service."""
    from solozere.charter.services import charter_load_reference

    version, _created = charter_load_reference()
    return version


@pytest.fixture(scope="session", autouse=True)
def _no_stray_postgresql_session(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """On PostgreSQL, a session some test left open on the test database (seen once per run under `-n 2`, not yet
    traced) keeps pytest-django from dropping it. Say which one, then end it, before the database is dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 200) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        strays = cursor.fetchall()
        for pid, application, state, query in strays:
            print(f"\nStray PostgreSQL session {pid} ({application or '-'}, {state}): {query}", file=sys.stderr)
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def rate_limits(settings):  # type: ignore[no-untyped-def]
    """The suite runs without rate limits (config/settings/test.py): `rate_limits(place_correction="2/h/ip")` switches
    ours on, on an empty shared cache, and counts the client behind one proxy, as production does."""
    from django.core.cache import cache

    cache.clear()
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def switch_on(**limits: str) -> None:
        settings.SOLOZERE_RATE_LIMITS = limits

    yield switch_on
    cache.clear()
