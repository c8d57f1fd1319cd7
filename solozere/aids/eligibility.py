"""Pure rules of an aid scheme: no ORM, no request, no clock (today is passed in).

`evaluate()` takes the terms of a scheme and the situation a person describes, and answers a decision
with, for each rule, passed / failed / unknown and a sentence in plain French. The simulator page, the
API, the application and the instruction screens all call it; none re-implements a rule.

Input checks (SIRET, amounts, départements, categories) live here too, so that the same sentence is
shown wherever the value was typed.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from solozere.community.departments import DEPARTMENTS
from solozere.core.identifiers import SIRET_RE, siret_key_is_valid
from solozere.territory.text import normalize_name

# An amount above this on a single expense line is a typing error, not a telework set-up.
MAX_EXPENSE_AMOUNT = Decimal("100000")
# VAT in mainland France is at most 20 %: a TTC amount more than 20 % above the HT one is a typing error.
MAX_VAT_RATE = Decimal("0.20")
CENT = Decimal("0.01")


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    ELIGIBLE = "eligible"  # every rule passed
    INELIGIBLE = "ineligible"  # at least one rule failed
    INCOMPLETE = "incomplete"  # nothing failed, something is still unknown


class Beneficiary(StrEnum):
    COMPANY = "company"
    EMPLOYEE = "employee"


class AmountBasis(StrEnum):
    EXCL_TAX = "excl_tax"
    INCL_TAX = "incl_tax"


class SchemeState(StrEnum):
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    EXHAUSTED = "exhausted"
    # Dates are open but no envelope is set: nothing can be granted yet, so the scheme is not "ouvert".
    NO_ENVELOPE = "no_envelope"


class Residence(StrEnum):
    """Where the employee lives, as far as the zone is concerned."""

    IN_ZONE = "in_zone"
    OUT_OF_ZONE = "out_of_zone"
    # A current commune whose parts lie partly inside the zone: the commune déléguée decides.
    PARTLY_IN_ZONE = "partly_in_zone"
    UNKNOWN = "unknown"


class InputError(ValueError):
    """A value typed by a person that cannot be used; the message is French and says why."""


@dataclass(frozen=True)
class CategoryTerms:
    code: str
    label: str
    beneficiary: Beneficiary
    basis: AmountBasis = AmountBasis.EXCL_TAX


@dataclass(frozen=True)
class SchemeTerms:
    title: str
    ceiling: Decimal
    categories: Sequence[CategoryTerms]
    zone_name: str
    is_open: bool = True  # the status set by staff
    opening_date: dt.date | None = None
    closing_date: dt.date | None = None
    # None when the envelope is not known yet: the simulator still answers, decisions wait.
    envelope: Decimal | None = None
    committed: Decimal = Decimal("0")

    @property
    def remaining(self) -> Decimal | None:
        if self.envelope is None:
            return None
        return max(self.envelope - self.committed, Decimal("0"))

    def category(self, code: str) -> CategoryTerms | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True)
class ExpenseClaim:
    category: str
    amount: Decimal  # the eligible base (HT or TTC according to the category)


@dataclass(frozen=True)
class Situation:
    residence: Residence = Residence.UNKNOWN
    commune_label: str = ""
    company_departement: str | None = None
    new_setup: bool | None = None
    expenses: Sequence[ExpenseClaim] | None = None
    already_funded: bool | None = None  # only known for an application


@dataclass(frozen=True)
class RuleResult:
    code: str
    outcome: Outcome
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.code, "status": self.outcome.value, "message": self.message}


@dataclass(frozen=True)
class Evaluation:
    rules: list[RuleResult] = field(default_factory=list)
    max_amount: Decimal = Decimal("0")
    expenses_total: Decimal | None = None

    @property
    def verdict(self) -> Verdict:
        if any(r.outcome == Outcome.FAILED for r in self.rules):
            return Verdict.INELIGIBLE
        if any(r.outcome == Outcome.UNKNOWN for r in self.rules):
            return Verdict.INCOMPLETE
        return Verdict.ELIGIBLE

    @property
    def eligible(self) -> bool:
        """No rule failed. Unknown rules are shown as "à confirmer", they do not stop a simulation."""
        return self.verdict != Verdict.INELIGIBLE

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.rules if r.outcome == Outcome.FAILED]

    @property
    def unknown(self) -> list[RuleResult]:
        return [r for r in self.rules if r.outcome == Outcome.UNKNOWN]

    def rule(self, code: str) -> RuleResult | None:
        return next((r for r in self.rules if r.code == code), None)


def euros(amount: Decimal | int | float) -> str:
    """3 000 € in the French way."""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)} €"


def scheme_state(terms: SchemeTerms, today: dt.date) -> SchemeState:
    if not terms.is_open or (terms.closing_date is not None and today > terms.closing_date):
        return SchemeState.CLOSED
    if terms.opening_date is not None and today < terms.opening_date:
        return SchemeState.NOT_YET_OPEN
    remaining = terms.remaining
    if remaining is None:
        return SchemeState.NO_ENVELOPE
    if remaining <= 0:
        return SchemeState.EXHAUSTED
    return SchemeState.OPEN


def _rule_scheme_open(terms: SchemeTerms, today: dt.date) -> RuleResult:
    state = scheme_state(terms, today)
    if state == SchemeState.OPEN:
        return RuleResult("scheme_open", Outcome.PASSED, _("Le dispositif est ouvert aux demandes."))
    if state == SchemeState.EXHAUSTED:
        return RuleResult(
            "scheme_open",
            Outcome.FAILED,
            _(
                "Enveloppe épuisée : le budget du dispositif est entièrement engagé, aucune nouvelle aide ne peut être accordée."
            ),
        )
    if state == SchemeState.NO_ENVELOPE:
        # Not a failure of the installation: the simulation still answers, submission waits for the envelope.
        return RuleResult(
            "scheme_open",
            Outcome.UNKNOWN,
            _(
                "L'enveloppe du dispositif n'est pas encore fixée : aucune aide ne peut être accordée tant que "
                "l'équipe ne l'a pas fixée."
            ),
        )
    if state == SchemeState.NOT_YET_OPEN and terms.opening_date:
        return RuleResult(
            "scheme_open",
            Outcome.FAILED,
            _("Le dispositif n'est pas encore ouvert : les demandes seront reçues à partir du %(date)s.")
            % {"date": terms.opening_date.strftime("%d/%m/%Y")},
        )
    return RuleResult("scheme_open", Outcome.FAILED, _("Le dispositif est fermé : il ne reçoit plus de demandes."))


def _rule_residence(terms: SchemeTerms, situation: Situation) -> RuleResult:
    where = situation.commune_label
    if situation.residence == Residence.IN_ZONE:
        return RuleResult(
            "residence",
            Outcome.PASSED,
            _("Le salarié habite %(commune)s, dans la zone de l'aide (%(zone)s).")
            % {"commune": where, "zone": terms.zone_name},
        )
    if situation.residence == Residence.OUT_OF_ZONE:
        return RuleResult(
            "residence",
            Outcome.FAILED,
            _("Le salarié habite %(commune)s, hors de la zone de l'aide (%(zone)s).")
            % {"commune": where, "zone": terms.zone_name},
        )
    if situation.residence == Residence.PARTLY_IN_ZONE:
        return RuleResult(
            "residence",
            Outcome.UNKNOWN,
            _(
                "%(commune)s n'est qu'en partie dans la zone de l'aide : indiquez le nom de l'ancienne commune "
                "(commune déléguée) où habite le salarié."
            )
            % {"commune": where},
        )
    return RuleResult(
        "residence", Outcome.UNKNOWN, _("Indiquez la commune où habite le salarié : c'est elle qui décide de l'aide.")
    )


def _rule_company(situation: Situation) -> RuleResult:
    if situation.company_departement:
        return RuleResult(
            "company",
            Outcome.PASSED,
            _(
                "Le siège de l'entreprise (département %(dep)s) peut se trouver n'importe où : seul compte le domicile du salarié."
            )
            % {"dep": situation.company_departement},
        )
    return RuleResult(
        "company",
        Outcome.PASSED,
        _("Le siège de l'entreprise peut se trouver n'importe où : seul compte le domicile du salarié."),
    )


def _rule_new_setup(situation: Situation) -> RuleResult:
    if situation.new_setup is True:
        return RuleResult("new_setup", Outcome.PASSED, _("La mise en place du télétravail est nouvelle."))
    if situation.new_setup is False:
        return RuleResult(
            "new_setup",
            Outcome.FAILED,
            _(
                "L'aide finance l'installation d'un nouveau télétravailleur : un télétravail déjà en place n'est pas éligible."
            ),
        )
    return RuleResult(
        "new_setup",
        Outcome.UNKNOWN,
        _("À confirmer : la mise en place du télétravail doit être nouvelle pour ce salarié."),
    )


def _rule_expenses(terms: SchemeTerms, situation: Situation) -> tuple[RuleResult, Decimal | None]:
    if not situation.expenses:
        return (
            RuleResult(
                "expenses",
                Outcome.UNKNOWN,
                _("Indiquez les dépenses prévues pour connaître le montant de l'aide (au plus %(ceiling)s).")
                % {"ceiling": euros(terms.ceiling)},
            ),
            None,
        )
    total = sum((e.amount for e in situation.expenses), Decimal("0"))
    labels = sorted({c.label for e in situation.expenses if (c := terms.category(e.category))})
    return (
        RuleResult(
            "expenses",
            Outcome.PASSED,
            _("Dépenses éligibles : %(labels)s, pour %(total)s.")
            % {"labels": ", ".join(labels), "total": euros(total)},
        ),
        total,
    )


def _rule_not_already_funded(situation: Situation) -> RuleResult | None:
    if situation.already_funded is None:
        return None
    if situation.already_funded:
        return RuleResult(
            "not_already_funded",
            Outcome.FAILED,
            _("Ce salarié a déjà une demande en cours ou une aide accordée au titre de ce dispositif."),
        )
    return RuleResult(
        "not_already_funded", Outcome.PASSED, _("Ce salarié n'a pas déjà été aidé au titre de ce dispositif.")
    )


def evaluate(terms: SchemeTerms, situation: Situation, *, today: dt.date) -> Evaluation:
    """The decision for a situation. Raises InputError for an unknown category or an absurd amount."""
    if situation.expenses:
        validate_claims(terms, situation.expenses)
    rules = [
        _rule_scheme_open(terms, today),
        _rule_residence(terms, situation),
        _rule_company(situation),
        _rule_new_setup(situation),
    ]
    expenses_rule, total = _rule_expenses(terms, situation)
    rules.append(expenses_rule)
    if (funded := _rule_not_already_funded(situation)) is not None:
        rules.append(funded)

    evaluation = Evaluation(rules=rules, expenses_total=total)
    if not evaluation.eligible:
        return evaluation
    return Evaluation(rules=rules, expenses_total=total, max_amount=max_amount(terms, total))


def max_amount(terms: SchemeTerms, expenses_total: Decimal | None) -> Decimal:
    """The ceiling, the eligible expenses and what is left in the envelope: the lowest of the three."""
    caps = [terms.ceiling]
    if expenses_total is not None:
        caps.append(expenses_total)
    if terms.remaining is not None:
        caps.append(terms.remaining)
    return max(min(caps), Decimal("0")).quantize(CENT)


# --- Input checks ---------------------------------------------------------------------------------


def parse_amount(value: object, *, label: str = "") -> Decimal:
    """A positive amount in euros, at most MAX_EXPENSE_AMOUNT, with at most two decimals.
    Accepts "1 200,50" as typed in French."""
    what = label or _("Le montant")
    if isinstance(value, bool) or value is None:
        raise InputError(_("%(what)s doit être un nombre d'euros.") % {"what": what})
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
        text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except (InvalidOperation, ValueError):
            raise InputError(
                _("%(what)s doit être un nombre d'euros (par exemple 1200,50).") % {"what": what}
            ) from None
    if not amount.is_finite():
        raise InputError(_("%(what)s doit être un nombre d'euros.") % {"what": what})
    if amount <= 0:
        raise InputError(_("%(what)s doit être supérieur à zéro.") % {"what": what})
    if amount > MAX_EXPENSE_AMOUNT:
        raise InputError(
            _("%(what)s dépasse %(max)s : vérifiez la saisie.") % {"what": what, "max": euros(MAX_EXPENSE_AMOUNT)}
        )
    if amount != amount.quantize(CENT):
        raise InputError(_("%(what)s a au plus deux décimales (les centimes).") % {"what": what})
    return amount.quantize(CENT)


def validate_claims(terms: SchemeTerms, claims: Iterable[ExpenseClaim]) -> None:
    known = ", ".join(c.code for c in terms.categories)
    for claim in claims:
        if terms.category(claim.category) is None:
            raise InputError(
                _("Catégorie de dépense inconnue : « %(code)s ». Catégories possibles : %(known)s.")
                % {"code": claim.category, "known": known}
            )
        parse_amount(claim.amount)


def check_vat(excl_tax: Decimal, incl_tax: Decimal) -> None:
    if incl_tax < excl_tax:
        raise InputError(_("Le montant TTC ne peut pas être inférieur au montant HT."))
    if incl_tax > (excl_tax * (1 + MAX_VAT_RATE)).quantize(CENT, rounding=ROUND_HALF_UP) + CENT:
        raise InputError(
            _("Le montant TTC dépasse le montant HT de plus de 20 % (taux normal de TVA) : vérifiez la saisie.")
        )


def eligible_base(category: CategoryTerms, *, excl_tax: Decimal, incl_tax: Decimal) -> Decimal:
    """The amount of an expense line that counts towards the aid: HT when the beneficiary recovers VAT."""
    return incl_tax if category.basis == AmountBasis.INCL_TAX else excl_tax


def check_grant(*, amount: Decimal, ceiling: Decimal, expenses_total: Decimal, remaining: Decimal | None) -> list[str]:
    """Why a granted amount cannot be decided; an empty list when it can."""
    errors = []
    if amount <= 0:
        errors.append(_("Le montant accordé doit être supérieur à zéro."))
    if amount > ceiling:
        errors.append(_("Le montant accordé dépasse le plafond de l'aide (%(ceiling)s).") % {"ceiling": euros(ceiling)})
    if amount > expenses_total:
        errors.append(
            _("Le montant accordé dépasse le total des dépenses éligibles (%(total)s).")
            % {"total": euros(expenses_total)}
        )
    if remaining is None:
        errors.append(
            _(
                "L'enveloppe budgétaire du dispositif n'est pas encore fixée : renseignez-la avant toute décision d'octroi."
            )
        )
    elif amount > remaining:
        errors.append(
            _("Enveloppe insuffisante : il reste %(remaining)s à engager, %(amount)s ne peuvent pas être accordés.")
            % {"remaining": euros(remaining), "amount": euros(amount)}
        )
    return errors


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def check_siret(value: str) -> str:
    """The SIRET without spaces, or InputError saying what is wrong."""
    siret = normalize_siret(value)
    if not siret:
        raise InputError(_("Indiquez le numéro SIRET de l'entreprise (14 chiffres)."))
    if not re.fullmatch(r"[0-9]+", siret):
        raise InputError(_("Un numéro SIRET ne contient que des chiffres (14 chiffres)."))
    if not SIRET_RE.match(siret):
        raise InputError(
            _("Un numéro SIRET compte exactement 14 chiffres (vous en avez saisi %(n)s).") % {"n": len(siret)}
        )
    if not siret_key_is_valid(siret):
        raise InputError(
            _("Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez la saisie.")
        )
    return siret


_DEPARTEMENTS = {code for code, _name in DEPARTMENTS}
_DEPARTEMENT_NAMES = dict(DEPARTMENTS)
# "Rhône", "rhone", "le Rhône", "La Réunion" -> code; articles do not count.
_BY_NAME = {normalize_name(name).removeprefix("la ").removeprefix("le "): code for code, name in DEPARTMENTS}
# Communes people type instead of their département: prefectures and large cities (the commune of Lyon is not a
# département; the page says which one it is in). Paris is both, and is read as the département.
_CITIES = {
    normalize_name(name): code
    for name, code in (
        ("Lyon", "69"),
        ("Villeurbanne", "69"),
        ("Marseille", "13"),
        ("Aix-en-Provence", "13"),
        ("Toulouse", "31"),
        ("Nice", "06"),
        ("Nantes", "44"),
        ("Montpellier", "34"),
        ("Béziers", "34"),
        ("Strasbourg", "67"),
        ("Bordeaux", "33"),
        ("Lille", "59"),
        ("Rennes", "35"),
        ("Reims", "51"),
        ("Toulon", "83"),
        ("Grenoble", "38"),
        ("Saint-Étienne", "42"),
        ("Dijon", "21"),
        ("Angers", "49"),
        ("Tours", "37"),
        ("Limoges", "87"),
        ("Clermont-Ferrand", "63"),
        ("Nîmes", "30"),
        ("Alès", "30"),
        ("Avignon", "84"),
        ("Perpignan", "66"),
        ("Mende", "48"),
        ("Marvejols", "48"),
        ("Rodez", "12"),
        ("Millau", "12"),
        ("Aurillac", "15"),
        ("Le Puy-en-Velay", "43"),
        ("Privas", "07"),
        ("Valence", "26"),
        ("Albi", "81"),
        ("Cahors", "46"),
        ("Carcassonne", "11"),
        ("Narbonne", "11"),
        ("Orléans", "45"),
        ("Rouen", "76"),
        ("Le Havre", "76"),
        ("Caen", "14"),
        ("Brest", "29"),
        ("Metz", "57"),
        ("Nancy", "54"),
        ("Mulhouse", "68"),
        ("Besançon", "25"),
        ("Poitiers", "86"),
        ("La Rochelle", "17"),
        ("Pau", "64"),
        ("Bayonne", "64"),
        ("Ajaccio", "2A"),
        ("Bastia", "2B"),
    )
}


def departement_name(code: str) -> str:
    return _DEPARTEMENT_NAMES.get(code, code)


def check_departement(value: str | None) -> str | None:
    """The code of a département typed by its number ("69", "2A", "974") or its name ("Rhône", "rhone"),
    None when not given; InputError with a kind French sentence otherwise (a city names its département)."""
    typed = (value or "").strip()
    text = typed.upper()
    if not text:
        return None
    if text.isdigit() and len(text) == 1:
        text = f"0{text}"
    if text in _DEPARTEMENTS:
        return text
    if re.fullmatch(r"\d{5}", text):
        # A postal code: its département is what is asked.
        code = departement_from_postal_code(text)
        if code in _DEPARTEMENTS:
            return code
    if re.fullmatch(r"\d{1,4}|2[A-Z]", text):
        raise InputError(
            _("« %(value)s » n'est pas un numéro de département (par exemple 48, 75, 2A ou 974).") % {"value": typed}
        )
    folded = normalize_name(typed)
    article_free = folded.removeprefix("la ").removeprefix("le ").removeprefix("l ")
    if article_free in _BY_NAME:
        return _BY_NAME[article_free]
    if folded in _CITIES:
        code = _CITIES[folded]
        raise InputError(
            _(
                "« %(value)s » est une commune et non un département : indiquez plutôt son département, %(name)s (%(code)s)."
            )
            % {"value": typed, "name": departement_name(code), "code": code}
        )
    raise InputError(
        _(
            "« %(value)s » n'est pas un département que nous connaissons : indiquez son nom ou son numéro "
            "(par exemple Lozère, 48, Rhône ou 69)."
        )
        % {"value": typed}
    )


def departement_from_postal_code(postal_code: str) -> str | None:
    code = (postal_code or "").strip()
    if not re.fullmatch(r"\d{5}", code):
        return None
    if code.startswith("97"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if code < "20200" else "2B"
    return code[:2]


def employee_key(*, first_name: str, last_name: str, birth_date: dt.date | None) -> str:
    """Who the employee is, for the "not funded twice" rule: accents, case and hyphens do not count."""
    born = birth_date.isoformat() if birth_date else ""
    return f"{normalize_name(last_name)}|{normalize_name(first_name)}|{born}"


def claims_from_amounts(amounts: Mapping[str, Decimal | None]) -> list[ExpenseClaim]:
    return [ExpenseClaim(category=code, amount=amount) for code, amount in amounts.items() if amount]
