"""/statistiques/: public for every role, the figures of every app on a small dataset, small counts hidden the
census's way, each table's CSV the same as the table, a bad table name a French 404, the cost bounded, valid HTML."""

import csv
import datetime as dt
import html
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from solozere.accompaniment.models import ProjectRequest
from solozere.accompaniment.stats import months_back
from solozere.accompaniment.topics import Topic
from solozere.aids.workflow import Status as AidStatus
from solozere.core.page_cache import HIT_HEADER
from solozere.pages.statistics import TABLES
from tests.accompaniment.stats_data import at, make_message, make_part, make_request
from tests.aids.factories import AidApplicationFactory, AidSchemeFactory
from tests.community.factories import MembershipFactory
from tests.core.test_page_cache import LOCAL_CACHE
from tests.events.factories import EventFactory, EventSiteFactory, RegistrationFactory
from tests.html_checker import nu_errors
from tests.organisations.factories import OrganisationFactory
from tests.pages.stats_dataset import build_dataset

pytestmark = pytest.mark.django_db

URL = "/statistiques/"
ROLES = ["plain_user", "member", "place_manager", "company_representative", "partner_agent", "staff_user"]


def csv_url(name: str) -> str:
    return reverse("pages:statistics_csv", args=[name])


# Reading the page's tables ----------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Each <table id=…> as rows of cell texts (header row first), what is hidden from sight included."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current: str | None = None
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._current = dict(attrs).get("id") or ""
            self.tables[self._current] = []
        elif self._current is not None and tag == "tr":
            self.tables[self._current].append([])
        elif self._current is not None and tag in ("th", "td"):
            self._cell = []
        elif self._cell is not None and tag == "sup":
            self._depth += 1  # a footnote mark

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._current = None
        elif tag in ("th", "td") and self._cell is not None and self._current is not None:
            self.tables[self._current][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "sup":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._depth:
            self._cell.append(data)


def page_tables(body: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(body)
    return parser.tables


def csv_rows(client: Client, name: str) -> list[list[str]]:
    response = client.get(csv_url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"solozere-{name}-" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _number(text: str) -> float | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def same_cell(shown: str, written: str) -> bool:
    """A table's cell and its CSV cell: the same text, or the same number (French decimal comma and thousands
    separator on the page, rounded to the unit there), a date as shown (dd/mm/yyyy) or written (yyyy-mm-dd)."""
    if written == "'" + shown:  # a text a spreadsheet would evaluate, neutralised (core.csv_export)
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        written = dt.date.fromisoformat(written).strftime("%d/%m/%Y")
    if shown == written:
        return True
    a, b = _number(shown), _number(written)
    return a is not None and b is not None and abs(a - b) <= 0.5


# A small network ------------------------------------------------------------------------------------------------


@pytest.fixture
def dataset(territory):  # type: ignore[no-untyped-def]
    return build_dataset()


# Who may see it ---------------------------------------------------------------------------------------------------


def test_the_page_keeps_its_address_and_only_answers_reads(client: Client) -> None:
    assert reverse("pages:statistics") == URL
    assert csv_url("demandes-par-mois") == "/statistiques/demandes-par-mois.csv"
    assert client.post(URL).status_code == 405
    assert client.post(csv_url("lieux")).status_code == 405


def test_a_visitor_sees_the_page_even_with_nothing_to_count(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Statistiques du réseau" in body
    assert "Aucune structure n'a encore reçu de demande." in body
    assert "Aucun événement n'a encore eu lieu." in body


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_same_public_page(client: Client, request, role: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "pages/statistics.html"
    assert client.get(csv_url("demandes-par-mois")).status_code == 200


def test_the_footer_links_to_the_statistics(client: Client) -> None:
    assert f'href="{URL}"' in client.get("/").content.decode()


@pytest.mark.parametrize("name", ["inconnu", "demandes_par_mois", "DEMANDES-PAR-MOIS"])
def test_an_unknown_table_is_a_french_404(client: Client, name: str) -> None:
    response = client.get(f"/statistiques/{name}.csv")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


# The figures ------------------------------------------------------------------------------------------------------


def test_the_figures_of_every_app(client: Client, dataset) -> None:  # type: ignore[no-untyped-def]
    body = html.unescape(client.get(URL).content.decode())
    tables = page_tables(body)
    today = dataset["today"]
    months = tables["demandes-par-mois"]
    assert months[0] == ["Mois", "Demandes"]
    assert [row[1] for row in months[1:-1]] == ["0"] * 9 + ["5", "8", "10"]
    assert months[-1] == ["Total", "23"]
    assert "<strong>23</strong> demandes d'accompagnement déposées" in body
    assert "n'est pas comptée" in body  # pending and withdrawn before confirmation, said on the page
    areas = dict(row for row in tables["demandes-par-territoire"][1:] if len(row) == 2)
    assert areas["Canton de Saint-Alban-sur-Limagnole (2014)"] == "10"
    assert areas["Commune pas encore choisie"] == "5"
    assert areas["Total"] == "23"
    assert sum(int(v) for k, v in areas.items() if k != "Total") == 23
    topics = dict(row for row in tables["demandes-par-sujet"][1:])
    assert topics[str(Topic.WORKPLACE.label)] == "10"
    assert topics[str(Topic.FARMING.label)] == "0"
    assert "Total" not in topics  # a request names several topics: no total
    delays = tables["delais-par-structure"]
    assert delays[1] == ["=Beta+1", "< 5", "non publié", "non publié"]
    assert delays[2] == ["Alpha Accueil", "5", "0", "100"]
    assert "Réponses dans le délai de 5 jours ouvrés (%)" in delays[0]
    # The census, the places, presence and occupancy, as their own pages count them.
    assert "<strong>12</strong> télétravailleurs" in body  # Javols and the five who checked in
    census_areas = dict(row for row in tables["membres-par-territoire"][1:])
    assert census_areas["Canton d'Aumont-Aubrac (2014)"] == "7"
    assert census_areas["Hors de Lozère"] == "5"
    assert sorted(row[1] for row in tables["membres-par-situation"][1:-1] if row[1] != "0") == ["< 5", "masqué"]
    places = dict(row for row in tables["lieux"][1:])
    assert places["Télécentres"] == "2"  # the demo place is not counted
    assert places["Comptoirs SoLozère"] == "1"
    assert "lieu de démonstration" in body
    presence = tables["presence-par-lieu"]
    assert presence[1] == ["Télécentre d'Aumont", "5", "62", "11,8"]
    assert presence[2][0] == "Autre lieu (1)"
    occupancy = tables["occupation-des-postes"]
    assert occupancy[1][0] == "Télécentre d'Aumont"
    assert int(occupancy[1][1]) > 0  # last month's bookable half-days
    assert f"Occupation des postes en {months_back(today)[-2]:%m}" not in body  # the month in words, not digits
    # Events held, per year; the aid.
    events = tables["evenements"]
    assert [row[:2] for row in events[1:-1]] == [[str(dataset["old_year"]), "1"], [str(dataset["recent_year"]), "2"]]
    assert events[-1] == ["Total", "3", "9"]
    aid = [re.sub(r"[\u00a0\u202f]", " ", cell) for cell in tables["aides"][1]]
    assert aid == ["Aide au télétravail du Malzieu", "< 5", "6 000", "1 200"]


def test_small_counts_are_hidden_the_way_the_census_hides_them(client: Client, dataset) -> None:  # type: ignore[no-untyped-def]
    body = html.unescape(client.get(URL).content.decode())
    tables = page_tables(body)
    topics = dict(row for row in tables["demandes-par-sujet"][1:])
    assert topics[str(Topic.TOURISM.label)] == "< 5"  # two requests
    # One small cell alone would come back by subtraction: a larger one is masked with it.
    assert "masqué" in topics.values()
    assert all(value in ("< 5", "masqué") or value == "0" or int(value) >= 5 for value in topics.values())
    # Two years of events: the two people of the older one are hidden, and the other year with them.
    events = tables["evenements"]
    assert sorted(row[2] for row in events[1:-1]) == ["< 5", "masqué"]
    assert tables["aides"][1][1] == "< 5"
    assert "Pour que personne ne puisse être reconnu, un groupe de moins de 5 personnes" in body
    assert "Les chiffres d'une structure qui reposent sur moins de 5 demandes ne sont pas publiés." in body


def test_each_csv_is_its_table(client: Client, dataset) -> None:  # type: ignore[no-untyped-def]
    tables = page_tables(client.get(URL).content.decode())
    for name in TABLES:
        rows = csv_rows(client, name)
        if name == "occupation-des-postes":
            continue  # its own columns: checked below
        if name not in tables:  # withheld: the header alone
            assert len(rows) == 1, name
            continue
        shown = tables[name]
        assert len(rows) == len(shown), name
        for shown_row, written_row in zip(shown, rows, strict=True):
            assert len(shown_row) == len(written_row), (name, shown_row, written_row)
            assert all(same_cell(a, b) for a, b in zip(shown_row, written_row, strict=True)), (
                name,
                shown_row,
                written_row,
            )
    occupancy = csv_rows(client, "occupation-des-postes")
    assert occupancy[0] == [
        "Lieu",
        "Demi-journées réservables",
        "Réservées",
        "Réservées (%)",
        "Utilisées",
        "Utilisées (%)",
    ]
    shown = tables["occupation-des-postes"]
    assert [row[0] for row in occupancy[1:]] == [row[0] for row in shown[1:]]
    assert [row[1] for row in occupancy[1:]] == [row[1] for row in shown[1:]]


def test_a_csv_neutralises_a_spreadsheet_formula(client: Client, dataset) -> None:  # type: ignore[no-untyped-def]
    rows = csv_rows(client, "delais-par-structure")
    assert rows[1][0] == "'=Beta+1"


def test_a_withheld_table_gives_a_csv_with_its_header_only(client: Client) -> None:
    MembershipFactory.create_batch(3, approved=True)  # too few to split
    body = html.unescape(client.get(URL).content.decode())
    assert "Répartition non publiée" in body
    assert "membres-par-situation" not in page_tables(body)
    assert csv_rows(client, "membres-par-situation") == [["Situation", "Membres"]]


# Cost and validity ------------------------------------------------------------------------------------------------


def test_the_page_costs_the_same_whatever_the_number_of_rows(
    client: Client, dataset, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.get(URL)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    last_month = months_back(dataset["today"])[-2]
    organisation = OrganisationFactory()
    for _ in range(12):
        request = make_request(at(last_month, 9), Topic.MOVING, Topic.CONNECTIVITY)
        make_part(request, organisation, at(last_month, 9, 30), is_lead=True)
        make_message(request, organisation, at(last_month, 15))
        MembershipFactory(approved=True)
    for event in (EventFactory(past=True), EventFactory(past=True)):
        site = EventSiteFactory(event=event)
        for seat in range(6):
            RegistrationFactory(site=site, seat=seat + 1)
    AidApplicationFactory(scheme=AidSchemeFactory(), status=AidStatus.ACCEPTED, granted_amount=Decimal(2000))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(URL).content.decode()
    assert "<strong>35</strong>" in body


def test_the_page_is_valid_html(client: Client, dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    full = tmp_path / "full.html"
    full.write_bytes(client.get(URL).content)
    empty_client = Client()
    ProjectRequest.objects.all().delete()
    empty = tmp_path / "after.html"
    empty.write_bytes(empty_client.get(URL).content)
    errors = nu_errors([("statistics", full), ("statistics without requests", empty)])
    assert errors == [], "\n".join(errors)


def test_a_new_request_shows_at_once_on_the_cached_page(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = LOCAL_CACHE
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        assert Client().get(URL)[HIT_HEADER] == "miss"
        assert Client().get(URL)[HIT_HEADER] == "hit"
        make_request(at(timezone.localdate()), Topic.MOVING)
        response = Client().get(URL)
        assert response[HIT_HEADER] == "miss"
        assert "<strong>1</strong> demande d'accompagnement déposée" in html.unescape(response.content.decode())
    finally:
        cache.clear()


def test_a_hidden_month_is_an_empty_bar_that_says_so(client: Client) -> None:
    months = months_back(timezone.localdate())
    for _ in range(7):
        make_request(at(months[-1]), Topic.MOVING)
    for _ in range(2):
        make_request(at(months[-2]), Topic.MOVING)
    body = client.get(URL).content.decode()
    previous, current = f"{months[-2]:%m/%Y}", f"{months[-1]:%m/%Y}"
    # Two requests last month: "< 5"; this month's seven would give them back from the total: masked.
    assert f"<title>{previous} : &lt; 5</title>" in body
    assert f"<title>{current} : masqué</title>" in body
    assert ">7<" not in re.search(r'<table id="demandes-par-mois">(.*?)</table>', body, re.S).group(1)  # type: ignore[union-attr]
