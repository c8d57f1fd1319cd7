"""Aid schemes in the public API: the list, and the simulator. Same rules as the simulator page."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Path, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from solozere.aids import selectors, services
from solozere.aids.eligibility import ExpenseClaim, InputError, check_departement
from solozere.aids.models import AidScheme
from solozere.api import throttling
from solozere.api.errors import error_body
from solozere.api.schemas import error_responses
from solozere.core.page_cache import cache_anonymous_page
from solozere.territory.models import Commune
from solozere.territory.selectors import CodeKind

router = Router()


class CategoryOut(Schema):
    code: str = Field(description="Code à donner dans `expenses[].category`.")
    label: str
    beneficiary: str = Field(description="`company` (dépense de l'entreprise) ou `employee` (dépense du salarié).")
    amount_basis: str = Field(description="`excl_tax` : montant HT retenu ; `incl_tax` : montant TTC retenu.")


class CommuneOut(Schema):
    insee_code: str
    name: str
    kind: str = Field(description="`actuelle`, `deleguee` ou `associee`.")
    current_commune: str


class ZoneOut(Schema):
    name: str
    communes: list[CommuneOut]


class EnvelopeOut(Schema):
    total: float | None = Field(description="Enveloppe budgétaire en euros ; null tant qu'elle n'est pas fixée.")
    committed: float
    paid: float
    remaining: float | None
    to_confirm: bool


class SchemeOut(Schema):
    id: int
    uuid: str = Field(description="Identifiant publié dans les données ouvertes (schéma Dispositifs d'aides).")
    slug: str
    title: str
    promise: str
    legal_basis: str
    funder: str
    ceiling: float = Field(description="Plafond par demande, en euros.")
    state: str = Field(description="`open`, `not_yet_open`, `closed` ou `exhausted` (enveloppe épuisée).")
    state_label: str
    opening_date: dt.date | None
    closing_date: dt.date | None
    dates_to_confirm: bool
    envelope: EnvelopeOut
    conditions: list[str]
    categories: list[CategoryOut]
    zone: ZoneOut
    url: str


class ExpenseIn(Schema):
    category: str = Field(description="Code d'une catégorie du dispositif (voir `categories`).", examples=["equipment"])
    # A JSON number, and only that: the document says "number", so a string ("12", "") is refused (422), not
    # read as a number by pydantic's lax mode. Turned into a Decimal through its shortest repr (1200.1 -> "1200.1").
    amount: float = Field(
        description="Montant en euros (HT ou TTC selon la catégorie).",
        examples=[1200],
        strict=True,
        allow_inf_nan=False,
    )


class SimulateIn(Schema):
    commune: str = Field(
        description=(
            "Commune où habite le salarié : code INSEE (jamais un code postal) ou nom, y compris le nom d'une "
            "ancienne commune (commune déléguée, par exemple Javols)."
        ),
        examples=["48076"],
        max_length=120,
    )
    company_departement: str | None = Field(
        None,
        description="Département du siège de l'entreprise (par exemple 75) ; il ne change pas l'éligibilité.",
        examples=["75"],
    )
    new_setup: bool | None = Field(
        None, description="Le télétravail est-il nouveau pour ce salarié ? Inconnu si absent."
    )
    expenses: list[ExpenseIn] | None = Field(None, description="Dépenses prévues ; sans elles, le plafond est donné.")


class ReasonOut(Schema):
    rule: str = Field(description="`scheme_open`, `residence`, `company`, `new_setup`, `expenses`.")
    status: str = Field(description="`passed`, `failed` ou `unknown`.")
    message: str


class SimulateOut(Schema):
    eligible: bool = Field(description="Vrai si aucune condition n'est manquée ; voir `complete` et `reasons`.")
    complete: bool = Field(description="Vrai si toutes les conditions ont pu être vérifiées.")
    verdict: str = Field(description="`eligible`, `ineligible` ou `incomplete`.")
    max_amount: float = Field(description="Montant maximal de l'aide en euros (0 si non éligible).")
    commune: CommuneOut
    reasons: list[ReasonOut]


def _commune_out(row: Commune) -> dict[str, Any]:
    return {"insee_code": row.insee_code, "name": row.name, "kind": row.kind, "current_commune": row.current.name}


def _scheme_out(request: HttpRequest, scheme: AidScheme) -> dict[str, Any]:
    envelope = selectors.envelope_of(scheme)
    state = selectors.state_of(scheme, envelope)
    return {
        "id": scheme.pk,
        "uuid": str(scheme.uuid),
        "slug": scheme.slug,
        "title": scheme.title,
        "promise": scheme.promise,
        "legal_basis": scheme.legal_basis,
        "funder": scheme.funder_name,
        "ceiling": float(scheme.ceiling),
        "state": state.value,
        "state_label": selectors.state_label(state),
        "opening_date": scheme.opening_date,
        "closing_date": scheme.closing_date,
        "dates_to_confirm": scheme.dates_to_confirm,
        "envelope": {
            "total": float(envelope.total) if envelope.total is not None else None,
            "committed": float(envelope.committed),
            "paid": float(envelope.paid),
            "remaining": float(envelope.remaining) if envelope.remaining is not None else None,
            "to_confirm": envelope.to_confirm,
        },
        "conditions": [line for line in scheme.conditions.splitlines() if line.strip()],
        "categories": [
            {"code": c.code, "label": c.label, "beneficiary": c.beneficiary, "amount_basis": c.amount_basis}
            for c in scheme.categories.all()
        ],
        "zone": {
            "name": scheme.zone.name,
            "communes": [
                _commune_out(c) for c in scheme.zone.communes.select_related("parent").order_by("search_name")
            ],
        },
        "url": request.build_absolute_uri(scheme.get_absolute_url()),
    }


@decorate_view(cache_anonymous_page("aids", "territory", rate_limit=throttling.ACTION))
@router.get(
    "/aid-schemes",
    operation_id="list_aid_schemes",
    response={200: list[SchemeOut], **error_responses()},
    summary="Dispositifs d'aide",
    description="Les dispositifs d'aide publiés, avec leur `id` (à utiliser pour simuler), leurs conditions, "
    "leurs catégories de dépenses, leur zone et l'état de leur enveloppe.",
)
def list_aid_schemes(request: HttpRequest) -> list[dict[str, Any]]:
    return [_scheme_out(request, scheme) for scheme in selectors.published_schemes()]


@router.post(
    "/aid-schemes/{id}/simulate",
    operation_id="simulate_aid",
    response={200: SimulateOut, **error_responses(400, 404, 422)},
    summary="Simuler une aide",
    description=(
        "Dit si l'installation d'un télétravailleur est éligible, pourquoi (une phrase par condition : "
        "`passed`, `failed` ou `unknown`) et le montant maximal. Une commune inconnue ou ambiguë est une "
        "erreur 400 avec un message (et les communes possibles), jamais une supposition."
    ),
)
def simulate_aid(
    request: HttpRequest,
    id: Annotated[int, Path(description="Identifiant du dispositif (`id` dans `/api/v1/aid-schemes`).")],
    payload: SimulateIn,
) -> Status[dict[str, Any]]:
    scheme = selectors.published_schemes().filter(pk=id).first()
    if scheme is None:
        return Status(404, error_body(gettext("Aucun dispositif d'aide n'a cet identifiant.")))
    residence = selectors.resolve_residence(payload.commune, scheme.zone, codes=CodeKind.INSEE)
    if residence.row is None:
        return Status(400, error_body(residence.message, choices=residence.choices))
    try:
        departement = check_departement(payload.company_departement)
        claims = [ExpenseClaim(category=e.category, amount=Decimal(repr(e.amount))) for e in payload.expenses or []]
        simulation = services.scheme_simulate(
            scheme=scheme,
            residence=residence,
            company_departement=departement,
            new_setup=payload.new_setup,
            claims=claims,
        )
    except InputError as error:
        return Status(400, error_body(str(error)))
    evaluation = simulation.evaluation
    return Status(
        200,
        {
            "eligible": evaluation.eligible,
            "complete": not evaluation.unknown,
            "verdict": evaluation.verdict.value,
            "max_amount": float(evaluation.max_amount),
            "commune": _commune_out(residence.row),
            "reasons": [r.as_dict() for r in evaluation.rules],
        },
    )
