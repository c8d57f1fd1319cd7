"""Events of the network, where they happen (one or several sites, each with its own capacity and list), their
registrations, questions, contributions and satisfaction survey.

A seat is never given twice: a registration that holds a seat (registered, or offered from the waiting list) has
a seat number of its site under a unique constraint, chosen under the site's lock among 1..capacity, so that the
database itself refuses a second holder, on SQLite and PostgreSQL alike (ADR 0001), as bookings do."""

import secrets
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from solozere.core.models import TransitionLog
from solozere.core.private_storage import private_storage
from solozere.events.workflow import (
    LIVE_STATES,
    ContributionStatus,
    EventStatus,
    RegistrationStatus,
)
from solozere.organisations.models import Organisation
from solozere.places.models import Place
from solozere.territory.models import Commune

MAX_CAPACITY = 5000


def new_token() -> str:
    return secrets.token_urlsafe(32)


def contribution_upload_to(instance: Any, filename: str) -> str:
    # The name given is kept in the database (file_name), never in the path.
    return f"events/{instance.event_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class EventKind(models.TextChoices):
    MEETING = "rencontre", _("Rencontre")
    WORKSHOP = "atelier", _("Atelier")
    BREAKFAST = "petit_dejeuner", _("Petit-déjeuner")
    VISIT = "visite", _("Visite")
    WEBINAR = "webinaire", _("Webinaire")
    OTHER = "autre", _("Autre")


