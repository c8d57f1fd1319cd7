"""Routing a project request, without the database: every topic by every kind of commune against the reference
partners of the Réseau Accueil, then the lead's tie-breaks, the reasons' French, and the refusals.

The expectations are written out by hand below (EXPECTED_*), not derived from route() or from the fixture."""

import pytest

from solozere.accompaniment.routing import (
    CommuneKind,
    Coverage,
    Match,
    Routing,
    RoutingError,
    Where,
    route,
)
from solozere.accompaniment.topics import Topic

WHOLE = "toute la Lozère"

# The reference mapping (the database side loads the same from SOURCES.md). -------------------------------------

DEPARTEMENT = "Département de la Lozère"
CCI = "CCI de la Lozère"
CMA = "Chambre de Métiers et de l'Artisanat de la Lozère"
CHAMBRE_AGRICULTURE = "Chambre d'agriculture de la Lozère"
SAFER = "SAFER Occitanie"
RELANCE = "Relance-Octav"
LOZERE_DEVELOPPEMENT = "Lozère Développement"
POLEN = "POLeN"
LOZERE_TOURISME = "Lozère Tourisme"
PAYS_GEVAUDAN = "Pays du Gévaudan-Lozère"
PAYS_SOURCES = "Pays des Sources"
PAYS_GORGES = "Pays Gorges Causses Cévennes"
MDECS = "Maison de l'Emploi et de la Cohésion Sociale (MDECS)"
# Test-only: two EPCI-limited coverages so that the territory branch is exercised (their member lists are cut short).
CC_TERRES_APCHER = "CC des Terres d'Apcher-Margeride-Aubrac (essai)"
CC_HAUTES_TERRES = "CC des Hautes Terres de l'Aubrac (essai)"

SAINT_ALBAN = "48132"  # Saint-Alban-sur-Limagnole, in CC des Terres d'Apcher-Margeride-Aubrac
PEYRE_EN_AUBRAC = "48009"  # the current commune of Javols, in CC des Hautes Terres de l'Aubrac
MENDE = "48095"  # in CC Coeur de Lozère: neither test EPCI
MASSEGROS_CAUSSES_GORGES = "48094"  # the current commune of Le Massegros: neither test EPCI

EVERY_TOPIC = frozenset(Topic.values)


def coverage(organisation_id, name, topics, communes=None, territory_label=WHOLE, receives=True):
    return Coverage(
        organisation_id=organisation_id,
        name=name,
        topics=frozenset(topics),
        communes=None if communes is None else frozenset(communes),
        territory_label=territory_label,
        receives=receives,
    )


REFERENCE = [
    # Shuffled on purpose (not in the expected order), ids not in name order either.
    coverage(7, LOZERE_DEVELOPPEMENT, {"company_telework", "resource_centre", "workplace", "moving"}),
    coverage(12, MDECS, {"partner_employment", "company_telework", "resource_centre"}, receives=False),
    coverage(3, CMA, {"business_creation", "business_takeover"}),
    coverage(9, LOZERE_TOURISME, {"tourism"}),
    # The Pays: territory not set. They are given every topic here, so that only `receives` keeps them out.
    coverage(10, PAYS_GEVAUDAN, EVERY_TOPIC, communes=set(), territory_label="", receives=False),
    coverage(11, PAYS_SOURCES, EVERY_TOPIC, communes={MENDE, SAINT_ALBAN}, territory_label="?", receives=False),
    coverage(13, PAYS_GORGES, EVERY_TOPIC, receives=False),
    coverage(1, DEPARTEMENT, {"moving", "connectivity", "telework_aid", "partner_employment"}),
    coverage(5, SAFER, {"farming"}),
    coverage(
        20,
        CC_TERRES_APCHER,
        {"workplace"},
        communes={SAINT_ALBAN, "48090", "48002", "48140"},
        territory_label="Communauté de communes des Terres d'Apcher-Margeride-Aubrac",
    ),
    coverage(8, POLEN, {"company_telework", "resource_centre", "workplace"}),
    coverage(2, CCI, {"business_creation", "business_takeover"}),
    coverage(
        21,
        CC_HAUTES_TERRES,
        {"workplace"},
        communes={PEYRE_EN_AUBRAC, "48001", "48007"},
        territory_label="Communauté de communes des Hautes Terres de l'Aubrac",
    ),
    coverage(4, CHAMBRE_AGRICULTURE, {"farming"}),
    coverage(6, RELANCE, {"business_takeover"}),
]

