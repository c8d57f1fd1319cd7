import pytest

from solozere.territory.selectors import CodeKind, LookupStatus, lookup_commune, suggest_communes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "current", "matched"),
    [
        ("Mende", "Mende", "Mende"),
        ("mende", "Mende", "Mende"),
        ("MENDE", "Mende", "Mende"),
        ("48095", "Mende", "Mende"),
        ("saint chely d apcher", "Saint-Chély-d'Apcher", "Saint-Chély-d'Apcher"),
        ("St-Chély-d'Apcher", "Saint-Chély-d'Apcher", "Saint-Chély-d'Apcher"),
        ("Javols", "Peyre en Aubrac", "Javols"),
        ("javols", "Peyre en Aubrac", "Javols"),
        ("Aumont-Aubrac", "Peyre en Aubrac", "Aumont-Aubrac"),
        ("48076", "Peyre en Aubrac", "Javols"),
        ("Peyre en Aubrac", "Peyre en Aubrac", "Peyre en Aubrac"),
        ("Le Bleymard", "Mont Lozère et Goulet", "Le Bleymard"),
    ],
)
def test_lookup_accepts_names_old_names_and_codes(territory, typed, current, matched):
    result = lookup_commune(typed)
    assert result.status == LookupStatus.FOUND, result.message
    assert result.commune.name == current
    assert result.match.name == matched


def test_a_postal_code_covering_several_communes_offers_the_choice(territory):
    result = lookup_commune("48200")
    assert result.status == LookupStatus.AMBIGUOUS
    names = {c.name for c in result.choices}
    assert "Saint-Chély-d'Apcher" in names and "Les Bessons" in names
    assert "« 48200 »" in result.message


def test_an_insee_code_that_is_also_another_communes_postal_code_is_not_guessed(territory):
    # 48140 is Saint-Chély-d'Apcher's INSEE code and the postal code of Le Malzieu-Ville.
    result = lookup_commune("48140")
    assert result.status == LookupStatus.AMBIGUOUS
    names = {c.name for c in result.choices}
    assert {"Saint-Chély-d'Apcher", "Le Malzieu-Ville"} <= names


def test_an_api_insee_code_is_read_as_insee_only(territory):
    result = lookup_commune("48140", codes=CodeKind.INSEE)
    assert result.found
    assert result.commune.name == "Saint-Chély-d'Apcher"


def test_postal_only_lookup(territory):
    result = lookup_commune("48130", codes=CodeKind.POSTAL)
    assert result.found
    assert result.commune.name == "Peyre en Aubrac"


def test_autocomplete_label_disambiguates(territory):
    assert lookup_commune("Saint-Chély-d'Apcher (48200)").commune.name == "Saint-Chély-d'Apcher"
    assert lookup_commune("Javols (Peyre en Aubrac)").commune.name == "Peyre en Aubrac"


@pytest.mark.parametrize("typed", ["Paris", "zzz", "75001", "12345", "'; DROP TABLE x; --"])
def test_unknown_communes_are_not_found_with_a_french_message(territory, typed):
    result = lookup_commune(typed)
    assert result.status == LookupStatus.NOT_FOUND
    assert "Aucune commune de Lozère" in result.message


def test_empty_lookup_asks_for_a_commune(territory):
    assert lookup_commune("  ").status == LookupStatus.EMPTY


def test_suggestions_start_with_what_was_typed(territory):
    names = [c.name for c in suggest_communes("saint-ch")]
    assert "Saint-Chély-d'Apcher" in names
    assert suggest_communes("m") == []


def test_a_postal_code_given_as_an_insee_code_is_explained_with_its_communes(territory):
    result = lookup_commune("48200", codes=CodeKind.INSEE)
    assert result.status == LookupStatus.AMBIGUOUS
    assert "n'est pas un code INSEE mais un code postal" in result.message
    assert "Saint-Chély-d'Apcher" in {c.name for c in result.choices}


# --- Postal codes: every commune filed under the code ------------------------------------------------------------

