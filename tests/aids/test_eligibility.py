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
    claims_from_amounts,
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
    values = {
        "title": "Aide",
        "ceiling": Decimal("3000"),
        "categories": CATEGORIES,
        "zone_name": "4 cantons",
        "envelope": Decimal("30000"),
    }
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
        ({"envelope": None}, SchemeState.NO_ENVELOPE),
        ({"envelope": None, "opening_date": dt.date(2027, 1, 1)}, SchemeState.NOT_YET_OPEN),
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


@pytest.mark.parametrize("typed", ["20", "99", "Atlantide", "975", "7500", "Lyo"])
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


# --- exact answers: what a person reads, rule by rule ----------------------------------------------

EXHAUSTED = (
    "Enveloppe épuisée : le budget du dispositif est entièrement engagé, aucune nouvelle aide ne peut être accordée."
)
ANYWHERE = "peut se trouver n'importe où : seul compte le domicile du salarié."


@pytest.mark.parametrize(
    ("terms_kwargs", "situation_kwargs", "code", "status", "message"),
    [
        ({}, {}, "scheme_open", "passed", "Le dispositif est ouvert aux demandes."),
        ({"is_open": False}, {}, "scheme_open", "failed", "Le dispositif est fermé : il ne reçoit plus de demandes."),
        (
            {"is_open": False, "opening_date": dt.date(2026, 1, 5)},
            {},
            "scheme_open",
            "failed",
            "Le dispositif est fermé : il ne reçoit plus de demandes.",
        ),
        (
            {"opening_date": dt.date(2027, 1, 4)},
            {},
            "scheme_open",
            "failed",
            "Le dispositif n'est pas encore ouvert : les demandes seront reçues à partir du 04/01/2027.",
        ),
        ({"envelope": Decimal("10"), "committed": Decimal("10")}, {}, "scheme_open", "failed", EXHAUSTED),
        ({}, {}, "residence", "passed", "Le salarié habite Javols, dans la zone de l'aide (4 cantons)."),
        (
            {},
            {"residence": Residence.OUT_OF_ZONE, "commune_label": "Mende"},
            "residence",
            "failed",
            "Le salarié habite Mende, hors de la zone de l'aide (4 cantons).",
        ),
        (
            {},
            {"residence": Residence.PARTLY_IN_ZONE, "commune_label": "Peyre en Aubrac"},
            "residence",
            "unknown",
            "Peyre en Aubrac n'est qu'en partie dans la zone de l'aide : indiquez le nom de l'ancienne commune "
            "(commune déléguée) où habite le salarié.",
        ),
        (
            {},
            {"residence": Residence.UNKNOWN, "commune_label": ""},
            "residence",
            "unknown",
            "Indiquez la commune où habite le salarié : c'est elle qui décide de l'aide.",
        ),
        ({}, {}, "company", "passed", f"Le siège de l'entreprise {ANYWHERE}"),
        (
            {},
            {"company_departement": "2B"},
            "company",
            "passed",
            f"Le siège de l'entreprise (département 2B) {ANYWHERE}",
        ),
        ({}, {}, "new_setup", "passed", "La mise en place du télétravail est nouvelle."),
        (
            {},
            {"new_setup": False},
            "new_setup",
            "failed",
            "L'aide finance l'installation d'un nouveau télétravailleur : un télétravail déjà en place n'est pas éligible.",
        ),
        (
            {},
            {"new_setup": None},
            "new_setup",
            "unknown",
            "À confirmer : la mise en place du télétravail doit être nouvelle pour ce salarié.",
        ),
        (
            {},
            {},
            "expenses",
            "unknown",
            "Indiquez les dépenses prévues pour connaître le montant de l'aide (au plus 3 000 €).",
        ),
        (
            {},
            {"expenses": claims(home_office=600, equipment=1200.5)},
            "expenses",
            "passed",
            "Dépenses éligibles : Bureau au domicile, Matériel, pour 1 800,50 €.",
        ),
        (
            {},
            {"already_funded": True},
            "not_already_funded",
            "failed",
            "Ce salarié a déjà une demande en cours ou une aide accordée au titre de ce dispositif.",
        ),
        (
            {},
            {"already_funded": False},
            "not_already_funded",
            "passed",
            "Ce salarié n'a pas déjà été aidé au titre de ce dispositif.",
        ),
    ],
)
def test_each_rule_answers_its_outcome_in_plain_french(terms_kwargs, situation_kwargs, code, status, message):
    rule = evaluate(terms(**terms_kwargs), situation(**situation_kwargs), today=TODAY).rule(code)
    assert rule is not None
    assert {**rule.as_dict(), "message": plain(rule.message)} == {"rule": code, "status": status, "message": message}