PLACES = {
    "current_inside": Where(CommuneKind.CURRENT, "Saint-Alban-sur-Limagnole", SAINT_ALBAN, "Saint-Alban-sur-Limagnole"),
    "current_outside": Where(CommuneKind.CURRENT, "Mende", MENDE, "Mende"),
    "delegated_inside": Where(CommuneKind.DELEGATED, "Javols", PEYRE_EN_AUBRAC, "Peyre en Aubrac"),
    "delegated_outside": Where(
        CommuneKind.DELEGATED, "Le Massegros", MASSEGROS_CAUSSES_GORGES, "Massegros Causses Gorges"
    ),
    "unknown": Where(CommuneKind.UNKNOWN, "Saint-Nulle-Part"),
    "not_chosen": Where(CommuneKind.NOT_CHOSEN),
}

# Who gets a one-topic request anywhere in Lozère (a département-wide coverage), in the expected order: the lead first
# (same number of topics, same breadth: by name, accents and case folded).
EXPECTED_EVERYWHERE = {
    "moving": [DEPARTEMENT, LOZERE_DEVELOPPEMENT],
    "workplace": [LOZERE_DEVELOPPEMENT, POLEN],
    "company_telework": [LOZERE_DEVELOPPEMENT, POLEN],
    "resource_centre": [LOZERE_DEVELOPPEMENT, POLEN],
    "business_creation": [CCI, CMA],
    "business_takeover": [CCI, CMA, RELANCE],
    "partner_employment": [DEPARTEMENT],
    "telework_aid": [DEPARTEMENT],
    "connectivity": [DEPARTEMENT],
    "farming": [CHAMBRE_AGRICULTURE, SAFER],
    "tourism": [LOZERE_TOURISME],
    "other": [],  # nobody: staff route it by hand
}
# And who comes before them, at these places only (a narrower territory leads).
EXPECTED_LOCALLY = {
    ("workplace", "current_inside"): [CC_TERRES_APCHER],
    ("workplace", "delegated_inside"): [CC_HAUTES_TERRES],
}


def test_the_tables_cover_every_topic_and_every_kind_of_commune():
    assert set(EXPECTED_EVERYWHERE) == set(Topic.values)
    assert {where.kind for where in PLACES.values()} == set(CommuneKind)


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("topic", Topic.values)
def test_every_topic_at_every_kind_of_commune(topic, place):
    expected = EXPECTED_LOCALLY.get((topic, place), []) + EXPECTED_EVERYWHERE[topic]

    routing = route([topic], PLACES[place], REFERENCE)

    assert [match.name for match in routing.matches] == expected
    assert [match.lead for match in routing.matches] == ([True] + [False] * (len(expected) - 1) if expected else [])
    assert (routing.lead.name if routing.lead else None) == (expected[0] if expected else None)
    assert all(match.topics == (topic,) for match in routing.matches)
    assert routing.unrouted_topics == (() if expected else (topic,))


@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_topic_at_once_at_every_kind_of_commune(place):
    """One request naming every topic: the Département (four topics) leads everywhere; "other" stays unrouted."""
    routing = route(Topic.values, PLACES[place], REFERENCE)

    local = [name for (topic, where), names in EXPECTED_LOCALLY.items() if where == place for name in names]
    expected = [
        DEPARTEMENT,  # 4 topics
        LOZERE_DEVELOPPEMENT,  # 4 topics, after by name
        POLEN,  # 3
        CCI,  # 2
        CMA,  # 2
        *local,  # 1 topic, the narrowest territory
        CHAMBRE_AGRICULTURE,  # 1 topic each, the whole département: by name
        LOZERE_TOURISME,
        RELANCE,
        SAFER,
    ]
    assert [match.name for match in routing.matches] == expected
    assert routing.lead is not None and routing.lead.name == DEPARTEMENT
    assert routing.unrouted_topics == ("other",)


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("current_inside", [DEPARTEMENT, LOZERE_DEVELOPPEMENT, CC_TERRES_APCHER, POLEN]),
        ("delegated_inside", [DEPARTEMENT, LOZERE_DEVELOPPEMENT, CC_HAUTES_TERRES, POLEN]),
        ("current_outside", [DEPARTEMENT, LOZERE_DEVELOPPEMENT, POLEN]),
        ("not_chosen", [DEPARTEMENT, LOZERE_DEVELOPPEMENT, POLEN]),
    ],
)
def test_a_newcomer_looking_for_a_telecentre_and_a_job_for_their_partner(place, expected):
    """The issue's story: moving, a place to work, a job for the partner."""
    routing = route(["moving", "workplace", "partner_employment"], PLACES[place], REFERENCE)

    assert [match.name for match in routing.matches] == expected
    by_name = {match.name: match for match in routing.matches}
    assert by_name[DEPARTEMENT].lead
    assert by_name[DEPARTEMENT].topics == ("moving", "partner_employment")
    assert by_name[LOZERE_DEVELOPPEMENT].topics == ("moving", "workplace")
    assert by_name[POLEN].topics == ("workplace",)
    assert routing.unrouted_topics == ()


