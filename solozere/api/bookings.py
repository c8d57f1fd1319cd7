"""Bookings in the API: the free units of a place's slots (public), and a person's own bookings (list, book,
cancel) for a program holding their personal token or for the site's pages with the session (solozere.api.auth).

Nothing here decides anything: the slots come from bookings.availability (the same days and slots as the booking
page), a booking is made and cancelled by the bookings services, exactly as the pages do, and their French refusals
are sent as they are (409)."""

import datetime as dt
import re
from collections import defaultdict
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, Path, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from solozere.accounts.models import User
from solozere.api.auth import PERSONAL
from solozere.api.errors import error_body
from solozere.api.schemas import CodeLabel, error_responses
from solozere.bookings import availability
from solozere.bookings.models import Booking, BookingSlot, Resource, ResourceKind
from solozere.bookings.selectors import bookable_resources, booking_of, bookings_of
from solozere.bookings.services import (
    BookingError,
    booking_cancel,
    booking_request,
    booking_when,
    closures_of,
    may_book,
)
from solozere.bookings.workflow import ACTIVE_STATES
from solozere.places.models import NetworkStatus, Place

router = Router()

# The availability of at most this many days at once (a month), from at most a year before or after today.
MAX_DAYS = 31
DEFAULT_DAYS = 14  # as the booking page shows
FARTHEST_DAYS = 366
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Shapes ---------------------------------------------------------------------------------------------------------
def _iso_date(value: Any) -> Any:
    """A date in a JSON body is a string YYYY-MM-DD, nothing else (pydantic would also read a number as a
    timestamp, which the document does not promise)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a date YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _json_int(value: Any) -> Any:
    """A JSON integer, as JSON Schema counts them (16 and 16.0), but not a string or a boolean, which pydantic's
    lax mode would turn into one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


JsonInt = Annotated[int, BeforeValidator(_json_int)]


class PlaceRef(Schema):
    slug: str
    name: str
    url: str = Field(description="Adresse absolue de la fiche du lieu sur le site.")


class AvailableSlot(Schema):
    code: str = Field(description="`am` (matin), `pm` (après-midi) ou l'heure de début d'une salle (`09`).")
    label: str = Field(description="Le créneau en français, par exemple « matin (9 h\u201312 h) ».")
    starts_at: dt.datetime = Field(description="Début, heure de Paris avec son décalage (+01:00 ou +02:00).")
    ends_at: dt.datetime = Field(description="Fin, heure de Paris avec son décalage.")
    free: int = Field(description="Unités encore libres sur ce créneau (0 : complet).")


class AvailableDay(Schema):
    date: dt.date
    open: bool = Field(description="Faux quand rien ne se réserve ce jour-là (voir `closed_reason`).")
    closed_reason: str | None = Field(
        description=(
            "Pourquoi le jour est fermé, en français : fermeture du lieu et son motif, jour férié, lieu fermé ce "
            "jour-là selon ses horaires ; null un jour ouvert."
        )
    )
    slots: list[AvailableSlot]


class ResourceAvailability(Schema):
    id: int = Field(description="À donner dans `resource` pour réserver (`POST /api/v1/bookings`).")
    name: str
    kind: CodeLabel = Field(description="`desk_pool` (postes partagés), `office` (bureau), `meeting_room` (salle).")
    capacity: int = Field(description="Nombre d'unités identiques (postes) ; 1 pour un bureau ou une salle.")
    granularity: Literal["half_day", "hour"] = Field(
        description="`half_day` : par demi-journée (postes, bureaux) ; `hour` : à l'heure (salles de réunion)."
    )
    requires_approval: bool = Field(description="Vrai si les gestionnaires du lieu valident chaque réservation.")
    who_may_book: CodeLabel = Field(description="`network` (membres actifs du réseau) ou `list` (liste du lieu).")
    price: str | None = Field(description="Tarif en clair ; rien n'est payé en ligne.")
    book_url: str = Field(description="Adresse absolue de la page de réservation sur le site.")
    days: list[AvailableDay]


class AvailabilityOut(Schema):
    place: PlaceRef
    start_date: dt.date = Field(description="Premier jour (paramètre `from`).")
    end_date: dt.date = Field(description="Dernier jour, compris (paramètre `to`).")
    resources: list[ResourceAvailability] = Field(description="Les ressources réservables du lieu (vide : aucune).")


