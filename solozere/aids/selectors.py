"""Reads of the aids app. Whatever depends on who asks is scoped here: another company's
application is a 404, never a 403 that would confirm it exists."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from solozere.aids.eligibility import (
    AmountBasis,
    Beneficiary,
    CategoryTerms,
    Residence,
    SchemeState,
    SchemeTerms,
    scheme_state,
)
from solozere.aids.models import (
    AidApplication,
    AidScheme,
    ApplicationDocument,
    Company,
    ExpenseCategory,
    ExpenseLine,
    RepresentationClaim,
)
from solozere.aids.workflow import COMMITTED_STATUSES, LIVE_STATUSES, Status
from solozere.territory.models import Commune, Zone
from solozere.territory.selectors import CodeKind, CommuneLookup, LookupStatus, lookup_commune
from solozere.territory.text import INSEE_CODE_RE

ZERO = Decimal("0")

# The eligible base of each expense line (HT or TTC according to its category), summed in SQL.
ELIGIBLE_TOTAL = Coalesce(
    Sum(
        Case(
            When(expenses__category__amount_basis="incl_tax", then=F("expenses__amount_incl_tax")),
            default=F("expenses__amount_excl_tax"),
        )
    ),
    ZERO,
    output_field=DecimalField(max_digits=12, decimal_places=2),
)


def today() -> dt.date:
    return timezone.localdate()


# --- Schemes and the envelope ---------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    total: Decimal | None
    committed: Decimal
    paid: Decimal
    to_confirm: bool

    @property
    def remaining(self) -> Decimal | None:
        if self.total is None:
            return None
        return max(self.total - self.committed, ZERO)

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    @property
    def committed_share(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.committed * 100 / self.total))


def envelope_of(scheme: AidScheme) -> Envelope:
    """Always current: summed from the decisions themselves, never from a counter that could drift."""
    sums = AidApplication.objects.filter(scheme=scheme, status__in=sorted(COMMITTED_STATUSES)).aggregate(
        committed=Coalesce(Sum("granted_amount"), ZERO),
        paid=Coalesce(Sum("paid_amount"), ZERO),
    )
    return Envelope(
        total=scheme.budget_envelope,
        committed=sums["committed"],
        paid=sums["paid"],
        to_confirm=scheme.envelope_to_confirm,
    )


@dataclass(frozen=True)
class GrantedAid:
    """What a scheme has granted: its applications accepted or paid (the envelope's committed ones)."""

    title: str
    slug: str
    granted: int
    committed: Decimal
    paid: Decimal


def granted_by_scheme() -> list[GrantedAid]:
    """Every scheme, by title, with the aids it granted and their amounts, summed as envelope_of does. Two queries,
    whatever the number of applications."""
    sums = {
        row["scheme_id"]: row
        for row in AidApplication.objects.filter(status__in=sorted(COMMITTED_STATUSES))
        .order_by()
        .values("scheme_id")
        .annotate(
            granted=Count("pk"),
            committed=Coalesce(Sum("granted_amount"), ZERO),
            paid=Coalesce(Sum("paid_amount"), ZERO),
        )
    }
    empty: dict[str, Any] = {"granted": 0, "committed": ZERO, "paid": ZERO}
    return [
        GrantedAid(
            title=scheme.title,
            slug=scheme.slug,
            granted=sums.get(scheme.pk, empty)["granted"],
            committed=sums.get(scheme.pk, empty)["committed"],
            paid=sums.get(scheme.pk, empty)["paid"],
        )
        for scheme in AidScheme.objects.order_by("title", "pk").only("title", "slug")
    ]


def published_schemes() -> QuerySet[AidScheme]:
    return AidScheme.objects.select_related("zone").prefetch_related(
        Prefetch("categories", queryset=ExpenseCategory.objects.order_by("position", "pk"))
    )


def scheme_terms(scheme: AidScheme, envelope: Envelope | None = None) -> SchemeTerms:
    envelope = envelope or envelope_of(scheme)
    return SchemeTerms(
        title=scheme.title,
        ceiling=scheme.ceiling,
        categories=[
            CategoryTerms(
                code=c.code, label=c.label, beneficiary=Beneficiary(c.beneficiary), basis=AmountBasis(c.amount_basis)
            )
            for c in scheme.categories.all()
        ],
        zone_name=scheme.zone.name,
        is_open=scheme.status == AidScheme.Status.OPEN,
        opening_date=scheme.opening_date,
        closing_date=scheme.closing_date,
        envelope=envelope.total,
        committed=envelope.committed,
    )


def state_of(scheme: AidScheme, envelope: Envelope | None = None) -> SchemeState:
    return scheme_state(scheme_terms(scheme, envelope), today())


def receives_applications(state: SchemeState) -> bool:
    """Applications are received while the dates are open; without an envelope they wait for it to be decided."""
    return state in (SchemeState.OPEN, SchemeState.NO_ENVELOPE)


def state_label(state: SchemeState) -> str:

    labels = {
        SchemeState.OPEN: gettext("ouvert"),
        SchemeState.NOT_YET_OPEN: gettext("pas encore ouvert"),
        SchemeState.CLOSED: gettext("fermé"),
        SchemeState.EXHAUSTED: gettext("enveloppe épuisée"),
        SchemeState.NO_ENVELOPE: gettext("enveloppe non fixée"),
    }
    return labels[state]


# --- Where the employee lives ---------------------------------------------------------------------


def zone_rows(zone: Zone) -> set[int]:
    return set(zone.communes.values_list("pk", flat=True))


def residence_in_zone(row: Commune, zone: Zone, rows: set[int] | None = None) -> Residence:
    """The zone lists its communes as they stood (the current commune, or the commune déléguée like
    Javols) plus current communes whose parts are all inside (Peyre en Aubrac)."""
    members = rows if rows is not None else zone_rows(zone)
    if row.pk in members:
        return Residence.IN_ZONE
    if row.kind != Commune.Kind.CURRENT:
        # A part of a current commune that is wholly inside the zone is inside.
        return Residence.IN_ZONE if row.parent_id in members else Residence.OUT_OF_ZONE
    part_ids = set(Commune.objects.filter(parent=row).values_list("pk", flat=True))
    if part_ids & members:
        return Residence.PARTLY_IN_ZONE
    return Residence.OUT_OF_ZONE


@dataclass(frozen=True)
class ResidenceAnswer:
    lookup: CommuneLookup
    row: Commune | None
    residence: Residence
    message: str = ""  # why no commune was decided, in French
    choices: tuple[Commune, ...] = ()

    @property
    def decided(self) -> bool:
        return self.row is not None

    @property
    def label(self) -> str:
        return str(self.row) if self.row else ""


def choice_value(row: Commune) -> str:
    return f"{row.kind}:{row.insee_code}"


def commune_from_choice(value: str) -> Commune | None:
    kind, _sep, code = (value or "").partition(":")
    if kind not in Commune.Kind.values or not INSEE_CODE_RE.match(code):
        return None
    return Commune.objects.select_related("parent").filter(kind=kind, insee_code=code).first()


def resolve_residence(query: str, zone: Zone, *, codes: CodeKind = CodeKind.ANY, choice: str = "") -> ResidenceAnswer:
    """The commune the employee lives in and whether it is in the zone. Never decided by a postal
    code alone: a postal code gives a choice of communes, even when it covers only one."""

    # A NUL byte cannot reach PostgreSQL; nothing a person types contains one.
    query = (query or "").replace("\x00", "")
    lookup = lookup_commune(query, codes=codes)
    if choice:
        # A choice counts only among the communes offered for what is typed now.
        row = commune_from_choice(choice)
        offered = {c.pk for c in lookup.choices} | ({lookup.match.pk} if lookup.match else set())
        if row is not None and row.pk in offered:
            return ResidenceAnswer(lookup=lookup, row=row, residence=residence_in_zone(row, zone))
    if lookup.status == LookupStatus.FOUND and lookup.match is not None:
        # An old INSEE code (48052) is its commune; a postal code alone is never enough, even for one commune.
        if lookup.by_postal_code:
            return ResidenceAnswer(
                lookup=lookup,
                row=None,
                residence=Residence.UNKNOWN,
                message=gettext("Un code postal ne suffit pas : choisissez la commune où habite le salarié."),
                choices=(lookup.match,),
            )
        return ResidenceAnswer(lookup=lookup, row=lookup.match, residence=residence_in_zone(lookup.match, zone))
    return ResidenceAnswer(
        lookup=lookup, row=None, residence=Residence.UNKNOWN, message=lookup.message, choices=tuple(lookup.choices)
    )


# --- Companies and applications, scoped to who asks ------------------------------------------------


def is_company_representative(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Company.objects.filter(representatives=user).exists()


def companies_of(user: Any) -> QuerySet[Company]:
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.filter(representatives=user).order_by("name")


def applications_for_applicant(user: Any) -> QuerySet[AidApplication]:
    """The applications of the companies this person represents, and the drafts they wrote while their claim to
    represent the company is examined (they may prepare a draft, not submit it)."""
    if not getattr(user, "is_authenticated", False):
        return AidApplication.objects.none()
    return AidApplication.objects.filter(
        Exists(Company.representatives.through.objects.filter(company_id=OuterRef("company_id"), user_id=user.pk))
        | Q(created_by=user, status=Status.DRAFT)
    ).select_related("scheme", "company", "employee_commune", "employee_commune__parent")


def application_for_applicant(user: Any, pk: int) -> AidApplication:
    application = applications_for_applicant(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def applications_for_staff(user: Any) -> QuerySet[AidApplication]:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        return AidApplication.objects.none()
    return AidApplication.objects.select_related(
        "scheme", "company", "assigned_to", "employee_commune", "employee_commune__parent", "created_by"
    ).annotate(requested_total=ELIGIBLE_TOTAL)


def application_for_staff(user: Any, pk: int) -> AidApplication:
    application = applications_for_staff(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def documents_for(user: Any) -> QuerySet[ApplicationDocument]:
    """The pieces this person may download: their companies' applications, or all for staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ApplicationDocument.objects.none()
    if user.is_staff:
        return ApplicationDocument.objects.all()
    return ApplicationDocument.objects.filter(application__in=applications_for_applicant(user))


def expense_lines(application: AidApplication) -> list[ExpenseLine]:
    return list(
        application.expenses.select_related("category").prefetch_related("documents").order_by("position", "pk")
    )


def expenses_total(application: AidApplication, lines: list[ExpenseLine] | None = None) -> Decimal:
    lines = lines if lines is not None else expense_lines(application)
    return sum((line.eligible_amount for line in lines), ZERO)


def employee_already_funded(application: AidApplication) -> bool:
    return (
        AidApplication.objects.filter(
            scheme_id=application.scheme_id, employee_key=application.employee_key, status__in=sorted(LIVE_STATUSES)
        )
        .exclude(pk=application.pk)
        .exists()
    )


def staff_users() -> QuerySet[Any]:

    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("first_name", "last_name", "email")


# --- Queue and reporting --------------------------------------------------------------------------

QUEUE_STATUSES = [
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.AWAITING_DOCUMENTS,
    Status.ACCEPTED,
    Status.REFUSED,
    Status.PAID,
    Status.WITHDRAWN,
]


def queue(
    user: Any, *, status: str = "", scheme: str = "", assigned: str = "", q: str = ""
) -> QuerySet[AidApplication]:
    """The instruction queue: every application but drafts (they are the applicant's own business)."""
    qs = applications_for_staff(user).exclude(status=Status.DRAFT)
    if status == "open":
        qs = qs.filter(status__in=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS])
    elif status in Status.values:
        qs = qs.filter(status=status)
    if scheme.isdigit():
        qs = qs.filter(scheme_id=int(scheme))
    if assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if q:
        text = q.strip()
        condition = (
            Q(company__name__icontains=text)
            | Q(company__siret__icontains=text.replace(" ", ""))
            | Q(beneficiary_name__icontains=text)
            | Q(beneficiary_siret__icontains=text.replace(" ", ""))
            | Q(employee_last_name__icontains=text)
            | Q(employee_first_name__icontains=text)
            | Q(employee_commune__name__icontains=text)
        )
        number = text.upper().removeprefix("AT-").rpartition("-")[2]
        if number.isdigit():
            condition |= Q(pk=int(number))
        qs = qs.filter(condition)
    return qs.order_by("submitted_at", "pk")


def status_counts(user: Any) -> dict[str, int]:
    rows = applications_for_staff(user).order_by().values("status").annotate(n=Count("pk", distinct=True))
    return {row["status"]: row["n"] for row in rows}


@dataclass
class ReportRow:
    key: str
    label: str
    count: int = 0
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass(frozen=True)
class Report:
    by_status: list[ReportRow]
    by_commune: list[ReportRow]
    by_category: list[ReportRow]
    total: ReportRow


def report(user: Any, *, scheme: AidScheme | None = None) -> Report:
    """Counts and amounts by state, by commune of residence and by expense category. A handful of
    queries whatever the number of applications: the sums are done here, on small rows."""

    applications = applications_for_staff(user).exclude(status=Status.DRAFT)
    if scheme is not None:
        applications = applications.filter(scheme=scheme)
    rows = list(
        applications.order_by().values(
            "pk",
            "status",
            "granted_amount",
            "paid_amount",
            "employee_commune__insee_code",
            "employee_commune__name",
            "employee_commune__kind",
            "employee_commune__parent__insee_code",
            "employee_commune__parent__name",
        )
    )
    ids = [row["pk"] for row in rows]
    lines = list(
        ExpenseLine.objects.filter(application_id__in=ids)
        .order_by()
        .values(
            "application_id",
            "category__code",
            "category__label",
            "category__amount_basis",
            "amount_excl_tax",
            "amount_incl_tax",
        )
    )
    requested: dict[int, Decimal] = {}
    eligible: list[Decimal] = []
    for line in lines:
        amount = line["amount_incl_tax"] if line["category__amount_basis"] == "incl_tax" else line["amount_excl_tax"]
        if amount is None:  # a company's line may carry its HT amount only
            continue
        eligible.append(amount)
        requested[line["application_id"]] = requested.get(line["application_id"], ZERO) + amount

    total = ReportRow(key="total", label=gettext("Total"))
    by_status = {s.value: ReportRow(key=s.value, label=str(s.label)) for s in QUEUE_STATUSES}
    by_commune: dict[str, ReportRow] = {}
    status_of = {}
    for row in rows:
        status_of[row["pk"]] = row["status"]
        committed = row["status"] in COMMITTED_STATUSES
        granted = (row["granted_amount"] or ZERO) if committed else ZERO
        paid = row["paid_amount"] or ZERO
        asked = requested.get(row["pk"], ZERO)
        if row["employee_commune__parent__insee_code"]:
            key, label = row["employee_commune__parent__insee_code"], row["employee_commune__parent__name"]
        elif row["employee_commune__insee_code"]:
            key, label = row["employee_commune__insee_code"], row["employee_commune__name"]
        else:
            key, label = "", gettext("Commune non précisée")
        for bucket in (total, by_status[row["status"]], by_commune.setdefault(key, ReportRow(key=key, label=label))):
            bucket.count += 1
            bucket.requested += asked
            bucket.granted += granted
            bucket.paid += paid

    by_category: dict[str, ReportRow] = {}
    for line, amount in zip(lines, eligible, strict=True):
        bucket = by_category.setdefault(
            line["category__code"], ReportRow(key=line["category__code"], label=line["category__label"])
        )
        bucket.count += 1
        bucket.requested += amount
        if status_of.get(line["application_id"]) in COMMITTED_STATUSES:
            bucket.granted += amount
    return Report(
        by_status=list(by_status.values()),
        by_commune=sorted(by_commune.values(), key=lambda r: (-r.count, r.label)),
        by_category=sorted(by_category.values(), key=lambda r: r.label),
        total=total,
    )


# --- Representation claims ------------------------------------------------------------------------


def claims_for_staff(user: Any) -> QuerySet[RepresentationClaim]:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        return RepresentationClaim.objects.none()
    return RepresentationClaim.objects.select_related("company", "claimant", "decided_by")


def claim_for_staff(user: Any, pk: int) -> RepresentationClaim:
    claim = claims_for_staff(user).filter(pk=pk).first()
    if claim is None:
        raise Http404
    return claim


def companies_to_claim(user: Any) -> QuerySet[Company]:
    """The companies this person wrote a draft for: the ones they may ask to represent from here."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.filter(applications__created_by=user).distinct()
