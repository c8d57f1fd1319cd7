"""The agenda's search: upcoming events filtered by type, place, commune and radius (the one commune lookup, the
town-hall point of the commune typed), online; one month of them; the past ones. A fixed number of queries
whatever the number of events (a test guards it): distances are computed in Python over one query of site points."""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from solozere.events.models import Event, EventKind, EventSite, SiteKind
from solozere.events.recurrence import PARIS
from solozere.events.selectors import past_events, public_events, upcoming_events, with_sites
from solozere.events.workflow import ContributionStatus
from solozere.places.geo import haversine_km
from solozere.places.models import Place
from solozere.territory.selectors import CommuneLookup, lookup_commune

PAGE_SIZE = 20
DEFAULT_RADIUS_KM = 30
MAX_RADIUS_KM = 300


class AgendaForm(forms.Form):
    type = forms.MultipleChoiceField(
        label=_("Type"), choices=EventKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    lieu = forms.ModelChoiceField(
        label=_("Lieu du réseau"),
        queryset=Place.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les lieux"),
    )
    commune = forms.CharField(
        label=_("Près de : commune, ancienne commune ou code postal"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "type": "search"}),
    )
    rayon = forms.IntegerField(
        label=_("Rayon (km)"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "5", "autocomplete": "off"}),
    )
    en_ligne = forms.BooleanField(label=_("En ligne seulement"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].error_messages["invalid_choice"] = _("Type d'événement inconnu : « %(value)s ».")
        self.fields["lieu"].error_messages["invalid_choice"] = _("Ce lieu n'existe pas : choisissez-en un de la liste.")
        self.fields["rayon"].error_messages.update(
            {
                "invalid": _("Le rayon doit être un nombre entier de kilomètres."),
                "min_value": _("Le rayon doit être d'au moins 1 km."),
                "max_value": _("Le rayon ne peut pas dépasser %(limit_value)s km."),
            }
        )
        self.fields["page"].error_messages.update(
            {
                "invalid": _("Le numéro de page doit être un nombre entier."),
                "min_value": _("Le numéro de page doit être au moins 1."),
            }
        )

    def value(self, name: str) -> Any:
        """The cleaned value, or the field's empty value when what was typed is invalid (the page says why)."""
        if not hasattr(self, "cleaned_data") or name in self.errors:
            return [] if name == "type" else None
        return self.cleaned_data.get(name)


@dataclass
class AgendaResult:
    form: AgendaForm
    events: list[Event]
    errors: list[str] = field(default_factory=list)
    page: Page | None = None
    origin: CommuneLookup | None = None
    radius_km: int | None = None
    distances: dict[int, float] = field(default_factory=dict)


def _filtered(queryset: QuerySet[Event], form: AgendaForm, errors: list[str]) -> tuple[QuerySet[Event], Any]:
    kinds = form.value("type")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    place = form.value("lieu")
    if place is not None:
        queryset = queryset.filter(sites__place=place)
    if form.value("en_ligne"):
        queryset = queryset.filter(sites__kind=SiteKind.ONLINE)
    origin = None
    text = (form.value("commune") or "").strip()
    if text:
        origin = lookup_commune(text)
        if not origin.found:
            errors.append(origin.message)
    return queryset.distinct(), origin


def _near(
    queryset: QuerySet[Event], origin: CommuneLookup | None, radius: int, errors: list[str]
) -> tuple[QuerySet[Event], dict[int, float]]:
    """Events with a site in a place or at an address within `radius` km of the commune typed (one query)."""
    if origin is None or not origin.found or origin.match is None:
        return queryset, {}
    lat, lon = origin.match.latitude, origin.match.longitude
    if lat is None or lon is None:
        errors.append(
            str(_("La position de %(commune)s n'est pas connue : les distances ne peuvent pas être calculées."))
            % {"commune": origin.match}
        )
        return queryset, {}
    distances: dict[int, float] = {}
    rows = EventSite.objects.filter(event__in=queryset).values_list(
        "event_id", "place__latitude", "place__longitude", "commune__latitude", "commune__longitude"
    )
    for event_id, place_lat, place_lon, commune_lat, commune_lon in rows:
        point = (place_lat, place_lon) if place_lat is not None else (commune_lat, commune_lon)
        if point[0] is None or point[1] is None:
            continue
        distance = haversine_km(lat, lon, point[0], point[1])
        if distance <= radius:
            distances[event_id] = min(distance, distances.get(event_id, distance))
    return queryset.filter(pk__in=list(distances)), {k: round(v, 1) for k, v in distances.items()}


def search(params: Mapping[str, Any], *, now: dt.datetime) -> AgendaResult:
    form = AgendaForm(data=params)
    form.is_valid()
    errors = [str(message) for messages in form.errors.values() for message in messages]
    queryset, origin = _filtered(upcoming_events(now=now), form, errors)
    radius = form.value("rayon") or DEFAULT_RADIUS_KM
    queryset, distances = _near(queryset, origin, radius, errors)
    page = Paginator(with_sites(queryset).order_by("starts_at", "pk"), PAGE_SIZE).get_page(form.value("page") or 1)
    events = list(page.object_list)
    for event in events:
        event.distance_km = distances.get(event.pk)  # type: ignore[attr-defined]
    return AgendaResult(
        form=form,
        events=events,
        errors=errors,
        page=page,
        origin=origin if origin and origin.found else None,
        radius_km=radius if distances or (origin and origin.found) else None,
        distances=distances,
    )


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    events: list[Event]


def month_grid(params: Mapping[str, Any], *, month: dt.date, now: dt.datetime) -> tuple[AgendaResult, list[list[Day]]]:
    """The weeks of `month` (Monday first), each day with the events that touch it, the filters applied."""
    form = AgendaForm(data=params)
    form.is_valid()
    errors = [str(message) for messages in form.errors.values() for message in messages]
    first = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = dt.datetime.combine(weeks[0][0], dt.time(0), tzinfo=PARIS)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    base = public_events().filter(starts_at__lt=end, ends_at__gt=start)
    queryset, origin = _filtered(base, form, errors)
    radius = form.value("rayon") or DEFAULT_RADIUS_KM
    queryset, distances = _near(queryset, origin, radius, errors)
    events = list(with_sites(queryset).order_by("starts_at", "pk"))
    grid = []
    for week in weeks:
        row = []
        for day in week:
            day_start = dt.datetime.combine(day, dt.time(0), tzinfo=PARIS)
            day_end = day_start + dt.timedelta(days=1)
            row.append(
                Day(
                    date=day,
                    in_month=day.month == first.month,
                    events=[e for e in events if e.starts_at < day_end and e.ends_at > day_start],
                )
            )
        grid.append(row)
    result = AgendaResult(
        form=form, events=events, errors=errors, origin=origin if origin and origin.found else None, distances=distances
    )
    return result, grid


def past(page_number: Any, *, now: dt.datetime) -> Page:
    """Past events, newest first, with how many contributions each has published."""
    queryset = with_sites(past_events(now=now)).annotate(
        published_contributions=Count("contributions", filter=Q(contributions__status=ContributionStatus.PUBLISHED))
    )
    return Paginator(queryset.order_by("-starts_at", "pk"), PAGE_SIZE).get_page(page_number)