def test_a_stray_commune_code_does_not_place_an_unknown_or_unchosen_commune():
    """Only a recognised commune is inside a territory, whatever code came along with the others."""
    for kind in (CommuneKind.UNKNOWN, CommuneKind.NOT_CHOSEN):
        routing = route(["workplace"], Where(kind, "Saint-Alban", SAINT_ALBAN, "Saint-Alban-sur-Limagnole"), REFERENCE)
        assert [match.name for match in routing.matches] == [LOZERE_DEVELOPPEMENT, POLEN]


def test_a_commune_deleguee_is_routed_by_its_current_commune_not_by_its_own_name():
    local = [coverage(1, "CC", {"workplace"}, communes={PEYRE_EN_AUBRAC}, territory_label="CC")]
    inside = Where(CommuneKind.DELEGATED, "Javols", PEYRE_EN_AUBRAC, "Peyre en Aubrac")
    outside = Where(CommuneKind.DELEGATED, "Javols", MENDE, "Mende")

    assert [match.name for match in route(["workplace"], inside, local).matches] == ["CC"]
    assert route(["workplace"], outside, local).matches == ()


# The lead. ------------------------------------------------------------------------------------------------------


def names(routing: Routing) -> list[str]:
    return [match.name for match in routing.matches]


def test_more_topics_beats_a_narrower_territory():
    coverages = [
        coverage(1, "Locale", {"workplace"}, communes={MENDE}, territory_label="Mende"),
        coverage(2, "Départementale", {"workplace", "moving"}),
    ]
    routing = route(["workplace", "moving"], PLACES["current_outside"], coverages)
    assert names(routing) == ["Départementale", "Locale"]
    assert routing.lead == routing.matches[0]


def test_with_as_many_topics_a_commune_limited_coverage_beats_the_whole_departement():
    coverages = [
        coverage(1, "A départementale", {"workplace"}),
        coverage(2, "Z locale", {"workplace"}, communes={MENDE, SAINT_ALBAN, "48001"}, territory_label="Trois"),
    ]
    assert names(route(["workplace"], PLACES["current_outside"], coverages)) == ["Z locale", "A départementale"]


def test_among_limited_coverages_fewer_communes_wins():
    coverages = [
        coverage(1, "A trois", {"workplace"}, communes={MENDE, "48001", "48002"}, territory_label="Trois"),
        coverage(2, "B une", {"workplace"}, communes={MENDE}, territory_label="Une"),
        coverage(3, "C deux", {"workplace"}, communes={MENDE, "48001"}, territory_label="Deux"),
    ]
    assert names(route(["workplace"], PLACES["current_outside"], coverages)) == ["B une", "C deux", "A trois"]


def test_otherwise_by_name_with_accents_and_case_folded():
    coverages = [coverage(1, "Zèbre", {"moving"}), coverage(2, "Élan", {"moving"}), coverage(3, "agence", {"moving"})]
    assert names(route(["moving"], PLACES["not_chosen"], coverages)) == ["agence", "Élan", "Zèbre"]


def test_then_by_id_for_the_same_name():
    coverages = [coverage(9, "Même", {"moving"}), coverage(4, "Même", {"moving"}), coverage(6, "Même", {"moving"})]
    routing = route(["moving"], PLACES["not_chosen"], coverages)
    assert [match.organisation_id for match in routing.matches] == [4, 6, 9]
    assert [match.lead for match in routing.matches] == [True, False, False]


def test_the_order_does_not_depend_on_the_order_of_the_coverages():
    request = ["moving", "workplace", "business_takeover", "farming"]
    forward = route(request, PLACES["current_inside"], REFERENCE)
    backward = route(request, PLACES["current_inside"], list(reversed(REFERENCE)))
    assert forward == backward


def test_exactly_one_lead_and_none_without_a_match():
    routing = route(["business_takeover", "farming", "tourism"], PLACES["unknown"], REFERENCE)
    assert sum(match.lead for match in routing.matches) == 1
    assert routing.lead is routing.matches[0]

    nobody = route(["other"], PLACES["current_inside"], REFERENCE)
    assert nobody == Routing(matches=(), unrouted_topics=("other",))
    assert nobody.lead is None