class ResourceRef(Schema):
    id: int
    name: str
    kind: CodeLabel


class BookedSlot(Schema):
    date: dt.date
    code: str
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class BookingLinks(Schema):
    page: str = Field(description="La réservation sur le site.")
    place: str = Field(description="La fiche du lieu sur le site.")
    cancel: str | None = Field(description="`POST` sur cette adresse pour annuler ; null si elle ne s'annule plus.")


class BookingOut(Schema):
    id: int
    resource: ResourceRef
    place: PlaceRef
    status: CodeLabel = Field(
        description="`requested` (à valider), `confirmed`, `refused`, `cancelled`, `no_show`, `done`."
    )
    mode: CodeLabel = Field(description="`half_day`, `day`, `period` ou `hours`.")
    when: str = Field(description="Quand, en français : « jeudi 3 décembre 2026, matin (9 h\u201312 h) ».")
    starts_at: dt.datetime = Field(description="Début, heure de Paris avec son décalage.")
    ends_at: dt.datetime = Field(description="Fin, heure de Paris avec son décalage.")
    slots: list[BookedSlot] = Field(description="Les créneaux tenus (vide une fois refusée ou annulée).")
    note: str = Field(description="Le message laissé au lieu.")
    decision_reason: str = Field(description="Le motif du lieu, quand il a refusé ou annulé.")
    may_cancel: bool = Field(description="Vrai si la personne peut encore l'annuler elle-même.")
    links: BookingLinks


class BookingList(Schema):
    upcoming: list[BookingOut] = Field(description="À venir ou en cours, la plus proche d'abord.")
    past: list[BookingOut] = Field(description="Passées, la plus récente d'abord (les 100 dernières).")


class BookingIn(Schema):
    resource: int = Field(
        description="Identifiant de la ressource (`resources[].id` de la disponibilité).", strict=True
    )
    start_date: IsoDate = Field(description="Le jour, ou le premier jour d'une période (AAAA-MM-JJ).")
    end_date: IsoDate | None = Field(
        None, description="Poste ou bureau : dernier jour d'une période (tous les jours ouverts, compris)."
    )
    half: Literal["am", "pm"] | None = Field(
        None, description="Poste ou bureau : `am` (matin) ou `pm` (après-midi) ; absent pour la journée."
    )
    # The bounds inside the type, so that the document shows them on the integer, not beside the null.
    start_hour: Annotated[int, Field(ge=0, le=23), BeforeValidator(_json_int)] | None = Field(
        None, description="Salle de réunion : heure de début (0 à 23)."
    )
    end_hour: Annotated[int, Field(ge=1, le=24), BeforeValidator(_json_int)] | None = Field(
        None, description="Salle de réunion : heure de fin (1 à 24)."
    )
    note: str = Field("", max_length=500, description="Message pour le lieu.")


# --- Availability (public) ---------------------------------------------------------------------------------------
def _query_date(request: HttpRequest, name: str) -> tuple[dt.date | None, str]:
    values = request.GET.getlist(name)
    if not values or values == [""]:
        return None, ""
    if len(values) > 1:
        return None, _("« %(field)s » ne peut être donné qu'une fois.") % {"field": name}
    value = values[0].strip()
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value), ""
    except ValueError:
        return None, _("« %(field)s » doit être une date au format AAAA-MM-JJ, par exemple 2026-12-03.") % {
            "field": name
        }


def _range(request: HttpRequest) -> tuple[dt.date, dt.date, list[str]]:
    today = timezone.localdate()
    start, start_error = _query_date(request, "from")
    end, end_error = _query_date(request, "to")
    errors = [message for message in (start_error, end_error) if message]
    start = start or today
    end = end or start + dt.timedelta(days=DEFAULT_DAYS - 1)
    if errors:
        return start, end, errors
    if abs((start - today).days) > FARTHEST_DAYS:
        errors.append(_("« from » doit être à moins d'un an d'aujourd'hui, avant ou après."))
    if end < start:
        errors.append(_("« to » est avant « from » : le dernier jour vient après le premier."))
    elif (end - start).days + 1 > MAX_DAYS:
        errors.append(
            _("Au plus %(max)s jours à la fois : vous en demandez %(count)s.")
            % {"max": MAX_DAYS, "count": (end - start).days + 1}
        )
    return start, end, errors


