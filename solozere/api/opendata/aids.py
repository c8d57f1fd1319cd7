"""Open data of the aids, in two national schemas (schema.data.gouv.fr, Licence Ouverte 2.0):

- the schemes under « Dispositifs d'aides » 0.2.0 (etalab/schema-dispositif-aide), one row per scheme;
- the aids granted under « SCDL Subventions » 2.1.1 (scdl/subventions), one row per aid paid.

What is published, and why:
- Never the employee: the beneficiary of an aid is the company that applied (its name and SIRET are
  public data); the person it employs is not named anywhere in the files.
- An aid is published once paid: the schema requires the date (or period) of payment, and we do not
  invent one for an aid granted but not yet paid. Such aids are counted on the /opendata/ page.
- A scheme whose granting body has no SIRET yet publishes no aid (the schema requires `idAttribuant`);
  the page says so. Nothing is filled with a placeholder.

The mapping functions are pure; `grants_export` and `schemes_export` are the only database reads."""

import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from solozere.aids.models import AidApplication, AidScheme
from solozere.aids.workflow import COMMITTED_STATUSES, Status
from solozere.core.csv_export import SafeDictWriter
from solozere.territory.models import Commune

SCHEME_SCHEMA = {
    "name": "Dispositifs d'aides",
    "version": "0.2.0",
    "url": "https://schema.data.gouv.fr/etalab/schema-dispositif-aide/",
}
GRANT_SCHEMA = {
    "name": "SCDL Subventions",
    "version": "2.1.1",
    "url": "https://schema.data.gouv.fr/scdl/subventions/",
}

SCHEME_COLUMNS = [
    "id",
    "titre",
    "promesse",
    "description",
    "eligibilite",
    "types_aides",
    "porteurs",
    "programmes_parents",
    "url_source",
    "cibles",
    "eligibilite_geographique",
    "eligibilite_geographique_exclusions",
    "date_ouverture",
    "date_cloture",
    "date_mise_a_jour",
]

GRANT_COLUMNS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]

# INSEE's prefixes in the COG formalism the schema asks for.
_COG_PREFIX = {Commune.Kind.CURRENT: "COM", Commune.Kind.DELEGATED: "COMD", Commune.Kind.ASSOCIATED: "COMA"}


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start_utc(value: dt.date | None) -> str:
    if value is None:
        return ""
    return _utc(dt.datetime.combine(value, dt.time.min, tzinfo=ZoneInfo("Europe/Paris")))


def zone_cog_codes(communes: Iterable[Commune]) -> str:
    """The zone in the COG formalism: a current commune when it is in the zone (all its parts then are),
    a commune déléguée or associée only when its current commune is not."""
    rows = list(communes)
    current_ids = {c.pk for c in rows if c.kind == Commune.Kind.CURRENT}
    codes = []
    for commune in rows:
        if commune.kind != Commune.Kind.CURRENT and commune.parent_id in current_ids:
            continue
        codes.append(f"{_COG_PREFIX[Commune.Kind(commune.kind)]}-{commune.insee_code}")
    return "|".join(sorted(set(codes)))


def scheme_row(scheme: AidScheme, *, base_url: str) -> dict[str, str]:
    carriers: list[dict[str, object]] = [{"nom": scheme.funder_name, "roles": ["financeur"]}]
    if scheme.instructor_name:
        instructor: dict[str, object] = {"nom": scheme.instructor_name, "roles": ["instructeur"]}
        if scheme.attributor_siret and scheme.attributor_name == scheme.instructor_name:
            instructor["siren"] = scheme.attributor_siret[:9]
        carriers.append(instructor)
    conditions = [line.strip() for line in scheme.conditions.splitlines() if line.strip()]
    return {
        "id": str(scheme.uuid),
        "titre": scheme.title,
        "promesse": scheme.promise[:180],
        "description": scheme.description[:5000],
        "eligibilite": "\n".join(f"• {line}" for line in conditions),
        "types_aides": "financement",
        "porteurs": json.dumps(carriers, ensure_ascii=False),
        "programmes_parents": scheme.legal_basis,
        "url_source": f"{base_url.rstrip('/')}{scheme.get_absolute_url()}",
        # The company applies: a professional target, whatever the employee's expenses.
        "cibles": "professionnels",
        "eligibilite_geographique": zone_cog_codes(scheme.zone.communes.all()),
        "eligibilite_geographique_exclusions": "",
        "date_ouverture": _day_start_utc(scheme.opening_date),
        "date_cloture": _day_start_utc(scheme.closing_date),
        "date_mise_a_jour": _utc(scheme.updated_at),
    }


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def grant_row(application: AidApplication) -> dict[str, str]:
    scheme = application.scheme
    if application.decided_at is None or application.granted_amount is None or application.paid_on is None:
        raise ValueError("Only a paid aid is published.")

    return {
        "nomAttribuant": scheme.attributor_name,
        "idAttribuant": scheme.attributor_siret,
        "dateConvention": timezone.localdate(application.decided_at).isoformat(),
        "referenceDecision": application.reference,
        "nomBeneficiaire": application.beneficiary.name,
        "idBeneficiaire": application.beneficiary.siret,
        "rnaBeneficiaire": "",
        "objet": f"{scheme.title} ({scheme.legal_basis})"[:256],
        "montant": _amount(application.granted_amount),
        "nature": "aide en numéraire",
        "conditionsVersement": "unique",
        "datesPeriodeVersement": application.paid_on.isoformat(),
        "idRAE": "",
        # Not an aid notified to the European Commission as far as the network knows.
        "notificationUE": "non",
        "pourcentageSubvention": "1",
        "dispositifAide": str(scheme.uuid),
    }


@dataclass
class GrantExport:
    rows: list[dict[str, str]] = field(default_factory=list)
    awaiting_payment: int = 0
    without_attributor: int = 0
    schemes_without_attributor: list[AidScheme] = field(default_factory=list)


def _granted() -> QuerySet[AidApplication]:
    return (
        AidApplication.objects.filter(status__in=sorted(COMMITTED_STATUSES))
        .select_related("scheme", "company")
        .order_by("decided_at", "pk")
    )


def grants_export() -> GrantExport:
    export = GrantExport()
    without: dict[int, AidScheme] = {}
    for application in _granted():
        if not (application.scheme.attributor_name and application.scheme.attributor_siret):
            export.without_attributor += 1
            without[application.scheme_id] = application.scheme
            continue
        if application.status != Status.PAID or application.paid_on is None:
            export.awaiting_payment += 1
            continue
        export.rows.append(grant_row(application))
    export.schemes_without_attributor = list(without.values())
    return export


def schemes_export(*, base_url: str) -> list[dict[str, str]]:
    schemes = AidScheme.objects.select_related("zone").prefetch_related("zone__communes").order_by("pk")
    return [scheme_row(scheme, base_url=base_url) for scheme in schemes]


def to_csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()
