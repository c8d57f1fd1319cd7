"""The defining criteria of a Comptoir and a Télécentre, checked against facts: pure, no database."""

import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from solozere.places import criteria
from solozere.places.criteria import PROFESSIONAL_DOWNLOAD_MBPS, CriterionState, assess
from solozere.places.models import Access, PlaceKind, Wifi

PASSED, FAILED, UNKNOWN = CriterionState.PASSED, CriterionState.FAILED, CriterionState.UNKNOWN


@dataclass
class Facts:
    access: str = Access.UNKNOWN
    wifi: str = Wifi.UNKNOWN
    dedicated_telework_space: bool | None = None
    private_offices: bool | None = None
    open_space: bool | None = None
    reception_animation: bool | None = None
    download_mbps: Decimal | float | int | None = None


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


# --- Comptoir -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("access", "public", "unrestricted"),
    [
        (Access.OPEN, PASSED, PASSED),
        (Access.BOOKING, PASSED, FAILED),
        (Access.MEMBERS, FAILED, FAILED),
        (Access.UNKNOWN, UNKNOWN, UNKNOWN),
    ],
)
def test_access_decides_open_to_public_and_no_restriction(access, public, unrestricted):
    facts = Facts(access=access)

    assert criteria.open_to_public(facts).state == public
    assert criteria.no_access_restriction(facts).state == unrestricted


def test_only_open_access_passes_both_access_criteria_of_a_comptoir():
    for access in Access.values:
        results = assess(Facts(access=access), PlaceKind.COMPTOIR).results[:2]
        assert all(r.passed for r in results) == (access == Access.OPEN)


@pytest.mark.parametrize(
    ("wifi", "state", "sentence"),
    [
        (Wifi.FREE, PASSED, "Le Wi-Fi est gratuit."),
        (Wifi.PAID, FAILED, "Le Wi-Fi est payant."),
        (Wifi.NONE, FAILED, "Le lieu n'a pas de Wi-Fi."),
        (Wifi.UNKNOWN, UNKNOWN, "On ne sait pas si le lieu a un Wi-Fi gratuit."),
    ],
)
def test_free_wifi_criterion(wifi, state, sentence):
    result = criteria.free_wifi(Facts(wifi=wifi))

    assert (result.state, result.explanation) == (state, sentence)


@pytest.mark.parametrize(("value", "state"), [(True, PASSED), (False, FAILED), (None, UNKNOWN)])
def test_dedicated_telework_space_criterion(value, state):
    assert criteria.dedicated_telework_space(Facts(dedicated_telework_space=value)).state == state


def test_a_comptoir_is_checked_on_four_criteria_in_a_fixed_order():
    results = assess(Facts(), PlaceKind.COMPTOIR).results

    assert [r.code for r in results] == [
        "open_to_public",
        "no_access_restriction",
        "dedicated_telework_space",
        "free_wifi",
    ]


def test_a_comptoir_with_every_fact_known_and_right_passes():
    facts = Facts(access=Access.OPEN, wifi=Wifi.FREE, dedicated_telework_space=True)

    assessment = assess(facts, PlaceKind.COMPTOIR)

    assert assessment.state == PASSED
    assert assessment.counts == {"passed": 4, "failed": 0, "unknown": 0}


def test_a_comptoir_with_nothing_known_is_unknown_not_failed():
    assessment = assess(Facts(), PlaceKind.COMPTOIR)

    assert assessment.state == UNKNOWN
    assert {r.state for r in assessment.results} == {UNKNOWN}


def test_one_failed_criterion_fails_the_kind_even_when_others_are_unknown():
    assessment = assess(Facts(wifi=Wifi.PAID), PlaceKind.COMPTOIR)

    assert assessment.state == FAILED
    assert assessment.counts == {"passed": 0, "failed": 1, "unknown": 3}


# --- Télécentre ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("offices", "shared"), list(itertools.product([True, False, None], repeat=2)))
def test_workspace_needs_private_offices_or_a_shared_space(offices, shared):
    result = criteria.workspace(Facts(private_offices=offices, open_space=shared))

    if offices or shared:
        expected = PASSED
    elif offices is False and shared is False:
        expected = FAILED
    else:
        expected = UNKNOWN
    assert result.state == expected
    assert result.explanation


