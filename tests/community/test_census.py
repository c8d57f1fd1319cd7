import re
from datetime import timedelta
from itertools import product

import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.accounts.personal_data import account_delete
from solozere.community.models import MembershipPeriod, Sector, TeleworkerStatus
from solozere.community.selectors import OUTSIDE_KEY, census_areas, community_census
from solozere.core.templatetags.french_dates import french_date
from solozere.territory.models import Commune, Zone
from tests.community.factories import MembershipFactory

pytestmark = pytest.mark.django_db

THRESHOLD = 5


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def commune(name: str) -> Commune:
    return Commune.objects.get(name=name)


def published_guesses(table: dict) -> dict[str, set[int]]:
    """What a reader can deduce for each hidden cell from the published table alone (API answer)."""
    hidden = [cell for cell in table["cells"] if cell["count"] is None]
    hidden_sum = table["total"] - sum(cell["count"] for cell in table["cells"] if cell["count"] is not None)
    ranges = [
        range(1, THRESHOLD) if cell["suppressed"] == "small" else range(THRESHOLD, hidden_sum + 1) for cell in hidden
    ]
    guesses: dict[str, set[int]] = {cell["key"]: set() for cell in hidden}
    for values in product(*ranges):
        if sum(values) == hidden_sum:
            for cell, value in zip(hidden, values, strict=True):
                guesses[cell["key"]].add(value)
    return guesses


def test_the_counter_counts_members_whose_membership_runs(client):
    MembershipFactory.create_batch(3, approved=True)
    MembershipFactory()  # pending
    MembershipFactory(lapsed=True)
    MembershipFactory(refused=True)
    assert "3 télétravailleurs sur un objectif de 100" in text_of(client.get("/").content.decode())
    assert "3 télétravailleurs sur un objectif de 100" in text_of(
        client.get(reverse("community:index")).content.decode()
    )
    assert client.get("/api/v1/stats/community").json()["active_members"] == 3


@pytest.mark.parametrize(
    ("members", "expected"), [(0, "0 télétravailleur sur"), (1, "1 télétravailleur sur"), (2, "2 télétravailleurs sur")]
)
def test_the_counter_uses_the_french_singular_for_0_and_1(client, members, expected):
    MembershipFactory.create_batch(members, approved=True)
    assert f"{expected} un objectif de 100" in text_of(client.get(reverse("community:index")).content.decode())


def test_the_census_date_is_written_the_french_way(client):
    day = french_date(timezone.localdate())
    assert re.fullmatch(r"(1er|[0-9]{1,2}) [a-zéû]+ [0-9]{4}", day)
    assert f"Chiffres du {day}." in text_of(client.get(reverse("community:index")).content.decode())


def test_the_goal_is_a_setting(client, settings):
    settings.COMMUNITY_GOAL = 40
    MembershipFactory(approved=True)
    assert "1 télétravailleur sur un objectif de 40" in text_of(client.get("/").content.decode())
    assert client.get("/api/v1/stats/community").json()["goal"] == 40


def test_areas_partition_lozere_into_2014_cantons_and_epcis(territory):
    mapping, areas = census_areas()
    keys = [key for key, _label in areas]
    assert len(keys) == len(set(keys))
    every_row = set(Commune.objects.values_list("pk", flat=True))
    assert set(mapping) == every_row  # each commune of Lozère, déléguées included, in exactly one area
    javols, mende = commune("Javols"), commune("Mende")
    assert mapping[javols.pk] == Zone.objects.get(kind="canton2014", communes=javols).slug
    assert mapping[mende.pk] == Zone.objects.get(kind="epci", communes=mende).slug
    labels = dict(areas)
    assert "(2014)" in labels[mapping[javols.pk]]


def test_members_are_counted_in_their_area_status_and_sector(territory):
    for _ in range(6):
        MembershipFactory(approved=True, commune=commune("Javols"), status=TeleworkerStatus.EMPLOYEE)
    for _ in range(5):
        MembershipFactory(approved=True, commune=commune("Mende"), sector=Sector.EDUCATION)
    census = community_census()
    by_area = {cell.key: cell for cell in census.by_area.cells}
    canton = Zone.objects.get(kind="canton2014", communes=commune("Javols")).slug
    epci = Zone.objects.get(kind="epci", communes=commune("Mende")).slug
    assert by_area[canton].count == 6
    assert by_area[epci].count == 5
    assert by_area[OUTSIDE_KEY].count == 0
    assert census.by_area.total == 11
    by_status = {cell.key: cell.count for cell in census.by_status.cells}
    assert by_status["employee"] == 6 and by_status["freelance"] == 5
    by_sector = {cell.key: cell.count for cell in census.by_sector.cells}
    assert by_sector["education"] == 5 and by_sector["digital"] == 6


