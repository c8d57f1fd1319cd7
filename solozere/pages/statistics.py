"""The public statistics /statistiques/: the public figures of every app on one page, each table also in CSV.

Each figure comes from its app's selector (nothing is counted twice in two ways): the accompaniment's requests and
answer times (accompaniment.selectors_stats), the census of teleworkers (community.selectors.community_census), the
places (places.selectors.home_figures), presence and avoided commute (bookings.selectors_presence.network_impact),
the occupancy of seats last month (bookings.selectors_occupancy.network_occupancy), the events held
(events.selectors_stats) and the aid granted (aids.selectors.granted_by_scheme). Counts of people under five are
hidden the census's way (community.stats.protect_table) or each app's own (occupancy, presence), as on their pages.

A CSV holds what its table shows, hidden cells included as shown ("< 5", "masqué", "non publié"); numbers are
written as numbers (a dot before the decimals), dates as YYYY-MM-DD."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from solozere.accompaniment.selectors_stats import AccompanimentStats, accompaniment_stats
from solozere.aids.selectors import GrantedAid, granted_by_scheme
from solozere.bookings import occupancy
from solozere.bookings.selectors_occupancy import NetworkOccupancy, network_occupancy
from solozere.bookings.selectors_presence import NetworkImpact, network_impact
from solozere.community.selectors import Census, community_census
from solozere.community.stats import SMALL_GROUP_THRESHOLD, BarChart, CellKind, ProtectedTable, bar_chart, protect_table
from solozere.core.templatetags.french_plurals import french_count
from solozere.events.selectors_stats import HeldYear, held_events_by_year
from solozere.places.selectors import home_figures

NOT_PUBLISHED = gettext_lazy("non publié")  # a figure resting on too few people to be shown


def small(count: int) -> str | int:
    """A count of people as published alone: "< 5" for 1 to 4 (0 exposes nobody)."""
    return f"< {SMALL_GROUP_THRESHOLD}" if 0 < count < SMALL_GROUP_THRESHOLD else count


def _cell_value(kind: CellKind, count: int | None, display: str) -> str | int:
    return count if kind == CellKind.EXACT and count is not None else display


@dataclass(frozen=True)
class CsvTable:
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def protected_csv(table: ProtectedTable, *, title: str, column: str, count_column: str, total: bool = True) -> CsvTable:
    """The rows components/protected_table.html shows: none when the table is withheld."""
    rows: list[list[Any]] = [[cell.label, _cell_value(cell.kind, cell.count, cell.display)] for cell in table.cells]
    if table.published and total:
        rows.append([_("Total"), table.total])
    return CsvTable(title=title, header=[column, count_column], rows=rows)


def chart_of(table: ProtectedTable, labels: list[str]) -> BarChart:
    """The chart of a protected table, a hidden cell drawn as an empty bar that says what it hides."""
    return bar_chart(
        [(label, cell.count or 0) for label, cell in zip(labels, table.cells, strict=True)],
        displays=["" if cell.kind == CellKind.EXACT else cell.display for cell in table.cells],
    )


# What each section reads ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Events:
    years: list[HeldYear]
    participants: ProtectedTable  # by year, the census's rule

    @property
    def rows(self) -> list[tuple[HeldYear, str | int]]:
        if not self.participants.published:
            return [(year, str(NOT_PUBLISHED)) for year in self.years]
        return [
            (year, _cell_value(cell.kind, cell.count, cell.display))
            for year, cell in zip(self.years, self.participants.cells, strict=True)
        ]

    @property
    def total_events(self) -> int:
        return sum(year.events for year in self.years)

    @property
    def chart(self) -> BarChart:
        return bar_chart([(str(year.year), year.events) for year in self.years])


def load_events(today: dt.date) -> Events:
    years = held_events_by_year()
    return Events(
        years=years,
        participants=protect_table([(str(y.year), str(y.year), y.participants) for y in years]),
    )


def last_month(today: dt.date) -> dt.date:
    return occupancy.previous_month(occupancy.first_of_month(today))


LOADERS: dict[str, Callable[[dt.date], Any]] = {
    "accompaniment": lambda today: accompaniment_stats(today),
    "census": lambda today: community_census(today),
    "places": lambda today: home_figures(),
    "impact": lambda today: network_impact(),
    "occupancy": lambda today: network_occupancy(last_month(today)),
    "events": load_events,
    "aids": lambda today: granted_by_scheme(),
}


# The tables in CSV, by the name in their address ----------------------------------------------------------------


def _requests_by_month(data: AccompanimentStats) -> CsvTable:
    return protected_csv(data.by_month, title=_("Demandes par mois"), column=_("Mois"), count_column=_("Demandes"))


def _requests_by_topic(data: AccompanimentStats) -> CsvTable:
    return protected_csv(
        data.by_topic, title=_("Demandes par sujet"), column=_("Sujet"), count_column=_("Demandes"), total=False
    )


def _requests_by_area(data: AccompanimentStats) -> CsvTable:
    return protected_csv(
        data.by_area, title=_("Demandes par territoire"), column=_("Territoire"), count_column=_("Demandes")
    )


def delay_columns(deadline_days: int) -> list[str]:
    return [
        _("Structure"),
        _("Demandes reçues"),
        _("Délai médian de première réponse (jours ouvrés)"),
        ngettext(
            "Réponses dans le délai de %(days)s jour ouvré (%%)",
            "Réponses dans le délai de %(days)s jours ouvrés (%%)",
            french_count(deadline_days),
        )
        % {"days": deadline_days},
    ]


def _delays(data: AccompanimentStats) -> CsvTable:
    rows = [
        [
            row.name,
            row.received_display if row.received < SMALL_GROUP_THRESHOLD else row.received,
            row.median_days if row.median_published else str(NOT_PUBLISHED),
            row.within_percent if row.share_published else str(NOT_PUBLISHED),
        ]
        for row in data.delays
    ]
    return CsvTable(title=_("Délais de réponse par structure"), header=delay_columns(data.deadline_days), rows=rows)


def _census_table(name: str, title: Any, column: Any) -> Callable[[Census], CsvTable]:
    def build(census: Census) -> CsvTable:
        return protected_csv(getattr(census, name), title=str(title), column=str(column), count_column=_("Membres"))

    return build


def _growth(census: Census) -> CsvTable:
    return CsvTable(
        title=_("Membres actifs par mois"),
        header=[_("Date"), _("Membres actifs")],
        rows=[[day.isoformat(), value] for day, value in census.growth],
    )


PLACE_FIGURES = (
    ("places_in_service", gettext_lazy("Lieux en service ou membres du réseau")),
    ("telecentres", gettext_lazy("Télécentres")),
    ("comptoirs", gettext_lazy("Comptoirs SoLozère")),
    ("communes", gettext_lazy("Communes où se trouve un lieu")),
)


def place_rows(figures: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), figures[key]) for key, label in PLACE_FIGURES]


def _places(figures: dict[str, int]) -> CsvTable:
    return CsvTable(
        title=_("Les lieux du réseau"),
        header=[_("Lieux"), _("Nombre")],
        rows=[list(row) for row in place_rows(figures)],
    )


def _km(value: Decimal) -> int:
    return int(value.quantize(Decimal(1)))


def _kg(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def _presence(impact: NetworkImpact) -> CsvTable:
    rows: list[list[Any]] = [
        [row.name, row.totals.days, _km(row.totals.km), _kg(row.totals.co2_kg)] for row in impact.places
    ]
    if impact.others_count:
        label = ngettext(
            "Autre lieu (%(counter)s)", "Autres lieux (%(counter)s)", french_count(impact.others_count)
        ) % {"counter": impact.others_count}
        rows.append([label, impact.others.days, _km(impact.others.km), _kg(impact.others.co2_kg)])
    return CsvTable(
        title=_("Présence et trajets évités par lieu"),
        header=[_("Lieu"), _("Jours de présence"), _("Trajet évité (km)"), _("CO₂ évité (kg)")],
        rows=rows,
    )


def _occupancy_cells(figures: occupancy.Occupancy, hide: bool) -> list[Any]:
    if not figures.has_seats:
        return [0, "", "", "", ""]
    if hide:
        return [figures.available, str(NOT_PUBLISHED), figures.rough_booked, str(NOT_PUBLISHED), figures.rough_used]
    return [figures.available, figures.booked, figures.booked_percent, figures.used, figures.used_percent]


def _occupancy(network: NetworkOccupancy) -> CsvTable:
    rows = [[row.name, *_occupancy_cells(row.figures, row.figures.is_small)] for row in network.places]
    if network.places:
        hide_total = network.total.is_small or not network.total_is_publishable
        rows.append([_("Tout le réseau"), *_occupancy_cells(network.total, hide_total)])
    return CsvTable(
        title=_("Occupation des postes, %(month)s") % {"month": f"{network.month:%Y-%m}"},
        header=[
            _("Lieu"),
            _("Demi-journées réservables"),
            _("Réservées"),
            _("Réservées (%)"),
            _("Utilisées"),
            _("Utilisées (%)"),
        ],
        rows=rows,
    )


def _events(events: Events) -> CsvTable:
    rows: list[list[Any]] = [[year.year, year.events, participants] for year, participants in events.rows]
    if events.years:
        rows.append([_("Total"), events.total_events, events.participants.total])
    return CsvTable(
        title=_("Événements tenus par année"),
        header=[_("Année"), _("Événements tenus"), _("Participants")],
        rows=rows,
    )


def _aids(aids: list[GrantedAid]) -> CsvTable:
    return CsvTable(
        title=_("Aides accordées"),
        header=[_("Dispositif"), _("Aides accordées"), _("Montant accordé (€)"), _("Montant versé (€)")],
        rows=[[aid.title, small(aid.granted), aid.committed, aid.paid] for aid in aids],
    )


@dataclass(frozen=True)
class TableSpec:
    source: str  # a key of LOADERS
    build: Callable[[Any], CsvTable]


TABLES: dict[str, TableSpec] = {
    "demandes-par-mois": TableSpec("accompaniment", _requests_by_month),
    "demandes-par-sujet": TableSpec("accompaniment", _requests_by_topic),
    "demandes-par-territoire": TableSpec("accompaniment", _requests_by_area),
    "delais-par-structure": TableSpec("accompaniment", _delays),
    "membres-par-territoire": TableSpec(
        "census", _census_table("by_area", gettext_lazy("Membres par territoire"), gettext_lazy("Territoire"))
    ),
    "membres-par-situation": TableSpec(
        "census", _census_table("by_status", gettext_lazy("Membres par situation"), gettext_lazy("Situation"))
    ),
    "membres-par-secteur": TableSpec(
        "census",
        _census_table("by_sector", gettext_lazy("Membres par secteur d'activité"), gettext_lazy("Secteur")),
    ),
    "membres-par-mois": TableSpec("census", _growth),
    "lieux": TableSpec("places", _places),
    "presence-par-lieu": TableSpec("impact", _presence),
    "occupation-des-postes": TableSpec("occupancy", _occupancy),
    "evenements": TableSpec("events", _events),
    "aides": TableSpec("aids", _aids),
}


def csv_table(name: str, today: dt.date | None = None) -> CsvTable:
    """The table `name` of TABLES, computed from its source alone. KeyError for an unknown name."""
    spec = TABLES[name]
    return spec.build(LOADERS[spec.source](today or timezone.localdate()))


def _short_month(key: str) -> str:
    """ "2025-03" -> "03/2025", as the census chart names its months."""
    year, month = key.split("-")
    return f"{month}/{year}"


def page_data(today: dt.date | None = None) -> dict[str, Any]:
    """Everything the page shows, each source read once."""
    day = today or timezone.localdate()
    data = {source: load(day) for source, load in LOADERS.items()}
    requests: AccompanimentStats = data["accompaniment"]
    census: Census = data["census"]
    return data | {
        "today": day,
        "requests_chart": chart_of(requests.by_month, [_short_month(cell.key) for cell in requests.by_month.cells])
        if requests.by_month.published
        else None,
        "delay_columns": delay_columns(requests.deadline_days),
        "chart": bar_chart([(d.strftime("%m/%Y"), value) for d, value in census.growth]),
        "place_rows": place_rows(data["places"]),
        "threshold": SMALL_GROUP_THRESHOLD,
    }