@pytest.mark.parametrize(
    ("download", "state"),
    [
        (None, UNKNOWN),
        (0, FAILED),
        (Decimal("29.9"), FAILED),
        (Decimal("30"), PASSED),
        (30.0, PASSED),
        (Decimal("940.5"), PASSED),
    ],
)
def test_professional_connectivity_is_a_measured_download_of_at_least_the_threshold(download, state):
    assert criteria.professional_connectivity(Facts(download_mbps=download)).state == state


def test_connectivity_sentences_give_the_measure_and_the_threshold_in_french():
    assert PROFESSIONAL_DOWNLOAD_MBPS == 30
    slow = criteria.professional_connectivity(Facts(download_mbps=Decimal("12.5")))
    fast = criteria.professional_connectivity(Facts(download_mbps=Decimal("940.0")))
    unmeasured = criteria.professional_connectivity(Facts())

    assert slow.explanation == "Débit mesuré de 12,5 Mbit/s en réception, sous le seuil de 30 Mbit/s."
    assert fast.explanation == "Débit mesuré de 940 Mbit/s en réception, au moins 30 Mbit/s."
    assert unmeasured.explanation == "Le débit n'a pas été mesuré (il faut au moins 30 Mbit/s en réception)."


@pytest.mark.parametrize(("value", "state"), [(True, PASSED), (False, FAILED), (None, UNKNOWN)])
def test_reception_and_animation_criterion(value, state):
    assert criteria.reception_animation(Facts(reception_animation=value)).state == state


def test_a_telecentre_is_checked_on_three_criteria():
    facts = Facts(private_offices=True, download_mbps=100, reception_animation=True)

    assessment = assess(facts, PlaceKind.TELECENTRE)

    assert [r.code for r in assessment.results] == ["workspace", "professional_connectivity", "reception_animation"]
    assert assessment.state == PASSED


def test_a_telecentre_is_not_judged_on_comptoir_criteria():
    facts = Facts(
        access=Access.MEMBERS, wifi=Wifi.NONE, private_offices=True, download_mbps=50, reception_animation=True
    )

    assert assess(facts, PlaceKind.TELECENTRE).state == PASSED
    assert assess(facts, PlaceKind.COMPTOIR).state == FAILED


# --- Other tiers-lieux and every combination -------------------------------------------------------------------------


def test_another_tiers_lieu_has_no_criteria_and_is_never_said_to_pass():
    assessment = assess(Facts(access=Access.OPEN, wifi=Wifi.FREE), PlaceKind.TIERS_LIEU)

    assert not assessment.has_criteria
    assert assessment.state == UNKNOWN


def test_an_unknown_kind_has_no_criteria():
    assert assess(Facts(), "moulin").results == []


ACCESS = list(Access.values)
WIFI = list(Wifi.values)
TRI = [True, False, None]


@pytest.mark.parametrize("access", ACCESS)
@pytest.mark.parametrize("wifi", WIFI)
@pytest.mark.parametrize("space", TRI)
def test_every_comptoir_combination_gives_a_state_and_a_sentence_for_each_criterion(access, wifi, space):
    assessment = assess(Facts(access=access, wifi=wifi, dedicated_telework_space=space), PlaceKind.COMPTOIR)

    assert len(assessment.results) == 4
    for result in assessment.results:
        assert result.state in CriterionState
        assert result.explanation.endswith(".")
        assert str(result.label)
    passes = access == Access.OPEN and wifi == Wifi.FREE and space is True
    fails = access in (Access.BOOKING, Access.MEMBERS) or wifi in (Wifi.PAID, Wifi.NONE) or space is False
    assert (assessment.state == PASSED) == passes
    assert (assessment.state == FAILED) == fails


@pytest.mark.parametrize("offices", TRI)
@pytest.mark.parametrize("shared", TRI)
@pytest.mark.parametrize("download", [None, 10, 30, 300])
@pytest.mark.parametrize("animation", TRI)
def test_every_telecentre_combination_is_consistent(offices, shared, download, animation):
    facts = Facts(private_offices=offices, open_space=shared, download_mbps=download, reception_animation=animation)

    assessment = assess(facts, PlaceKind.TELECENTRE)

    passes = bool(offices or shared) and download is not None and download >= 30 and animation is True
    fails = (offices is False and shared is False) or (download is not None and download < 30) or animation is False
    assert (assessment.state == PASSED) == passes
    assert (assessment.state == FAILED) == fails


def test_criteria_read_a_real_place_instance_without_the_database():
    from solozere.places.models import Place

    place = Place(kind=PlaceKind.COMPTOIR, access=Access.OPEN, wifi=Wifi.FREE, dedicated_telework_space=True)

    assert assess(place, place.kind).state == PASSED