def test_no_published_aggregate_reveals_a_group_of_fewer_than_5_people(client, territory):
    # About thirty members, with small groups in every split.
    layout = [
        ("Javols", TeleworkerStatus.EMPLOYEE, Sector.DIGITAL, 9),
        ("Mende", TeleworkerStatus.FREELANCE, Sector.CONSULTING, 7),
        ("Mende", TeleworkerStatus.EMPLOYEE, Sector.EDUCATION, 6),
        ("Florac Trois Rivières", TeleworkerStatus.PROJECT, Sector.DIGITAL, 3),
        ("Saint-Chély-d'Apcher", TeleworkerStatus.JOB_SEEKER, Sector.TOURISM, 2),
        ("Marvejols", TeleworkerStatus.FREELANCE, Sector.CULTURE, 1),
        (None, TeleworkerStatus.STUDENT, Sector.HEALTH_SOCIAL, 1),
    ]
    for name, status, sector, count in layout:
        for _ in range(count):
            MembershipFactory(approved=True, commune=commune(name) if name else None, status=status, sector=sector)
    answer = client.get("/api/v1/stats/community").json()
    assert answer["active_members"] == 29
    page = client.get(reverse("community:index")).content.decode()
    for name in ("by_area", "by_status", "by_sector"):
        table = answer[name]
        assert table["published"]
        assert table["total"] == 29
        for cell in table["cells"]:
            if cell["count"] is not None:
                assert cell["count"] == 0 or cell["count"] >= THRESHOLD, (name, cell)
            assert cell["display"] in ("< 5", "masqué") or cell["display"] == str(cell["count"])
        for key, values in published_guesses(table).items():
            cell = next(c for c in table["cells"] if c["key"] == key)
            if cell["suppressed"] == "small":
                assert values == {1, 2, 3, 4}, (name, key, values)
            else:
                assert len(values) > 1, (name, key, values)
    # The page shows exactly what the API shows.
    for name, table_id in (("by_area", "census-area"), ("by_status", "census-status"), ("by_sector", "census-sector")):
        html_table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S).group(1)
        shown = re.findall(r'<td class="num">([^<]*)</td>', html_table)
        assert shown[:-1] == [cell["display"].replace("<", "&lt;") for cell in answer[name]["cells"]]
        assert shown[-1] == "29"


def test_a_split_that_cannot_be_protected_is_not_published(client):
    MembershipFactory.create_batch(3, approved=True)
    answer = client.get("/api/v1/stats/community").json()
    assert answer["active_members"] == 3
    assert answer["by_status"] == {"published": False, "total": 3, "cells": []}
    assert "Répartition non publiée" in client.get(reverse("community:index")).content.decode()


def test_growth_counts_members_at_the_end_of_each_month(client):
    today = timezone.localdate()
    old = MembershipFactory(approved=True)
    MembershipPeriod.objects.filter(membership=old).update(starts_on=today - timedelta(days=100))
    MembershipFactory(approved=True)
    MembershipPeriod.objects.filter(membership__isnull=False).exclude(membership=old).update(starts_on=today)
    growth = client.get("/api/v1/stats/community").json()["growth"]
    assert growth[-1] == {"date": today.isoformat(), "active_members": 2}
    assert growth[0]["active_members"] == 1
    assert 3 <= len(growth) <= 5
    page = client.get(reverse("community:index")).content.decode()
    assert '<svg role="img"' in page
    assert "Membres actifs par mois" in page  # the data table beside the chart


def test_a_deleted_account_leaves_the_past_but_not_today(client):
    today = timezone.localdate()
    membership = MembershipFactory(approved=True)
    MembershipPeriod.objects.filter(membership=membership).update(starts_on=today - timedelta(days=100))
    before = client.get("/api/v1/stats/community").json()["growth"]
    account_delete(user=membership.user)
    after = client.get("/api/v1/stats/community").json()
    assert after["active_members"] == 0
    assert after["growth"][-1]["active_members"] == 0
    assert after["growth"][0] == before[0]


def test_the_community_page_costs_the_same_with_more_members(client, django_assert_max_num_queries):
    MembershipFactory.create_batch(3, approved=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("community:index"))
    MembershipFactory.create_batch(15, approved=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("community:index"))