def test_the_rules_come_in_a_stable_order_and_the_funding_rule_only_for_an_application():
    simulation = evaluate(terms(), situation(), today=TODAY)
    assert [r.code for r in simulation.rules] == ["scheme_open", "residence", "company", "new_setup", "expenses"]
    application = evaluate(terms(), situation(already_funded=False), today=TODAY)
    assert [r.code for r in application.rules][-1] == "not_already_funded"


def test_a_rule_that_was_not_evaluated_is_none():
    assert evaluate(terms(), situation(), today=TODAY).rule("not_already_funded") is None


def test_the_scheme_receives_applications_on_its_opening_day():
    assert scheme_state(terms(opening_date=TODAY), TODAY) == SchemeState.OPEN
    assert scheme_state(terms(opening_date=TODAY + dt.timedelta(days=1)), TODAY) == SchemeState.NOT_YET_OPEN


def test_the_expenses_total_is_kept_even_when_the_situation_is_ineligible():
    expenses = claims(equipment=1200, home_office=600)
    eligible = evaluate(terms(), situation(expenses=expenses), today=TODAY)
    ineligible = evaluate(terms(), situation(expenses=expenses, new_setup=False), today=TODAY)
    assert eligible.expenses_total == ineligible.expenses_total == Decimal("1800")
    assert ineligible.max_amount == 0


def test_an_unknown_category_names_every_known_one():
    with pytest.raises(InputError) as error:
        evaluate(terms(), situation(expenses=claims(yacht=100)), today=TODAY)
    assert str(error.value) == (
        "Catégorie de dépense inconnue : « yacht ». Catégories possibles : equipment, home_office."
    )


def test_an_expense_of_exactly_one_hundred_thousand_euros_is_accepted():
    assert parse_amount("100000") == Decimal("100000.00")
    assert parse_amount("100 000,00") == Decimal("100000.00")


def test_one_cent_more_than_one_hundred_thousand_euros_is_refused():
    with pytest.raises(InputError) as error:
        parse_amount("100000.01")
    assert plain(error.value) == "Le montant dépasse 100 000 € : vérifiez la saisie."


def test_an_amount_typed_with_a_non_breaking_space_is_read():
    assert parse_amount("1\xa0200,50\xa0€") == Decimal("1200.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (None, "Le montant doit être un nombre d'euros."),
        (True, "Le montant doit être un nombre d'euros."),
        ("NaN", "Le montant doit être un nombre d'euros."),
        ("douze", "Le montant doit être un nombre d'euros (par exemple 1200,50)."),
        ("0", "Le montant doit être supérieur à zéro."),
        ("10.001", "Le montant a au plus deux décimales (les centimes)."),
    ],
)
def test_bad_amounts_are_explained_in_full(typed, message):
    with pytest.raises(InputError) as error:
        parse_amount(typed)
    assert str(error.value) == message


def test_a_bad_amount_is_named_by_its_label():
    with pytest.raises(InputError) as error:
        parse_amount("-1", label="Le matériel")
    assert str(error.value) == "Le matériel doit être supérieur à zéro."


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("", "Indiquez le numéro SIRET de l'entreprise (14 chiffres)."),
        ("7328293200007A", "Un numéro SIRET ne contient que des chiffres (14 chiffres)."),
        ("7328293200007", "Un numéro SIRET compte exactement 14 chiffres (vous en avez saisi 13)."),
        (
            "73282932000075",
            "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez la saisie.",
        ),
    ],
)
def test_invalid_sirets_are_explained_in_full(siret, message):
    with pytest.raises(InputError) as error:
        check_siret(siret)
    assert str(error.value) == message


@pytest.mark.parametrize(("typed", "code"), [("2B", "2B"), (" 971 ", "971"), ("48", "48"), ("95", "95")])
def test_corsica_overseas_and_mainland_departements_are_accepted(typed, code):
    assert check_departement(typed) == code


@pytest.mark.parametrize("typed", ["00", "0", "96", "2C", "970", "975", "977"])
def test_numbers_that_are_no_departement_are_refused(typed):
    with pytest.raises(InputError) as error:
        check_departement(typed)
    assert str(error.value) == (f"« {typed} » n'est pas un numéro de département (par exemple 48, 75, 2A ou 974).")


def test_vat_of_exactly_twenty_percent_and_its_cent_of_tolerance_are_accepted():
    check_vat(Decimal("100.00"), Decimal("120.00"))
    check_vat(Decimal("100.00"), Decimal("120.01"))
    check_vat(Decimal("33.33"), Decimal("40.01"))  # 39.996 rounds to 40.00, plus the cent


