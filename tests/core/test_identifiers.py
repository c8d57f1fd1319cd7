"""SIRET and RNA checks: pure, no database."""

import pytest
from django.core.exceptions import ValidationError

from solozere.core.identifiers import luhn_is_valid, normalize_identifier, siret_key_is_valid, validate_siret_or_rna

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
