"""/ressources/: published resources only, searched without minding accents or case, filtered from the URL,
paginated, in a number of queries that does not grow with the rows; unknown values get a French message."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.resources.models import Audience, Kind, Topic
from solozere.resources.workflow import Status
from tests.resources.factories import LibraryItemFactory, propose, published

pytestmark = pytest.mark.django_db


def _titles(response):
    return [item.title for item in response.context["results"]]


@pytest.fixture
def library(member, staff_user):
    return {
        "guide": published(
            member,
            staff_user,
            title="Guide du Télétravail",
            author="Élodie Vidal",
            organisation="Lozère Développement",
            topics=[Topic.SETTING_UP],
            audiences=[Audience.COMPANY, Audience.EMPLOYEE],
            document_date=dt.date(2011, 10, 14),
        ),
        "study": published(
            member,
            staff_user,
            title="Les chiffres du réseau",
            summary="Une étude sur les tiers-lieux de Lozère.",
            kind=Kind.STUDY,
            author="Observatoire",
            organisation="MDECS",
            topics=[Topic.STUDIES, Topic.THIRD_PLACES],
            audiences=[Audience.LOCAL_AUTHORITY],
            document_date=dt.date(2024, 3, 1),
        ),
        "waiting": propose(member, title="Guide pas encore relu", topics=[Topic.SETTING_UP]),
    }


def test_only_published_resources_are_listed(client, library):
    assert _titles(client.get("/ressources/")) == ["Les chiffres du réseau", "Guide du Télétravail"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("teletravail", ["Guide du Télétravail"]),
        ("TÉLÉTRAVAIL guide", ["Guide du Télétravail"]),
        ("elodie", ["Guide du Télétravail"]),
        ("mdecs", ["Les chiffres du réseau"]),
        ("tiers lieux", ["Les chiffres du réseau"]),
        ("lozere", ["Les chiffres du réseau", "Guide du Télétravail"]),
        ("relu", []),
        ("introuvable", []),
    ],
)
def test_the_search_looks_in_title_summary_author_and_organisation(client, library, q, expected):
    assert _titles(client.get("/ressources/", {"q": q})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "setting_up"}, ["Guide du Télétravail"]),
        ({"topic": "third_places"}, ["Les chiffres du réseau"]),
        ({"audience": "employee"}, ["Guide du Télétravail"]),
        ({"kind": "study"}, ["Les chiffres du réseau"]),
        ({"year": "2011"}, ["Guide du Télétravail"]),
        ({"topic": "studies", "audience": "local_authority", "year": "2024"}, ["Les chiffres du réseau"]),
        ({"topic": "studies", "kind": "guide"}, []),
    ],
)
def test_filters_come_from_the_url_and_combine(client, library, params, expected):
    response = client.get("/ressources/", params)
    assert response.status_code == 200
    assert _titles(response) == expected


def test_a_resource_matching_two_rows_of_a_filter_is_listed_once(client, member, staff_user):
    published(member, staff_user, topics=[Topic.STUDIES, Topic.THIRD_PLACES], audiences=list(Audience.values))
    assert len(_titles(client.get("/ressources/", {"audience": "company"}))) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "cuisine"}, "Ce thème n&#x27;existe pas : le filtre est ignoré."),
        ({"audience": "<script>"}, "Ce public n&#x27;existe pas : le filtre est ignoré."),
        ({"kind": "roman"}, "Ce type de ressource n&#x27;existe pas"),
        ({"year": "1999"}, "Aucune ressource publiée n&#x27;est de cette année"),
        ({"year": "deux-mille"}, "Aucune ressource publiée n&#x27;est de cette année"),
        ({"q": "x" * 101}, "Recherche trop longue (100 caractères au plus) : ignorée."),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_french_message(client, library, params, message):
    response = client.get("/ressources/", {**params, "kind": params.get("kind", "guide")})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    # The rest of the search still applies (here, kind=guide unless kind is the bad value).
    expected = 2 if "kind" in params else 1
    assert len(_titles(response)) == expected


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999", "1.5", "\x00"])
def test_a_page_number_out_of_range_shows_a_page(client, library, page):
    assert client.get("/ressources/", {"page": page}).status_code == 200


def test_a_nul_byte_in_the_search_is_no_500(client, library):
    assert client.get("/ressources/", {"q": "guide\x00"}).status_code == 200


def test_pages_keep_the_search_and_the_filters(client):
    LibraryItemFactory.create_batch(25, kind=Kind.GUIDE)
    response = client.get("/ressources/", {"kind": "guide", "q": "ressource"})
    assert len(response.context["results"]) == 20
    assert 'href="?q=ressource&amp;kind=guide&amp;page=2"' in response.content.decode()
    assert len(client.get("/ressources/", {"kind": "guide", "q": "ressource", "page": "2"}).context["results"]) == 5


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ressources/", params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "ressource", "topic": "studies", "audience": "company", "year": "2025"}])
def test_the_list_costs_the_same_queries_for_two_resources_or_twenty(client, params):
    LibraryItemFactory.create_batch(2)
    few = _queries(client, params)
    LibraryItemFactory.create_batch(18, topics=[Topic.STUDIES, Topic.AGREEMENT], audiences=list(Audience.values))
    assert _queries(client, params) == few


def test_the_list_costs_the_same_queries_signed_in(client, member):
    client.force_login(member)
    LibraryItemFactory.create_batch(2)
    few = _queries(client)
    LibraryItemFactory.create_batch(18)
    assert _queries(client) == few


def test_the_year_filter_offers_the_years_of_published_documents(client, library):
    choices = [value for value, _label in client.get("/ressources/").context["form"].fields["year"].choices]
    assert choices == ["", "2024", "2011"]


def test_a_demo_resource_says_so_on_its_card(client):
    LibraryItemFactory(title="Fiche (démo)", is_demo=True)
    assert "Ressource fictive du jeu de démonstration" in client.get("/ressources/").content.decode()


def test_unpublished_statuses_never_reach_the_list(client, member, staff_user):
    for status in (Status.REJECTED, Status.WITHDRAWN, Status.PROPOSED):
        LibraryItemFactory(status=status, published_at=None, title=f"Cachée {status}")
    assert _titles(client.get("/ressources/")) == []
