"""Exactly the communes of the four 2014 cantons are eligible, whichever of their names or codes is given.

The expected answer is computed from the reference files themselves (communes.csv, cantons_2014.csv),
independently of the Zone built by the import."""

import csv

import pytest
from django.conf import settings

from solozere.aids.eligibility import Residence
from solozere.aids.selectors import resolve_residence
from solozere.territory.selectors import CodeKind

pytestmark = pytest.mark.django_db


def _csv(name):
    with (settings.TERRITORY_DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


COMMUNES = _csv("communes.csv")
CODES_2014 = {row["code_insee_2014"] for row in _csv("cantons_2014.csv")}


def _expected(row):
    """A row is in the zone when its 2014 commune was in one of the four cantons; a current commune
    made of several former ones is in the zone only when all of them were."""
    if row["type"] != "commune-actuelle":
        return row["code_insee"] in CODES_2014
    parts = [r["code_insee"] for r in COMMUNES if r["commune_parent"] == row["code_insee"]]
    return row["code_insee"] in CODES_2014 and all(code in CODES_2014 for code in parts)


def _row_id(row):
    return f"{row['type']}-{row['code_insee']}-{row['nom']}"


def test_the_reference_files_hold_what_the_issue_describes():
    kinds = {row["type"] for row in COMMUNES}
    assert kinds == {"commune-actuelle", "commune-deleguee", "commune-associee"}
    eligible = [row for row in COMMUNES if _expected(row)]
    # 27 communes of 2014: 21 still current, 6 now communes déléguées of Peyre en Aubrac (plus Peyre itself).
    assert len(eligible) == 28
    assert {row["nom"] for row in eligible} >= {"Javols", "Peyre en Aubrac", "Le Malzieu-Ville", "Fontans"}


@pytest.fixture
def zone(telework_scheme):
    return telework_scheme.zone


def test_every_row_of_communes_csv_is_eligible_exactly_when_in_the_four_cantons(zone):
    wrong = []
    for row in COMMUNES:
        expected = Residence.IN_ZONE if _expected(row) else Residence.OUT_OF_ZONE
        by_name = resolve_residence(row["nom"], zone)
        by_code = resolve_residence(row["code_insee"], zone, codes=CodeKind.INSEE)
        for how, answer in (("name", by_name), ("code", by_code)):
            if answer.residence != expected:
                wrong.append((_row_id(row), how, answer.residence, answer.message))
    assert wrong == []
    assert len(COMMUNES) == 198


def test_names_are_matched_whatever_the_case_accents_and_hyphens(zone):
    for typed in [
        "javols",
        "JAVOLS",
        "saint chely d apcher",
        "St-Chély-d'Apcher",
        "le malzieu ville",
        "peyre-en-aubrac",
    ]:
        assert resolve_residence(typed, zone).residence == Residence.IN_ZONE, typed
    for typed in ["Mende", "mende", "Marvejols", "Le Bleymard"]:
        assert resolve_residence(typed, zone).residence == Residence.OUT_OF_ZONE, typed


def test_a_postal_code_never_decides_alone(zone):
    # 48700 covers Fontans and Serverette (in the zone) and Rieutort-de-Randon (out).
    answer = resolve_residence("48700", zone)
    assert not answer.decided
    assert answer.residence == Residence.UNKNOWN
    assert len(answer.choices) > 1
    # 48130 is Peyre en Aubrac's postal code (and the INSEE code of Rousses): a choice, never a guess.
    answer = resolve_residence("48130", zone)
    assert not answer.decided
    assert "Peyre en Aubrac" in [str(c) for c in answer.choices]


def test_a_postal_code_of_a_single_commune_is_still_confirmed(zone, monkeypatch):
    from solozere.territory.models import Commune

    # Find a postal code that is nobody's INSEE code and covers exactly one current commune.
    codes = {}
    for commune in Commune.objects.filter(kind=Commune.Kind.CURRENT):
        for code in commune.postal_code_list:
            codes.setdefault(code, []).append(commune)
    insee = set(Commune.objects.values_list("insee_code", flat=True))
    single = next(code for code, communes in sorted(codes.items()) if len(communes) == 1 and code not in insee)
    answer = resolve_residence(single, zone)
    assert not answer.decided
    assert answer.choices == (codes[single][0],)
    assert "code postal ne suffit pas" in answer.message


def test_a_chosen_row_decides(zone):
    answer = resolve_residence("48700", zone, choice="actuelle:48063")
    assert answer.decided
    assert answer.row.name == "Fontans"
    assert answer.residence == Residence.IN_ZONE


def test_a_choice_that_does_not_match_what_is_typed_is_ignored(zone):
    answer = resolve_residence("Mende", zone, choice="deleguee:48076")
    assert answer.row.name == "Mende"
    assert answer.residence == Residence.OUT_OF_ZONE


def test_an_unknown_commune_is_not_guessed(zone):
    answer = resolve_residence("Paris", zone)
    assert not answer.decided
    assert answer.residence == Residence.UNKNOWN
    assert "Aucune commune" in answer.message
