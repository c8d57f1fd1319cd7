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