def test_coverages_may_be_any_iterable():
    routing = route(["tourism"], PLACES["not_chosen"], (c for c in REFERENCE))
    assert names(routing) == [LOZERE_TOURISME]


# Topics: order, duplicates, what no one handles. ----------------------------------------------------------------


def test_a_match_lists_the_requests_topics_it_handles_in_the_requests_order():
    routing = route(["telework_aid", "tourism", "moving", "connectivity"], PLACES["not_chosen"], REFERENCE)
    departement = next(match for match in routing.matches if match.name == DEPARTEMENT)
    assert departement.topics == ("telework_aid", "moving", "connectivity")


def test_a_topic_named_twice_counts_once():
    coverages = [coverage(1, "A", {"moving", "connectivity"}), coverage(2, "B", {"tourism", "farming"})]
    routing = route(["moving", "tourism", "moving", "farming", "moving"], PLACES["not_chosen"], coverages)
    # Counted twice or more, "moving" would tie A with B (then A first by name), or put A ahead.
    assert names(routing) == ["B", "A"]
    assert routing.matches[0].topics == ("tourism", "farming")
    assert routing.matches[1].topics == ("moving",)
    assert routing.matches[1].reason == "Traite « S'installer en Lozère : logement, démarches » sur toute la Lozère."


def test_unrouted_topics_are_those_no_match_handles_in_the_requests_order_once():
    coverages = [coverage(1, "A", {"moving"}), coverage(2, "B", {"farming"}, communes={MENDE}, territory_label="M")]
    routing = route(["tourism", "farming", "moving", "other", "tourism"], PLACES["current_inside"], coverages)
    assert names(routing) == ["A"]
    assert routing.unrouted_topics == ("tourism", "farming", "other")


def test_a_topic_handled_by_an_organisation_elsewhere_is_unrouted_here():
    local = [coverage(1, "CC", {"workplace"}, communes={SAINT_ALBAN}, territory_label="CC")]
    assert route(["workplace"], PLACES["current_outside"], local).unrouted_topics == ("workplace",)
    assert route(["workplace"], PLACES["current_inside"], local).unrouted_topics == ()


# Organisations that receive nothing. ----------------------------------------------------------------------------


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_closed_organisation_or_one_without_a_territory_receives_nothing(place):
    """The MDECS (closed end of 2018) and the Pays (territory not set) even when they would cover everything."""
    coverages = [
        coverage(1, MDECS, EVERY_TOPIC, receives=False),
        coverage(2, PAYS_SOURCES, EVERY_TOPIC, communes={SAINT_ALBAN, PEYRE_EN_AUBRAC, MENDE}, receives=False),
        coverage(3, PAYS_GEVAUDAN, EVERY_TOPIC, communes=set(), receives=False),
    ]
    routing = route(Topic.values, PLACES[place], coverages)
    assert routing.matches == ()
    assert routing.unrouted_topics == tuple(Topic.values)
    assert routing.lead is None


def test_an_empty_territory_covers_nowhere():
    empty = [coverage(1, "Vide", {"workplace"}, communes=set(), territory_label="")]
    for where in PLACES.values():
        assert route(["workplace"], where, empty).matches == ()


# Reasons, in French. --------------------------------------------------------------------------------------------


def only_reason(topics, where, coverages):
    (match,) = route(topics, where, coverages).matches
    return match.reason


def test_reason_for_the_whole_departement_with_one_two_or_three_topics():
    everywhere = [coverage(1, "A", {"business_creation", "business_takeover", "tourism"})]
    where = PLACES["current_outside"]
    assert (
        only_reason(["business_creation"], where, everywhere) == "Traite « Créer une entreprise » sur toute la Lozère."
    )
    assert (
        only_reason(["business_creation", "business_takeover"], where, everywhere)
        == "Traite « Créer une entreprise » et « Reprendre une entreprise » sur toute la Lozère."
    )
    assert only_reason(["tourism", "business_takeover", "business_creation"], where, everywhere) == (
        "Traite « Un projet touristique (hébergement, activité) », « Reprendre une entreprise » "
        "et « Créer une entreprise » sur toute la Lozère."
    )


def test_reason_for_a_current_commune_in_a_limited_territory():
    routing = route(["workplace"], PLACES["current_inside"], REFERENCE)
    assert routing.matches[0].reason == (
        "Traite « Trouver un lieu où travailler (télécentre, espace de coworking) » à Saint-Alban-sur-Limagnole, "
        "sur son territoire : Communauté de communes des Terres d'Apcher-Margeride-Aubrac."
    )


