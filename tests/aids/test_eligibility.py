"""The pure rules: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from solozere.aids.eligibility import (
    AmountBasis,
    Beneficiary,
    CategoryTerms,
    ExpenseClaim,
    InputError,
    Outcome,
    Residence,
    SchemeState,
    SchemeTerms,
    Situation,
    Verdict,
    check_departement,
    check_grant,
    check_siret,
    check_vat,
    departement_from_postal_code,
    eligible_base,
    employee_key,
    euros,
    evaluate,
    max_amount,
    parse_amount,
    scheme_state,
)
from solozere.core.identifiers import luhn_is_valid


def plain(text):
    """Non-breaking spaces as plain spaces, to compare French numbers."""
    return str(text).replace("\u202f", " ").replace("\xa0", " ")


TODAY = dt.date(2026, 11, 26)
CATEGORIES = [
    CategoryTerms("equipment", "Matériel", Beneficiary.COMPANY, AmountBasis.EXCL_TAX),
    CategoryTerms("home_office", "Bureau au domicile", Beneficiary.EMPLOYEE, AmountBasis.INCL_TAX),
]


def terms(**kwargs):
    values = {"title": "Aide", "ceiling": Decimal("3000"), "categories": CATEGORIES, "zone_name": "4 cantons"}
    values.update(kwargs)
    return SchemeTerms(**values)


def situation(**kwargs):
    values = {"residence": Residence.IN_ZONE, "commune_label": "Javols", "new_setup": True}
    values.update(kwargs)
    return Situation(**values)


def claims(**amounts):
    return [ExpenseClaim(category=code, amount=Decimal(str(amount))) for code, amount in amounts.items()]


# --- evaluate -------------------------------------------------------------------------------------


def test_an_employee_living_in_the_zone_with_a_new_setup_and_expenses_is_eligible():
    result = evaluate(terms(), situation(expenses=claims(equipment=1200, home_office=600)), today=TODAY)
    assert result.verdict == Verdict.ELIGIBLE
    assert result.eligible
    assert result.max_amount == Decimal("1800.00")
    assert all(r.outcome == Outcome.PASSED for r in result.rules)
    assert "Javols" in result.rule("residence").message


def test_the_amount_is_capped_by_the_ceiling():
    result = evaluate(terms(), situation(expenses=claims(equipment=5000)), today=TODAY)
    assert result.max_amount == Decimal("3000.00")


def test_the_amount_is_capped_by_what_is_left_in_the_envelope():
    result = evaluate(
        terms(envelope=Decimal("10000"), committed=Decimal("9000")),
        situation(expenses=claims(equipment=5000)),
        today=TODAY,
    )
    assert result.max_amount == Decimal("1000.00")


def test_without_expenses_the_maximum_is_the_ceiling_and_the_amount_is_to_be_confirmed():
    result = evaluate(terms(), situation(), today=TODAY)
    assert result.verdict == Verdict.INCOMPLETE
    assert result.eligible
    assert result.max_amount == Decimal("3000.00")
    assert result.rule("expenses").outcome == Outcome.UNKNOWN
    assert "3 000" in plain(result.rule("expenses").message)


def test_an_employee_living_outside_the_zone_is_not_eligible_whatever_the_company():
    result = evaluate(terms(), situation(residence=Residence.OUT_OF_ZONE, commune_label="Mende"), today=TODAY)
    assert result.verdict == Verdict.INELIGIBLE
    assert result.max_amount == 0
    assert result.rule("residence").outcome == Outcome.FAILED
    assert "Mende" in result.rule("residence").message and "hors de la zone" in result.rule("residence").message


def test_the_company_may_be_anywhere():
    result = evaluate(terms(), situation(company_departement="75"), today=TODAY)
    assert result.rule("company").outcome == Outcome.PASSED
    assert "75" in result.rule("company").message


def test_a_telework_already_in_place_is_not_eligible():
    result = evaluate(terms(), situation(new_setup=False), today=TODAY)
    assert result.verdict == Verdict.INELIGIBLE
    assert "déjà en place" in result.rule("new_setup").message


def test_an_unanswered_question_is_unknown_not_failed():
    result = evaluate(terms(), Situation(), today=TODAY)
    assert result.verdict == Verdict.INCOMPLETE
    assert {r.code for r in result.unknown} == {"residence", "new_setup", "expenses"}


def test_a_commune_partly_in_the_zone_asks_for_the_commune_deleguee():
    result = evaluate(terms(), situation(residence=Residence.PARTLY_IN_ZONE, commune_label="X"), today=TODAY)
    assert result.rule("residence").outcome == Outcome.UNKNOWN
    assert "commune déléguée" in result.rule("residence").message


def test_an_employee_already_funded_is_not_eligible():
    result = evaluate(terms(), situation(already_funded=True), today=TODAY)
    assert result.rule("not_already_funded").outcome == Outcome.FAILED
    assert result.verdict == Verdict.INELIGIBLE


def test_an_exhausted_envelope_says_so():
    result = evaluate(terms(envelope=Decimal("6000"), committed=Decimal("6000")), situation(), today=TODAY)
    assert result.verdict == Verdict.INELIGIBLE
    assert "Enveloppe épuisée" in result.rule("scheme_open").message


@pytest.mark.parametrize(
    ("kwargs", "state"),
    [
        ({}, SchemeState.OPEN),
        ({"is_open": False}, SchemeState.CLOSED),
        ({"closing_date": dt.date(2026, 11, 25)}, SchemeState.CLOSED),
        ({"closing_date": TODAY}, SchemeState.OPEN),
        ({"opening_date": dt.date(2027, 1, 1)}, SchemeState.NOT_YET_OPEN),
        ({"envelope": Decimal("3000"), "committed": Decimal("3000")}, SchemeState.EXHAUSTED),
        ({"envelope": Decimal("3000"), "committed": Decimal("2999")}, SchemeState.OPEN),
        ({"envelope": None}, SchemeState.OPEN),
    ],
)
def test_scheme_state(kwargs, state):
    assert scheme_state(terms(**kwargs), TODAY) == state


def test_a_scheme_not_yet_open_gives_its_date():
    result = evaluate(terms(opening_date=dt.date(2027, 1, 4)), situation(), today=TODAY)
    assert "04/01/2027" in result.rule("scheme_open").message


def test_an_unknown_category_is_refused_with_the_known_ones():
    with pytest.raises(InputError) as error:
        evaluate(terms(), situation(expenses=claims(yacht=100)), today=TODAY)
    assert "yacht" in str(error.value) and "equipment" in str(error.value)


@pytest.mark.parametrize("amount", ["-5", "0", "100001", "abc", "12.345"])
def test_negative_zero_absurd_or_malformed_amounts_are_refused(amount):
    with pytest.raises(InputError):
        evaluate(terms(), situation(expenses=[ExpenseClaim("equipment", amount)]), today=TODAY)


def test_max_amount_is_never_negative():
    assert max_amount(terms(envelope=Decimal("100"), committed=Decimal("500")), None) == 0


# --- input checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200", "1200.00"),
        ("1 200,50", "1200.50"),
        ("1\u202f200,5 €", "1200.50"),
        ("0,01", "0.01"),
        (Decimal("3"), "3.00"),
    ],
)
def test_amounts_are_read_the_french_way(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-10", "supérieur à zéro"),
        ("0", "supérieur à zéro"),
        ("1e9", "vérifiez la saisie"),
        ("douze", "nombre d'euros"),
        ("NaN", "nombre d'euros"),
        ("Infinity", "nombre d'euros"),
        (None, "nombre d'euros"),
        (True, "nombre d'euros"),
        ("10.001", "deux décimales"),
    ],
)
def test_bad_amounts_are_explained(typed, message):
    with pytest.raises(InputError) as error:
        parse_amount(typed)
    assert message in str(error.value)


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "732.829.320.00074", "35600000000001"])
def test_valid_sirets(siret):
    assert check_siret(siret) == siret.replace(" ", "").replace(".", "")


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("", "Indiquez"),
        ("73282932000075", "clé de contrôle"),
        ("7328293200007", "14 chiffres (vous en avez saisi 13)"),
        ("732829320000745", "vous en avez saisi 15"),
        ("7328293200007A", "que des chiffres"),
        ("35600000000002", "clé de contrôle"),
    ],
)
def test_invalid_sirets_are_explained(siret, message):
    with pytest.raises(InputError) as error:
        check_siret(siret)
    assert message in str(error.value)


def test_luhn():
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")


@pytest.mark.parametrize(
    ("typed", "code"), [("75", "75"), ("2a", "2A"), ("974", "974"), ("1", "01"), ("", None), (None, None)]
)
def test_departements(typed, code):
    assert check_departement(typed) == code


@pytest.mark.parametrize("typed", ["20", "99", "Paris", "975", "7500"])
def test_unknown_departements_are_refused(typed):
    with pytest.raises(InputError):
        check_departement(typed)


@pytest.mark.parametrize(
    ("postal", "dep"),
    [("48200", "48"), ("75002", "75"), ("20000", "2A"), ("20200", "2B"), ("97400", "974"), ("abc", None)],
)
def test_departement_from_postal_code(postal, dep):
    assert departement_from_postal_code(postal) == dep


def test_vat_must_be_plausible():
    check_vat(Decimal("100"), Decimal("120"))
    check_vat(Decimal("100"), Decimal("100"))
    with pytest.raises(InputError, match="inférieur"):
        check_vat(Decimal("100"), Decimal("90"))
    with pytest.raises(InputError, match="20 %"):
        check_vat(Decimal("100"), Decimal("150"))


def test_the_eligible_base_follows_the_category():
    company, employee = CATEGORIES
    assert eligible_base(company, excl_tax=Decimal("100"), incl_tax=Decimal("120")) == Decimal("100")
    assert eligible_base(employee, excl_tax=Decimal("100"), incl_tax=Decimal("120")) == Decimal("120")


def test_a_grant_within_every_limit_is_allowed():
    assert (
        check_grant(
            amount=Decimal("2400"), ceiling=Decimal("3000"), expenses_total=Decimal("2500"), remaining=Decimal("5000")
        )
        == []
    )


def test_a_grant_over_the_ceiling_the_expenses_or_the_envelope_is_refused_with_each_reason():
    errors = check_grant(
        amount=Decimal("3500"), ceiling=Decimal("3000"), expenses_total=Decimal("2000"), remaining=Decimal("1000")
    )
    text = plain(" ".join(errors))
    assert "plafond" in text and "dépenses éligibles" in text and "Enveloppe insuffisante" in text and "1 000" in text


def test_no_grant_while_the_envelope_is_not_set():
    errors = check_grant(amount=Decimal("100"), ceiling=Decimal("3000"), expenses_total=Decimal("200"), remaining=None)
    assert "pas encore fixée" in errors[0]


def test_the_employee_key_ignores_case_accents_and_hyphens():
    born = dt.date(1990, 5, 17)
    assert employee_key(first_name="Jean-Éric", last_name="Dupré", birth_date=born) == employee_key(
        first_name="jean eric", last_name="DUPRE", birth_date=born
    )
    assert employee_key(first_name="Jean", last_name="Dupré", birth_date=born) != employee_key(
        first_name="Jean", last_name="Dupré", birth_date=dt.date(1991, 5, 17)
    )


def test_euros_are_written_the_french_way():
    assert plain(euros(Decimal("3000"))) == "3 000 €"
    assert plain(euros(Decimal("1200.5"))) == "1 200,50 €"
