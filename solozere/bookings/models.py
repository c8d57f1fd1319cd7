"""Bookable resources of the places, their closures, bookings and the seats they hold.

A seat is never given twice: every booked (resource, unit, day, slot) is one BookingSlot row under a unique
constraint, so that the database itself refuses a second booking of the same desk, on SQLite and PostgreSQL alike
(ADR 0001); the service also locks the resource row and re-checks under the lock."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from solozere.bookings import availability
from solozere.bookings.workflow import ACTIVE_STATES, BookingStatus
from solozere.core.models import TransitionLog
from solozere.places.models import Place


class ResourceKind(models.TextChoices):
    DESK_POOL = "desk_pool", _("Postes en espace partagé")
    OFFICE = "office", _("Bureau privatif")
    MEETING_ROOM = "meeting_room", _("Salle de réunion")


class WhoMayBook(models.TextChoices):
    NETWORK = "network", _("Tout membre actif du réseau")
    LIST = "list", _("Seulement les personnes de la liste du lieu")


class Resource(models.Model):
    place = models.ForeignKey(Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("type"), max_length=12, choices=ResourceKind.choices)
    name = models.CharField(_("nom"), max_length=120, help_text=_("Par exemple : open space du rez-de-chaussée."))
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("nombre d'unités"),
        default=1,
        help_text=_("Le nombre de postes identiques du groupe ; un bureau ou une salle compte pour un."),
    )
    who_may_book = models.CharField(
        _("qui peut réserver"), max_length=8, choices=WhoMayBook.choices, default=WhoMayBook.NETWORK
    )
    allowed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("liste du lieu"),
        related_name="bookable_resources",
        blank=True,
    )
    min_notice_hours = models.PositiveIntegerField(
        _("délai minimum (heures)"), default=0, help_text=_("Combien d'heures avant le début on peut encore réserver.")
    )
    longest_stay_days = models.PositiveSmallIntegerField(
        _("durée maximale (jours)"),
        default=1,
        help_text=_("Du premier au dernier jour d'une réservation, les deux compris."),
    )
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("délai d'annulation (heures)"),
        default=0,
        help_text=_("Jusqu'à combien d'heures avant le début la personne peut annuler elle-même."),
    )
    requires_approval = models.BooleanField(
        _("validation par un gestionnaire"),
        default=False,
        help_text=_("Sinon, la réservation est confirmée tout de suite."),
    )
    price = models.CharField(
        _("tarif"),
        max_length=200,
        blank=True,
        help_text=_("En clair, par exemple : 10 € la journée. Rien n'est payé en ligne : le lieu facture."),
    )
    is_active = models.BooleanField(_("réservable"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("ressource réservable")
        verbose_name_plural = _("ressources réservables")
        ordering = ["place", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=200),
                name="resource_capacity_range",
                violation_error_message=_("Le nombre d'unités va de 1 à 200."),
            ),
            models.CheckConstraint(
                condition=Q(kind="desk_pool") | Q(capacity=1),
                name="resource_single_unit",
                violation_error_message=_("Un bureau privatif ou une salle de réunion compte pour une seule unité."),
            ),
            models.CheckConstraint(
                condition=Q(longest_stay_days__gte=1, longest_stay_days__lte=availability.LONGEST_PERIOD_DAYS),
                name="resource_longest_stay_range",
                violation_error_message=_("La durée maximale va de 1 à 366 jours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"

    @property
    def granularity(self) -> str:
        return availability.BY_HOUR if self.kind == ResourceKind.MEETING_ROOM else availability.BY_HALF_DAY

    @property
    def rules(self) -> availability.Rules:
        return availability.Rules(
            granularity=self.granularity,
            min_notice=dt.timedelta(hours=self.min_notice_hours),
            longest_stay_days=1 if self.kind == ResourceKind.MEETING_ROOM else self.longest_stay_days,
            cancellation_deadline=dt.timedelta(hours=self.cancellation_deadline_hours),
        )


class Closure(models.Model):
    place = models.ForeignKey(Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (compris)"))
    reason = models.CharField(_("motif"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="closure_dates_in_order",
                violation_error_message=_("La fin de la fermeture est avant son début."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} : {self.start_date} \u2013 {self.end_date}"

    @property
    def span(self) -> availability.ClosureSpan:
        return availability.ClosureSpan(start=self.start_date, end=self.end_date, reason=self.reason)


class BookingMode(models.TextChoices):
    HALF_DAY = "half_day", _("demi-journée")
    DAY = "day", _("journée")
    PERIOD = "period", _("période")
    HOURS = "hours", _("heures")


class Booking(models.Model):
    resource = models.ForeignKey(
        Resource, verbose_name=_("ressource"), on_delete=models.CASCADE, related_name="bookings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=BookingStatus.choices, default="", blank=True, db_index=True
    )
    mode = models.CharField(_("durée"), max_length=8, choices=BookingMode.choices)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    slot_count = models.PositiveSmallIntegerField(_("créneaux"), default=0)
    note = models.CharField(_("message au lieu"), max_length=500, blank=True)
    decision_reason = models.TextField(_("motif"), blank=True)
    # When the reminder of the day before left (send_booking_reminders): one reminder per booking.
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The avoided commute, recorded when the booking is confirmed like a check-in's (services_presence): the
    # round trip of each of its days that no check-in or other booking of the person already counts.
    commute_days = models.PositiveSmallIntegerField(_("jours de trajet évité"), default=0)
    avoided_km = models.DecimalField(
        _("trajet évité (km, aller-retour)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    avoided_co2_kg = models.DecimalField(_("CO₂ évité (kg)"), max_digits=9, decimal_places=2, null=True, blank=True)
    commute_method = models.CharField(_("méthode de calcul"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("La fin d'une réservation est après son début."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.name} — {self.starts_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES


class BookingSlot(models.Model):
    """One unit of a resource held for one slot by one active booking (requested or confirmed; kept when done or
    missed, deleted when refused or cancelled: that frees the seat)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    unit = models.PositiveSmallIntegerField(_("unité"))
    day = models.DateField(_("jour"))
    code = models.CharField(_("créneau"), max_length=2)  # "am", "pm" or the hour "09"
    # Copied from the booking so that the database also refuses one person two seats at the same half-day.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_seat = models.BooleanField(default=True)  # a desk or an office; a meeting room is not a seat
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))

    class Meta:
        verbose_name = _("créneau réservé")
        verbose_name_plural = _("créneaux réservés")
        ordering = ["day", "code", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "unit", "day", "code"],
                name="booking_slot_once",
                violation_error_message=_("Ce créneau vient d'être réservé par quelqu'un d'autre."),
            ),
            models.UniqueConstraint(
                fields=["person", "day", "code"],
                condition=Q(is_seat=True),
                name="booking_slot_one_seat_per_person",
                violation_error_message=_("Vous avez déjà une place réservée sur ce créneau."),
            ),
        ]
        indexes = [models.Index(fields=["resource", "day"], name="booking_slot_resource_day")]

    def __str__(self) -> str:
        return f"{self.resource_id} #{self.unit} {self.day} {self.code}"


class BookingEvent(TransitionLog):
    """Every transition of a booking (solozere.bookings.workflow)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=BookingStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=BookingStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d'une réservation")
        verbose_name_plural = _("étapes des réservations")


# Presence and the avoided commute live in their own module (kept apart for readability).
from solozere.bookings.models_presence import CheckIn, CommuteProfile  # noqa: E402, F401
from solozere.bookings.models_waitlist import WaitlistEntry, WaitlistStatus  # noqa: E402, F401