def _date_param(name: str, description: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": False, "schema": {"type": "string", "format": "date"}} | {
        "description": description
    }


def _place_ref(request: HttpRequest, place: Place) -> dict[str, Any]:
    return {"slug": place.slug, "name": place.name, "url": request.build_absolute_uri(place.get_absolute_url())}


def _code_label(code: str, label: Any) -> dict[str, str]:
    return {"code": code, "label": str(label)}


@router.get(
    "/places/{slug}/availability",
    url_name="place_availability",
    operation_id="place_availability",
    response={200: AvailabilityOut, **error_responses(400, 404)},
    summary="Disponibilités d'un lieu",
    description=(
        "Pour chaque ressource réservable du lieu, chaque jour de `from` à `to` (compris, 31 jours au plus, "
        f"{DEFAULT_DAYS} jours à partir d'aujourd'hui par défaut) : ses créneaux ouverts (demi-journées pour les "
        "postes et bureaux, heures pour les salles de réunion) et le nombre d'unités encore libres. Les heures "
        "sont celles de Paris, avec leur décalage, justes au passage à l'heure d'été et d'hiver (l'heure qui "
        "n'existe pas n'est pas un créneau). **Les jours fermés sont listés**, sans créneau, avec leur motif "
        "(`closed_reason` : fermeture du lieu, jour férié, horaires). Sans compte. Un lieu inconnu ou fermé "
        "définitivement : 404 ; des dates invalides : 400 avec les messages en français."
    ),
    openapi_extra={
        "parameters": [
            _date_param("from", "Premier jour (AAAA-MM-JJ), à moins d'un an d'aujourd'hui ; aujourd'hui par défaut."),
            _date_param("to", f"Dernier jour, compris (AAAA-MM-JJ) ; {DEFAULT_DAYS} jours en tout par défaut."),
        ]
    },
)
def place_availability(
    request: HttpRequest, slug: Annotated[str, Path(description="Identifiant d'URL du lieu (`slug`).")]
) -> Status[dict[str, Any]]:
    with translation.override(settings.LANGUAGE_CODE):
        place = Place.objects.exclude(status=NetworkStatus.CLOSED).filter(slug=slug).first()
        if place is None:
            return Status(404, error_body(_("Aucun lieu du réseau n'a cet identifiant.")))
        start, end, errors = _range(request)
        if errors:
            return Status(400, error_body(_("Les dates demandées sont invalides."), errors=errors))
        resources = bookable_resources(place)
        closures = closures_of(place, start, end)
        # Every seat row counts, as for the booking service (which refuses a held unit whatever the booking's
        # state): the free units are the ones a request would get.
        taken: dict[tuple[int, dt.date, str], int] = defaultdict(int)
        rows = (
            BookingSlot.objects.filter(resource__in=[r.pk for r in resources], day__gte=start, day__lte=end)
            .values("resource_id", "day", "code")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in rows:
            taken[(row["resource_id"], row["day"], row["code"])] = row["count"]
        return Status(
            200,
            {
                "place": _place_ref(request, place),
                "start_date": start,
                "end_date": end,
                "resources": [
                    _resource_days(request, place, resource, start, end, closures, taken) for resource in resources
                ],
            },
        )


def _resource_days(
    request: HttpRequest,
    place: Place,
    resource: Resource,
    start: dt.date,
    end: dt.date,
    closures: list[availability.ClosureSpan],
    taken: dict[tuple[int, dt.date, str], int],
) -> dict[str, Any]:
    plans = availability.days(
        expression=place.opening_hours,
        start=start,
        end=end,
        closures=closures,
        granularity=resource.granularity,
    )
    return {
        "id": resource.pk,
        "name": resource.name,
        "kind": _code_label(resource.kind, resource.get_kind_display()),
        "capacity": resource.capacity,
        "granularity": "hour" if resource.granularity == availability.BY_HOUR else "half_day",
        "requires_approval": resource.requires_approval,
        "who_may_book": _code_label(resource.who_may_book, resource.get_who_may_book_display()),
        "price": resource.price or None,
        "book_url": request.build_absolute_uri(reverse("bookings:book", args=[place.slug, resource.pk])),
        "days": [
            {
                "date": plan.day,
                "open": plan.is_open,
                "closed_reason": None if plan.is_open else (plan.closed_reason or None),
                "slots": [
                    {
                        "code": slot.code,
                        "label": slot.label,
                        # A wall-clock end that does not exist (02:00 when summer time begins) is written as the
                        # moment it is (03:00+02:00).
                        "starts_at": _paris(slot.starts_at),
                        "ends_at": _paris(slot.ends_at),
                        "free": max(resource.capacity - taken.get((resource.pk, slot.day, slot.code), 0), 0),
                    }
                    for slot in plan.slots
                ],
            }
            for plan in plans
        ],
    }


# --- The person's bookings ----------------------------------------------------------------------------------------
def _paris(moment: dt.datetime) -> dt.datetime:
    # Through UTC: astimezone() to the zone a datetime already has returns it untouched, even a wall-clock time
    # that does not exist.
    return moment.astimezone(dt.UTC).astimezone(availability.PARIS)


def _may_cancel(booking: Booking, now: dt.datetime) -> bool:
    # The rule of the booking's own page (bookings.views.mine_detail).
    return booking.status in ACTIVE_STATES and availability.may_cancel(
        starts_at=booking.starts_at, deadline=booking.resource.rules.cancellation_deadline, now=now
    )


def _slots_of(bookings: list[Booking]) -> dict[int, list[BookingSlot]]:
    """The slots of every booking listed, in one query."""
    slots: dict[int, list[BookingSlot]] = defaultdict(list)
    for row in BookingSlot.objects.filter(booking__in=[b.pk for b in bookings]).order_by("day", "code", "pk"):
        slots[row.booking_id].append(row)
    return slots


def _booking_out(request: HttpRequest, booking: Booking, slots: list[BookingSlot], now: dt.datetime) -> dict[str, Any]:
    resource = booking.resource
    place = resource.place
    may_cancel = _may_cancel(booking, now)
    return {
        "id": booking.pk,
        "resource": {
            "id": resource.pk,
            "name": resource.name,
            "kind": _code_label(resource.kind, resource.get_kind_display()),
        },
        "place": _place_ref(request, place),
        "status": _code_label(booking.status, booking.get_status_display()),
        "mode": _code_label(booking.mode, booking.get_mode_display()),
        "when": booking_when(booking),
        "starts_at": _paris(booking.starts_at),
        "ends_at": _paris(booking.ends_at),
        "slots": [
            {
                "date": row.day,
                "code": row.code,
                "label": availability.Slot(
                    day=row.day, code=row.code, starts_at=row.starts_at, ends_at=row.ends_at
                ).label,
                "starts_at": _paris(row.starts_at),
                "ends_at": _paris(row.ends_at),
            }
            for row in slots
        ],
        "note": booking.note,
        "decision_reason": booking.decision_reason,
        "may_cancel": may_cancel,
        "links": {
            "page": request.build_absolute_uri(reverse("bookings:mine_detail", args=[booking.pk])),
            "place": request.build_absolute_uri(place.get_absolute_url()),
            "cancel": request.build_absolute_uri(reverse("api:cancel_booking", kwargs={"id": booking.pk}))
            if may_cancel
            else None,
        },
    }


def _one(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return _booking_out(request, booking, _slots_of([booking])[booking.pk], timezone.now())


@router.get(
    "/bookings",
    url_name="bookings",
    operation_id="list_bookings",
    auth=PERSONAL,
    response={200: BookingList, **error_responses(401)},
    summary="Mes réservations",
    description=(
        "Les réservations de la personne authentifiée (jeton d'API personnel, ou session du site) : à venir, "
        "puis passées (les 100 dernières), avec leurs créneaux, leur état et si elle peut encore les annuler."
    ),
)
@decorate_view(never_cache)
def list_bookings(request: HttpRequest) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    with translation.override(settings.LANGUAGE_CODE):
        now = timezone.now()
        upcoming, past = bookings_of(user, now=now)
        slots = _slots_of(upcoming + past)
        return {
            "upcoming": [_booking_out(request, booking, slots[booking.pk], now) for booking in upcoming],
            "past": [_booking_out(request, booking, slots[booking.pk], now) for booking in past],
        }


@router.post(
    "/bookings",
    operation_id="create_booking",
    auth=PERSONAL,
    response={201: BookingOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Réserver",
    description=(
        "Réserve une ressource au nom de la personne authentifiée, comme la page « Réserver » du site, avec les "
        "mêmes règles. Un poste ou un bureau : `start_date` seul (la journée), avec `half` (`am` ou `pm`) pour "
        "une demi-journée, ou avec `end_date` pour une période (tous les jours ouverts entre les deux). Une salle "
        "de réunion : `start_date`, `start_hour` et `end_hour`. Confirmée aussitôt, ou en attente de validation "
        "si le lieu valide les réservations (`status`). La personne doit pouvoir réserver cette ressource (membre "
        "actif du réseau, ou inscrite sur la liste du lieu) : sinon 403 ; une demande que les règles refusent "
        "(créneau complet, lieu fermé, délai, durée...) : 409, avec la raison en français."
    ),
)
def create_booking(request: HttpRequest, payload: BookingIn) -> Status[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    with translation.override(settings.LANGUAGE_CODE):
        resource = (
            Resource.objects.select_related("place")
            .exclude(place__status=NetworkStatus.CLOSED)
            .filter(pk=payload.resource, is_active=True)
            .first()
        )
        if resource is None:
            return Status(404, error_body(_("Aucune ressource réservable n'a cet identifiant.")))
        refusal = may_book(user, resource)
        if refusal:
            return Status(403, error_body(refusal))
        errors = _misplaced_fields(resource, payload)
        if errors:
            return Status(400, error_body(_("La demande ne convient pas à cette ressource."), errors=errors))
        try:
            booking = booking_request(
                actor=user,
                resource=resource,
                start_date=payload.start_date,
                end_date=payload.end_date,
                half=payload.half or "",
                start_hour=payload.start_hour,
                end_hour=payload.end_hour,
                note=payload.note,
            )
        except BookingError as error:
            return Status(409, error_body(error.message))
        return Status(201, _one(request, booking))


def _misplaced_fields(resource: Resource, payload: BookingIn) -> list[str]:
    """Fields for another kind of resource, and dates too far off to mean anything. The rest is the service's."""
    errors = []
    if resource.kind == ResourceKind.MEETING_ROOM:
        if payload.half:
            errors.append(_("« half » ne vaut que pour un poste ou un bureau : une salle se réserve à l'heure."))
    elif payload.start_hour is not None or payload.end_hour is not None:
        errors.append(
            _(
                "« start_hour » et « end_hour » ne valent que pour une salle de réunion : donnez « half » ou « end_date »."
            )
        )
    today = timezone.localdate()
    for name, day in (("start_date", payload.start_date), ("end_date", payload.end_date)):
        if day is not None and abs((day - today).days) > 2 * FARTHEST_DAYS:
            errors.append(_("« %(field)s » est à plus de deux ans d'aujourd'hui.") % {"field": name})
    return errors


@router.post(
    "/bookings/{id}/cancel",
    url_name="cancel_booking",
    operation_id="cancel_booking",
    auth=PERSONAL,
    response={200: BookingOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Annuler une de mes réservations",
    description=(
        "Annule une réservation de la personne authentifiée, dans le délai d'annulation de la ressource (comme "
        "le bouton « Annuler » du site) : les créneaux sont rendus au lieu, qui est prévenu. La réservation de "
        "quelqu'un d'autre : 404. Trop tard, ou déjà annulée : 409, avec la raison en français."
    ),
)
def cancel_booking(
    request: HttpRequest,
    id: Annotated[int, Path(description="Identifiant de la réservation (`id` dans `/api/v1/bookings`).")],
) -> Status[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    with translation.override(settings.LANGUAGE_CODE):
        try:
            booking = booking_of(user, id)
        except Booking.DoesNotExist:
            return Status(404, error_body(_("Vous n'avez aucune réservation avec cet identifiant.")))
        try:
            cancellation = booking_cancel(actor=user, booking=booking)
        except BookingError as error:
            return Status(409, error_body(error.message))
        return Status(200, _one(request, cancellation.booking))