POSTAL_CODES = ["48100", "48120", "48210", "48500"]


def _csv_communes_of(code: str) -> set[str]:
    from django.conf import settings

    from solozere.territory.postal import communes_by_postal_code, read_communes_csv

    return communes_by_postal_code(read_communes_csv(settings.TERRITORY_DATA_DIR / "communes.csv"))[code]


@pytest.mark.parametrize("code", POSTAL_CODES)
def test_a_postal_code_offers_every_commune_filed_under_it(territory, code):
    result = lookup_commune(code, codes=CodeKind.POSTAL)
    assert result.status == LookupStatus.AMBIGUOUS
    assert {c.insee_code for c in result.choices} == _csv_communes_of(code)
    assert all(c.kind == "actuelle" for c in result.choices)


@pytest.mark.parametrize("code", POSTAL_CODES)
def test_typed_anywhere_a_postal_code_still_offers_every_commune_filed_under_it(territory, code):
    result = lookup_commune(code)
    assert _csv_communes_of(code) <= {c.current.insee_code for c in result.choices}


@pytest.mark.parametrize("code", POSTAL_CODES)
def test_the_suggestions_of_a_postal_code_list_every_commune_not_the_first_ten(territory, code):
    assert {c.insee_code for c in suggest_communes(code)} == _csv_communes_of(code)


def test_a_second_postal_code_counts_as_much_as_the_first(territory):
    # Massegros Causses Gorges is "48210;48500".
    assert "Massegros Causses Gorges" in {c.name for c in lookup_commune("48500").choices}


def test_a_postal_code_filed_under_a_commune_deleguee_leads_to_its_current_commune(territory):
    from solozere.territory.models import Commune

    Commune.objects.filter(kind=Commune.Kind.DELEGATED, insee_code="48049").update(postal_codes="48999")
    result = lookup_commune("48999", codes=CodeKind.POSTAL)
    assert result.found
    assert result.commune.name == "Bourgs sur Colagne"
    assert result.by_postal_code


def test_every_postal_code_and_commune_pair_of_the_csv_is_found(territory):
    """Exhaustive over communes.csv: each (postal code, commune) pair is offered by the lookup."""
    from django.conf import settings

    from solozere.territory.postal import postal_pairs, read_communes_csv

    pairs = set(postal_pairs(read_communes_csv(settings.TERRITORY_DATA_DIR / "communes.csv")))
    by_code: dict[str, set[str]] = {}
    for code, current in pairs:
        by_code.setdefault(code, set()).add(current)
    for code, currents in by_code.items():
        result = lookup_commune(code, codes=CodeKind.POSTAL)
        offered = {c.insee_code for c in result.choices} | ({result.commune.insee_code} if result.found else set())
        assert offered == currents, code


# --- Old INSEE codes of merged communes ---------------------------------------------------------------------------


def test_an_old_insee_code_absorbed_by_a_merger_is_its_current_commune_and_says_so(territory):
    result = lookup_commune("48052")
    assert result.found
    assert result.commune.name == "Altier"
    assert not result.by_postal_code
    assert result.note == "48052 : code INSEE d'une ancienne commune, aujourd'hui Altier."


def test_the_old_insee_code_of_a_commune_deleguee_names_it_and_its_current_commune(territory):
    result = lookup_commune("48076")
    assert result.found and result.match.name == "Javols"
    assert result.note == "48076 : ancienne commune de Javols, aujourd'hui Peyre en Aubrac."


def test_an_old_insee_code_that_is_also_a_postal_code_offers_both(territory):
    # 48120 was Prinsuéjols' INSEE code and is Saint-Alban-sur-Limagnole's postal code.
    names = {c.name for c in lookup_commune("48120").choices}
    assert {"Prinsuéjols", "Lajo", "Saint-Alban-sur-Limagnole", "Sainte-Eulalie"} <= names


def test_a_current_insee_code_carries_no_note(territory):
    assert lookup_commune("48095").note == ""
