"""The one commune lookup used everywhere (places search, membership, aid simulator, API).

Accent- and case-insensitive; accepts an INSEE code, a postal code (offering the choice when it
covers several communes), a current name or the old name of a merged commune ("Javols" -> Peyre en Aubrac)."""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from solozere.territory.models import Commune
from solozere.territory.text import INSEE_CODE_RE, looks_like_postal_code, normalize_name


class LookupStatus(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    EMPTY = "empty"


@dataclass(frozen=True)
class CommuneLookup:
    query: str
    status: LookupStatus
    # The row that matched what was typed (Javols, commune déléguée) ...
    match: Commune | None = None
    # ... and the choices to offer when the query is ambiguous (current communes or named rows).
    choices: list[Commune] = field(default_factory=list)
    # A more precise explanation than the status gives (e.g. a postal code typed where an INSEE code is expected).
    detail: str = ""
    # What the page says beside a found commune, e.g. that an old INSEE code was read as its current commune.
    note: str = ""
    # Found through a postal code (the only commune of that code): the aid simulator still asks to confirm it.
    by_postal_code: bool = False

    @property
    def found(self) -> bool:
        return self.status == LookupStatus.FOUND

    @property
    def commune(self) -> Commune | None:
        """The current commune (Peyre en Aubrac for Javols)."""
        return self.match.current if self.match else None

    @property
    def message(self) -> str:
        if self.detail:
            return self.detail
        if self.status == LookupStatus.EMPTY:
            return _("Indiquez une commune, un code postal ou un code INSEE.")
        if self.status == LookupStatus.NOT_FOUND:
            return _("Aucune commune de Lozère ne correspond à « %(query)s ».") % {"query": self.query}
        if self.status == LookupStatus.AMBIGUOUS:
            return _("« %(query)s » correspond à plusieurs communes : précisez laquelle.") % {"query": self.query}
        return ""


def _base() -> QuerySet[Commune]:
    return Commune.objects.select_related("parent")


def _resolve(query: str, rows: list[Commune]) -> CommuneLookup:
    if not rows:
        return CommuneLookup(query=query, status=LookupStatus.NOT_FOUND)
    currents = {row.current.pk for row in rows}
    if len(currents) == 1:
        # Prefer the row of the current commune itself, else the named part (déléguée/associée).
        current_rows = [row for row in rows if row.kind == Commune.Kind.CURRENT]
        return CommuneLookup(query=query, status=LookupStatus.FOUND, match=(current_rows or rows)[0])
    return CommuneLookup(query=query, status=LookupStatus.AMBIGUOUS, choices=sorted(rows, key=lambda r: r.search_name))


class CodeKind(StrEnum):
    ANY = "any"  # a person typing five digits may mean either
    INSEE = "insee"  # an API field documented as an INSEE code
    POSTAL = "postal"


def _postal_communes(code: str) -> list[Commune]:
    """Every current commune La Poste files under `code`: its own codes, every one of them (not only the first),
    and the codes of its communes déléguées or associées."""
    rows = _base().filter(_list_q("postal_codes", code))
    currents: dict[int, Commune] = {}
    for row in rows:
        current = row.current
        currents.setdefault(current.pk, current)
    return sorted(currents.values(), key=lambda c: c.search_name)


def _old_code_note(code: str, row: Commune) -> str:
    current = row.current
    if row.kind != Commune.Kind.CURRENT:
        return _("%(code)s : ancienne commune de %(old)s, aujourd'hui %(current)s.") % {
            "code": code,
            "old": row.name,
            "current": current.name,
        }
    return _("%(code)s : code INSEE d'une ancienne commune, aujourd'hui %(current)s.") % {
        "code": code,
        "current": current.name,
    }


def _lookup_code(raw: str, codes: "CodeKind") -> CommuneLookup:
    """Five digits. In Lozère an INSEE code is often also a postal code of *other* communes
    (48140 is Saint-Chély-d'Apcher's INSEE code and Le Malzieu-Ville's postal code): never guess.
    An old INSEE code that no postal code shares (48052, absorbed by Altier) is that commune."""
    by_insee: list[Commune] = []
    old = False
    by_postal: list[Commune] = []
    if codes in (CodeKind.ANY, CodeKind.INSEE):
        by_insee = list(_base().filter(kind=Commune.Kind.CURRENT, insee_code=raw))
        if not by_insee:
            # An old code: a commune déléguée or associée, or a code absorbed by a merger.
            by_insee = list(_base().filter(insee_code=raw)) or list(
                _base().filter(kind=Commune.Kind.CURRENT).filter(_list_q("former_codes", raw))
            )
            old = bool(by_insee)
    if codes in (CodeKind.ANY, CodeKind.POSTAL):
        by_postal = _postal_communes(raw)
    if codes == CodeKind.INSEE and not by_insee:
        # A postal code given where an INSEE code is expected: say so, and offer its communes.
        postal = _postal_communes(raw)
        if postal:
            return CommuneLookup(
                query=raw,
                status=LookupStatus.AMBIGUOUS,
                choices=postal,
                detail=_(
                    "« %(code)s » n'est pas un code INSEE mais un code postal : indiquez le nom ou le code INSEE "
                    "de la commune parmi celles qu'il dessert."
                )
                % {"code": raw},
            )
    if old and len(by_insee) == 1 and not by_postal:
        return CommuneLookup(
            query=raw, status=LookupStatus.FOUND, match=by_insee[0], note=_old_code_note(raw, by_insee[0])
        )
    rows = by_insee + [c for c in by_postal if c.pk not in {r.pk for r in by_insee}]
    if len(rows) == 1:
        return CommuneLookup(query=raw, status=LookupStatus.FOUND, match=rows[0], by_postal_code=not by_insee)
    if not rows:
        return CommuneLookup(query=raw, status=LookupStatus.NOT_FOUND)
    return CommuneLookup(query=raw, status=LookupStatus.AMBIGUOUS, choices=rows)


def lookup_commune(query: str | None, codes: CodeKind = CodeKind.ANY) -> CommuneLookup:
    raw = (query or "").strip()[:120]
    if not raw:
        return CommuneLookup(query=raw, status=LookupStatus.EMPTY)

    # "Saint-Chély-d'Apcher (48200)" as produced by our own autocomplete: name first, code to disambiguate.
    if raw.endswith(")") and "(" in raw:
        name_part, _sep, code_part = raw[:-1].rpartition("(")
        name_part, code_part = name_part.strip(), code_part.strip()
        if name_part:
            named = lookup_commune(name_part, codes)
            if named.status == LookupStatus.AMBIGUOUS and looks_like_postal_code(code_part):
                narrowed = [c for c in named.choices if code_part in c.current.postal_code_list]
                return _resolve(raw, narrowed)
            if named.status != LookupStatus.NOT_FOUND:
                return named

    if INSEE_CODE_RE.match(raw) or looks_like_postal_code(raw):
        return _lookup_code(raw, codes)

    key = normalize_name(raw)
    if not key:
        return CommuneLookup(query=raw, status=LookupStatus.NOT_FOUND)
    exact = list(_base().filter(search_name=key))
    if exact:
        return _resolve(raw, exact)
    starts = list(_base().filter(search_name__startswith=key)[:20])
    if len(starts) == 1:
        return CommuneLookup(query=raw, status=LookupStatus.FOUND, match=starts[0])
    if starts:
        return CommuneLookup(query=raw, status=LookupStatus.AMBIGUOUS, choices=starts)
    return CommuneLookup(query=raw, status=LookupStatus.NOT_FOUND)


def _list_q(field_name: str, code: str) -> Q:
    """Membership in a ";"-separated list field, the same on SQLite and PostgreSQL."""
    return (
        Q(**{field_name: code})
        | Q(**{f"{field_name}__startswith": f"{code};"})
        | Q(**{f"{field_name}__endswith": f";{code}"})
        | Q(**{f"{field_name}__contains": f";{code};"})
    )


def suggest_communes(prefix: str, limit: int = 10) -> list[Commune]:
    """Autocomplete: names starting with what was typed, then names containing it; or a postal code's communes."""
    raw = (prefix or "").strip()[:120]
    if looks_like_postal_code(raw):
        # Every commune of the code, whatever the limit: a postal code covers at most a few dozen.
        return _postal_communes(raw)
    key = normalize_name(raw)
    if len(key) < 2:
        return []
    first = list(_base().filter(search_name__startswith=key)[:limit])
    if len(first) < limit:
        seen = [c.pk for c in first]
        first += list(_base().filter(search_name__contains=key).exclude(pk__in=seen)[: limit - len(first)])
    return first


def current_communes() -> QuerySet[Commune]:
    return Commune.objects.filter(kind=Commune.Kind.CURRENT).order_by("search_name")
