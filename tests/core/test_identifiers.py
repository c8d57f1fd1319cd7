"""SIREN, SIRET and RNA checks: pure, no database."""

import pytest
from django.core.exceptions import ValidationError

from solozere.core.identifiers import (
    luhn_is_valid,
    normalize_identifier,
    siren_key_is_valid,
    siret_key_is_valid,
    structure_identifier_is_valid,
    validate_siret_or_rna,
    validate_structure_identifier,
)

INVALID = (
    "Indiquez un numéro SIRET valide (14 chiffres, clé de contrôle vérifiée) ou un numéro RNA "
    "d'association (W suivi de 9 chiffres)."
)


@pytest.mark.parametrize("number", ["79927398713", "59", "18", "91", "0", "00000000000059"])
def test_numbers_whose_luhn_key_is_right(number):
    assert luhn_is_valid(number)


@pytest.mark.parametrize("number", ["79927398710", "5", "95", "19", "50"])
def test_numbers_whose_luhn_key_is_wrong(number):
    assert not luhn_is_valid(number)


def test_a_doubled_5_counts_as_1():
    # 5 doubled is 10, whose digits add up to 1: 9 + 1 = 10 is valid; left as 10 it would make 19.
    assert luhn_is_valid("59")
    assert siret_key_is_valid("00000000000059")
    assert not siret_key_is_valid("00000000000058")


def test_a_siret_has_fourteen_digits_and_a_right_key():
    assert siret_key_is_valid("73282932000074")
    assert not siret_key_is_valid("73282932000075")
    assert not siret_key_is_valid("0000000000059")  # Luhn-valid, but 13 digits
    assert not siret_key_is_valid("000000000000059")  # Luhn-valid, but 15 digits


def test_all_zeros_passes_luhn_but_is_never_a_siret():
    assert luhn_is_valid("00000000000000")
    assert not siret_key_is_valid("00000000000000")


def test_la_postes_establishments_follow_their_own_key():
    assert siret_key_is_valid("35600000000001")  # digits add up to 15
    assert not luhn_is_valid("35600000000001")
    assert not siret_key_is_valid("35600000000002")


def test_identifiers_are_normalised_without_spaces_dots_hyphens_and_in_capitals():
    assert normalize_identifier(" w-123.456 789 ") == "W123456789"
    assert normalize_identifier("732 829 320 00074") == "73282932000074"
    assert normalize_identifier("") == ""
    assert normalize_identifier(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["73282932000074", "732 829 320 00074", "W481000123", "w481000123", "W 481 000 123"])
def test_a_siret_or_an_rna_number_is_accepted(value):
    validate_siret_or_rna(value)


@pytest.mark.parametrize(
    "value",
    ["", "W48100012", "W4810001234", "481000123", "X481000123", "73282932000075", "00000000000000", "WW48100012"],
)
def test_anything_else_is_refused_with_what_is_expected(value):
    with pytest.raises(ValidationError) as error:
        validate_siret_or_rna(value)
    assert error.value.code == "invalid_identifier"
    assert error.value.messages == [INVALID]


# --- The identifier of the structure running a place: SIREN, SIRET or RNA (the open-data schema's 9 to 14) -------
def test_a_siren_has_nine_digits_and_a_right_luhn_key():
    assert siren_key_is_valid("732829320")
    assert siren_key_is_valid("434933123")  # the schema's example SIRET, without its establishment number
    assert not siren_key_is_valid("732829321")
    assert not siren_key_is_valid("73282932")
    assert not siren_key_is_valid("000000000")  # passes Luhn, identifies nobody
    assert siren_key_is_valid("356000000")  # La Poste's own SIREN follows Luhn


@pytest.mark.parametrize("value", ["732829320", "73282932000074", "W481000123", "35600000000001", "43493312300029"])
def test_a_siren_a_siret_or_an_rna_number_identifies_a_structure(value):
    assert structure_identifier_is_valid(value)
    validate_structure_identifier(value)


@pytest.mark.parametrize("value", ["732 829 320", "732.829.320.00074", "w 481 000 123", "434-933-123-00029"])
def test_spaces_dots_hyphens_and_small_letters_are_forgiven(value):
    validate_structure_identifier(value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("732829321", "Ce numéro SIREN (9 chiffres) n'existe pas"),
        ("73282932000075", "Ce numéro SIRET (14 chiffres) n'existe pas"),
        ("00000000000000", "Un numéro fait de zéros n'identifie aucune structure"),
        ("000 000 000", "Un numéro fait de zéros n'identifie aucune structure"),
        ("W48100012", "W suivi de 9 chiffres"),
        ("WX81000123", "W suivi de 9 chiffres"),
        ("1234567890", "SIRET (14 chiffres), SIREN (9 chiffres)"),
        ("mairie", "SIRET (14 chiffres), SIREN (9 chiffres)"),
        ("", "SIRET (14 chiffres), SIREN (9 chiffres)"),
    ],
)
def test_a_wrong_identifier_is_explained_by_what_is_wrong_with_it(value, words):
    with pytest.raises(ValidationError) as error:
        validate_structure_identifier(value)
    assert error.value.code == "invalid_identifier"
    assert words in error.value.messages[0]