def test_reason_for_a_commune_deleguee_names_the_current_commune_then_the_former():
    routing = route(["workplace"], PLACES["delegated_inside"], REFERENCE)
    assert routing.matches[0].reason == (
        "Traite « Trouver un lieu où travailler (télécentre, espace de coworking) » à Peyre en Aubrac (Javols), "
        "sur son territoire : Communauté de communes des Hautes Terres de l'Aubrac."
    )
    # The département-wide organisations of the same request say so, not the territory.
    assert routing.matches[1].reason == (
        "Traite « Trouver un lieu où travailler (télécentre, espace de coworking) » sur toute la Lozère."
    )


def test_reason_for_a_current_commune_names_it_as_it_is_today():
    local = [coverage(1, "CC", {"tourism"}, communes={SAINT_ALBAN}, territory_label="CC de test")]
    typed_otherwise = Where(CommuneKind.CURRENT, "St Alban", SAINT_ALBAN, "Saint-Alban-sur-Limagnole")
    assert only_reason(["tourism"], typed_otherwise, local) == (
        "Traite « Un projet touristique (hébergement, activité) » à Saint-Alban-sur-Limagnole, "
        "sur son territoire : CC de test."
    )


def test_reason_for_a_current_commune_without_its_official_name_uses_the_name_given():
    local = [coverage(1, "CC", {"tourism"}, communes={MENDE}, territory_label="CC de test")]
    assert only_reason(["tourism"], Where(CommuneKind.CURRENT, "Mende", MENDE), local) == (
        "Traite « Un projet touristique (hébergement, activité) » à Mende, sur son territoire : CC de test."
    )


def test_reason_for_a_commune_deleguee_with_its_current_communes_name_names_it_once():
    local = [coverage(1, "CC", {"tourism"}, communes={"48087"}, territory_label="CC de test")]
    same_name = Where(CommuneKind.DELEGATED, "Prinsuéjols-Malbouzon", "48087", "Prinsuéjols-Malbouzon")
    assert only_reason(["tourism"], same_name, local) == (
        "Traite « Un projet touristique (hébergement, activité) » à Prinsuéjols-Malbouzon, "
        "sur son territoire : CC de test."
    )


def test_reason_for_an_unknown_commune_says_it_was_not_recognised():
    everywhere = [coverage(1, "A", {"tourism"})]
    assert only_reason(["tourism"], PLACES["unknown"], everywhere) == (
        "Traite « Un projet touristique (hébergement, activité) » sur toute la Lozère ; "
        "la commune indiquée, « Saint-Nulle-Part », n'a pas été reconnue."
    )
    assert only_reason(["tourism"], Where(CommuneKind.UNKNOWN), everywhere) == (
        "Traite « Un projet touristique (hébergement, activité) » sur toute la Lozère ; "
        "la commune indiquée n'a pas été reconnue."
    )


def test_reason_for_a_commune_not_chosen_yet():
    everywhere = [coverage(1, "A", {"farming"})]
    assert only_reason(["farming"], PLACES["not_chosen"], everywhere) == (
        "Traite « S'installer en agriculture, trouver des terres » sur toute la Lozère."
    )


def test_every_reason_uses_the_topics_labels_never_their_codes():
    routing = route(Topic.values, PLACES["current_inside"], REFERENCE)
    for match in routing.matches:
        for topic in match.topics:
            assert f"« {Topic(topic).label} »" in match.reason
            assert topic not in match.reason


def test_a_match_carries_the_organisation():
    routing = route(["tourism"], PLACES["not_chosen"], REFERENCE)
    assert routing.matches == (
        Match(
            organisation_id=9,
            name=LOZERE_TOURISME,
            topics=("tourism",),
            reason="Traite « Un projet touristique (hébergement, activité) » sur toute la Lozère.",
            lead=True,
        ),
    )


# Refusals. ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("topics", [[], (), ""])
def test_a_request_without_a_topic_is_refused_in_french(topics):
    with pytest.raises(RoutingError, match=r"^Choisissez au moins un sujet pour votre projet\.$"):
        route(topics, PLACES["current_inside"], REFERENCE)
    assert issubclass(RoutingError, ValueError)


def test_an_unknown_topic_is_refused_rather_than_dropped():
    with pytest.raises(RoutingError, match=r"^Sujet inconnu : « housing »\.$"):
        route(["moving", "housing"], PLACES["current_inside"], REFERENCE)
