"""The waiting list of a resource: someone who found a slot full asks to be told when it frees.

An entry keeps the request as the booking form had it (a day or a half-day, a period, a meeting room's hours), so
that accepting an offer books exactly that. When seats free (a cancellation, a refusal) or every few minutes
(`offer_waiting_list`), the first in line whose every slot is free gets a time-limited offer by e-mail
(solozere.core.waiting_list, the rule events share); while it runs, the offer holds its seat: nobody else may book
it (services.booking_request counts it as taken). An offer that lapses takes the entry out of line; the seat goes
to the next."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def request_key(
    *, start_date: dt.date, end_date: dt.date | None, half: str, start_hour: int | None, end_hour: int | None
) -> str:
    end = end_date or start_date
    hours = "" if start_hour is None else f"{start_hour}-{end_hour}"
    return f"{start_date.isoformat()}/{end.isoformat()}/{half}/{hours}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("en attente")
    OFFERED = "offered", _("place proposée")
    BOOKED = "booked", _("réservée")
    LAPSED = "lapsed", _("proposition expirée")
    LEFT = "left", _("sortie de la liste")
    TOO_LATE = "too_late", _("créneau passé")


# The entries still in line: waiting, or with an offer running (or lapsed and not yet swept).
IN_LINE = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


class WaitlistEntry(models.Model):
    resource = models.ForeignKey(
        "bookings.Resource", verbose_name=_("ressource"), on_delete=models.CASCADE, related_name="waitlist"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="waitlist"
    )
    # The request, as booking_request takes it.
    start_date = models.DateField(_("jour"))
    end_date = models.DateField(_("dernier jour"), null=True, blank=True)
    half = models.CharField(_("demi-journée"), max_length=2, blank=True)
    start_hour = models.PositiveSmallIntegerField(_("de"), null=True, blank=True)
    end_hour = models.PositiveSmallIntegerField(_("à"), null=True, blank=True)
    # The request in one string ("2026-12-03/2026-12-03/am//"), so that the database refuses the same request twice
    # in line on SQLite and PostgreSQL alike (their unique indexes treat NULLs alike only without NULLs).
    request_key = models.CharField(max_length=40, editable=False)
    note = models.CharField(_("message au lieu"), max_length=500, blank=True)
    # The start of its first slot: an offer never runs past it (minus the resource's notice).
    starts_at = models.DateTimeField(_("début"), db_index=True)
    status = models.CharField(
        _("état"), max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING, db_index=True
    )
    offered_at = models.DateTimeField(_("proposée le"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("proposition valable jusqu'au"), null=True, blank=True)
    # The slots an offer holds while it runs, [["2026-12-03", "am"], ...]: nobody else books them meanwhile.
    held_slots = models.JSONField(_("créneaux tenus"), default=list, blank=True)
    booking = models.ForeignKey(
        "bookings.Booking",
        verbose_name=_("réservation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("inscrite le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("inscription sur liste d'attente")
        verbose_name_plural = _("inscriptions sur liste d'attente")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "person", "request_key"],
                condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_once_per_request",
                violation_error_message=_("Vous êtes déjà sur la liste d'attente pour ce créneau."),
            ),
        ]
        indexes = [models.Index(fields=["resource", "status"], name="waitlist_resource_status")]

    def __str__(self) -> str:
        return f"{self.resource_id} — {self.person_id} — {self.start_date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.request_key = request_key(**self.request_arguments)  # type: ignore[arg-type]
        super().save(*args, **kwargs)

    @property
    def request_arguments(self) -> dict[str, object]:
        return {
            "start_date": self.start_date,
            "end_date": self.end_date,
            "half": self.half,
            "start_hour": self.start_hour,
            "end_hour": self.end_hour,
        }