def test_vat_two_cents_above_twenty_percent_is_refused():
    with pytest.raises(InputError) as error:
        check_vat(Decimal("100.00"), Decimal("120.02"))
    assert str(error.value) == (
        "Le montant TTC dépasse le montant HT de plus de 20 % (taux normal de TVA) : vérifiez la saisie."
    )
    with pytest.raises(InputError):
        check_vat(Decimal("33.33"), Decimal("40.02"))


def test_ttc_below_ht_is_explained():
    with pytest.raises(InputError) as error:
        check_vat(Decimal("100.00"), Decimal("99.99"))
    assert str(error.value) == "Le montant TTC ne peut pas être inférieur au montant HT."


def grant(amount, *, ceiling="3000", expenses_total="2500", remaining="5000"):
    return [
        plain(error)
        for error in check_grant(
            amount=Decimal(amount),
            ceiling=Decimal(ceiling),
            expenses_total=Decimal(expenses_total),
            remaining=None if remaining is None else Decimal(remaining),
        )
    ]


def test_a_grant_equal_to_the_ceiling_is_accepted():
    assert grant("3000", expenses_total="3000", remaining="3000") == []


def test_a_grant_equal_to_the_expenses_or_to_what_is_left_is_accepted():
    assert grant("2500", expenses_total="2500") == []
    assert grant("1000", remaining="1000") == []


def test_a_grant_of_one_cent_is_accepted():
    assert grant("0.01") == []
    assert grant("1") == []


def test_a_zero_grant_is_refused():
    assert grant("0") == ["Le montant accordé doit être supérieur à zéro."]


def test_a_grant_one_cent_over_each_limit_is_refused_with_each_reason_in_full():
    assert grant("3000.01", ceiling="3000", expenses_total="3000", remaining="3000") == [
        "Le montant accordé dépasse le plafond de l'aide (3 000 €).",
        "Le montant accordé dépasse le total des dépenses éligibles (3 000 €).",
        "Enveloppe insuffisante : il reste 3 000 € à engager, 3 000,01 € ne peuvent pas être accordés.",
    ]


def test_no_grant_while_the_envelope_is_not_set_says_so_in_full():
    assert grant("100", remaining=None) == [
        "L'enveloppe budgétaire du dispositif n'est pas encore fixée : renseignez-la avant toute décision d'octroi."
    ]


def test_the_employee_key_without_a_birth_date_ends_empty():
    assert employee_key(first_name="Jean-Éric", last_name="Dupré", birth_date=None) == "dupre|jean eric|"
    assert (
        employee_key(first_name="Jean", last_name="Dupré", birth_date=dt.date(1990, 5, 17)) == "dupre|jean|1990-05-17"
    )


def test_claims_keep_only_the_amounts_typed():
    assert claims_from_amounts({"equipment": Decimal("100"), "home_office": None, "other": Decimal("0")}) == [
        ExpenseClaim(category="equipment", amount=Decimal("100"))
    ]


def test_half_a_cent_is_rounded_up_in_euros():
    assert plain(euros(Decimal("2.125"))) == "2,13 €"
    assert plain(euros(Decimal("1000000"))) == "1 000 000 €"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("69", "69"),
        ("Rhône", "69"),
        ("rhone", "69"),
        ("le Rhône", "69"),
        ("Lozère", "48"),
        ("LOZERE", "48"),
        ("2a", "2A"),
        ("Corse-du-Sud", "2A"),
        ("La Réunion", "974"),
        ("Côte d'Or", "21"),
        ("Paris", "75"),
        ("69003", "69"),
    ],
)
def test_a_departement_is_given_by_its_name_or_its_number(typed, code):
    assert check_departement(typed) == code


def test_a_city_is_not_a_departement_and_the_message_names_its_departement():
    with pytest.raises(InputError) as error:
        check_departement("Lyon")
    assert str(error.value) == (
        "« Lyon » est une commune et non un département : indiquez plutôt son département, Rhône (69)."
    )


def test_without_an_envelope_a_simulation_still_answers_but_says_nothing_can_be_granted_yet():
    result = evaluate(terms(envelope=None), situation(expenses=claims(equipment=1000)), today=TODAY)
    rule = result.rule("scheme_open")
    assert rule.outcome == Outcome.UNKNOWN
    assert "L'enveloppe du dispositif n'est pas encore fixée" in rule.message
    assert result.verdict == Verdict.INCOMPLETE and result.eligible