class EventSeries(models.Model):
    """A series (a monthly breakfast): its recurrence rule made the occurrences, each an Event editable or
    cancellable alone. The rule is kept to say what the series is, not re-applied behind the organiser's back."""

    title = models.CharField(_("titre"), max_length=200)
    rule = models.CharField(_("règle de récurrence (RFC 5545)"), max_length=200)
    rule_label = models.CharField(_("récurrence"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("série d'événements")
        verbose_name_plural = _("séries d'événements")

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices, default=EventKind.MEETING)
    summary = models.CharField(_("en une phrase"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(_("état"), max_length=10, choices=EventStatus.choices, default="", blank=True)
    # Who organises: the network's staff (neither field), a place's managers, and/or partner organisations' agents.
    organiser_place = models.ForeignKey(
        Place,
        verbose_name=_("lieu organisateur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("structures organisatrices"), blank=True, related_name="events"
    )
    organiser_label = models.CharField(
        _("organisé par (en clair)"),
        max_length=200,
        blank=True,
        help_text=_("Laissez vide pour l'équipe du réseau, le lieu ou les structures choisis."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    contributions_open = models.BooleanField(
        _("appel à contributions ouvert"),
        default=False,
        help_text=_("Chacun peut proposer une intervention ou un atelier jusqu'au début de l'événement."),
    )
    # For an event of the past told honestly (the 2011 rencontres): its month only when the day is not known, and
    # what is known instead of a list of registrants.
    date_known_to_month_only = models.BooleanField(_("seul le mois est connu"), default=False)
    attendance_note = models.CharField(_("participation"), max_length=200, blank=True)
    contributions_note = models.TextField(_("à propos des contributions"), blank=True)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("série"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    is_demo = models.BooleanField(_("démonstration"), default=False)
    # Grows at every change a registrant should see (time, place, cancellation): the SEQUENCE of its .ics.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("La fin de l'événement doit venir après son début."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse  # noqa: PLC0415 - models are imported before the URLconf

        return reverse("events:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.HELD)


class SiteKind(models.TextChoices):
    PLACE = "place", _("Un lieu du réseau")
    ADDRESS = "address", _("Une adresse")
    ONLINE = "online", _("En ligne")


class EventSite(models.Model):
    """Where an event happens: a place of the network, an address, or online; each with its capacity and list."""

    event = models.ForeignKey(Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="sites")
    kind = models.CharField(_("où"), max_length=8, choices=SiteKind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.PROTECT, related_name="event_sites"
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    online_url = models.URLField(
        _("lien de connexion"), max_length=500, blank=True, help_text=_("Envoyé aux seules personnes inscrites.")
    )
    capacity = models.PositiveIntegerField(_("nombre de places"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("site d'un événement")
        verbose_name_plural = _("sites des événements")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="event_site_capacity_range",
                violation_error_message=_("Le nombre de places va de 1 à 5 000."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="place", place__isnull=False) | ~Q(kind="place")),
                name="event_site_place_has_place",
                violation_error_message=_("Choisissez le lieu du réseau."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="online") & ~Q(online_url="")) | ~Q(kind="online"),
                name="event_site_online_has_link",
                violation_error_message=_("Donnez le lien de connexion."),
            ),
            models.UniqueConstraint(
                fields=["event", "place"],
                condition=Q(place__isnull=False),
                name="event_site_place_once",
                violation_error_message=_("Ce lieu est déjà un site de l'événement."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == SiteKind.PLACE and self.place is not None:
            return self.place.name
        if self.kind == SiteKind.ONLINE:
            return str(_("En ligne"))
        return self.address or (self.commune.name if self.commune else "")

    @property
    def location_commune(self) -> Commune | None:
        if self.kind == SiteKind.PLACE and self.place is not None:
            return self.place.commune
        return self.commune


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Texte libre")
    CHOICE = "choice", _("Choix dans une liste")
    YES_NO = "yes_no", _("Oui ou non")


class Question(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("type de réponse"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("choix possibles"), blank=True, help_text=_("Un choix par ligne."))
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("question aux inscrits")
        verbose_name_plural = _("questions aux inscrits")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    site = models.ForeignKey(EventSite, verbose_name=_("site"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    # Kept for a visitor without an account, copied for a member (the list and the e-mails read it).
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    status = models.CharField(
        _("état"), max_length=10, choices=RegistrationStatus.choices, default="", blank=True, db_index=True
    )
    seat = models.PositiveIntegerField(_("place n°"), null=True, blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    # The private link of a registration: a visitor confirms, reads, cancels and accepts an offer through it.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("proposition valable jusqu'au"), null=True, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    survey_sent_at = models.DateTimeField(_("questionnaire envoyé le"), null=True, blank=True)
    purged_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "seat"],
                condition=Q(seat__isnull=False),
                name="registration_seat_once",
                violation_error_message=_("Cette place vient d'être prise par quelqu'un d'autre."),
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=LIVE_STATES) & ~Q(email=""),
                name="registration_once_per_event",
                violation_error_message=_("Vous êtes déjà inscrit à cet événement."),
            ),
            models.CheckConstraint(
                condition=Q(seat__isnull=True) | Q(status__in=("registered", "offered")),
                name="registration_seat_only_when_held",
                violation_error_message=_("Seule une inscription confirmée ou une place proposée tient une place."),
            ),
        ]
        indexes = [models.Index(fields=["site", "status"], name="registration_site_status")]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class RegistrationLog(TransitionLog):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=RegistrationStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=RegistrationStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d'une inscription")
        verbose_name_plural = _("étapes des inscriptions")


class EventLog(TransitionLog):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=EventStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=EventStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d'un événement")
        verbose_name_plural = _("étapes des événements")


class ContributionKind(models.TextChoices):
    TALK = "talk", _("Intervention")
    WORKSHOP = "workshop", _("Atelier")
    SLIDES = "slides", _("Support de présentation")
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Vidéo")
    NOTES = "notes", _("Compte rendu")


class Contribution(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contributions")
    status = models.CharField(_("état"), max_length=10, choices=ContributionStatus.choices, default="", blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.TALK)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), blank=True)
    speaker = models.CharField(_("intervenant(e)s"), max_length=200, blank=True)
    organisation_name = models.CharField(_("structure"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_contributions",
    )
    # What it leaves behind: a document (checked by content, private storage, served by a view), a link, notes.
    file = models.FileField(
        _("document"), storage=private_storage, upload_to=contribution_upload_to, max_length=255, blank=True
    )
    file_type = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    link = models.URLField(_("lien (vidéo, page)"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    licence = models.CharField(_("licence"), max_length=40, blank=True)
    decision_reason = models.TextField(_("motif"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["event", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ContributionLog(TransitionLog):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=ContributionStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=ContributionStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d'une contribution")
        verbose_name_plural = _("étapes des contributions")


class SurveyResponse(models.Model):
    """The short satisfaction survey of a person who came (one answer per registration)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="survey_response")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="survey_responses")
    rating = models.PositiveSmallIntegerField(_("note"))
    useful = models.BooleanField(_("utile pour vous"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("répondu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="survey_rating_range",
                violation_error_message=_("La note va de 1 à 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} : {self.rating}/5"
