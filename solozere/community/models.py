"""Teleworker members (adhésion), their consents, the directory's messages and reports."""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from solozere.community.consents import ConsentKind
from solozere.community.departments import EMPLOYER_LOCATION_CHOICES
from solozere.community.workflow import MembershipAction, MembershipState
from solozere.core.models import TransitionLog
from solozere.territory.models import Commune


class Visibility(models.TextChoices):
    """Who sees one field of a directory profile. Ordered: each level sees the ones before it."""

    PUBLIC = "public", _("tout le monde")
    MEMBERS = "members", _("les membres du réseau")
    STAFF = "staff", _("l'équipe du réseau seulement")


class TeleworkerStatus(models.TextChoices):
    EMPLOYEE = "employee", _("Salariat, en télétravail")
    FREELANCE = "freelance", _("Travail indépendant, freelance")
    BUSINESS_OWNER = "business_owner", _("Direction d'entreprise")
    JOB_SEEKER = "job_seeker", _("Recherche d'emploi")
    PROJECT = "project", _("Projet de création d'activité")
    STUDENT = "student", _("Études, formation")
    OTHER = "other", _("Autre situation")


class Sector(models.TextChoices):
    DIGITAL = "digital", _("Numérique, informatique")
    CONSULTING = "consulting", _("Conseil, gestion, finance, droit")
    COMMUNICATION = "communication", _("Communication, marketing, design")
    EDUCATION = "education", _("Enseignement, formation")
    ENGINEERING = "engineering", _("Ingénierie, industrie, recherche")
    HEALTH_SOCIAL = "health_social", _("Santé, social")
    PUBLIC_SERVICE = "public_service", _("Administration, service public")
    CULTURE = "culture", _("Culture, édition, médias")
    COMMERCE = "commerce", _("Commerce, services aux entreprises")
    ENVIRONMENT = "environment", _("Agriculture, environnement, énergie")
    TOURISM = "tourism", _("Tourisme")
    OTHER = "other", _("Autre secteur")


class TeleworkFrequency(models.TextChoices):
    FULL_TIME = "full_time", _("Tous les jours travaillés")
    MOST_DAYS = "most_days", _("3 à 4 jours par semaine")
    SOME_DAYS = "some_days", _("1 à 2 jours par semaine")
    OCCASIONAL = "occasional", _("Occasionnellement")


class TeleworkPlace(models.TextChoices):
    HOME = "home", _("À domicile")
    TIERS_LIEU = "tiers_lieu", _("Dans un tiers-lieu, télécentre ou comptoir")
    PUBLIC_PLACE = "public_place", _("Dans un lieu public (café, médiathèque…)")
    MOBILE = "mobile", _("En déplacement")
    OTHER = "other", _("Ailleurs")


# Profile fields a member shows or hides, one visibility column each (searching must respect them).
VISIBLE_FIELDS: dict[str, str | Promise] = {
    "name": _("Nom"),
    "commune": _("Commune"),
    "status": _("Situation"),
    "occupation": _("Métier"),
    "sector": _("Secteur"),
    "skills": _("Compétences"),
    "interests": _("Centres d'intérêt"),
    "bio": _("Présentation"),
}


class Tag(models.Model):
    """A skill or an interest, shared between members so that searching finds them."""

    name = models.CharField(_("libellé"), max_length=40)
    slug = models.CharField(_("clé de recherche"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: date | None = None) -> "MembershipQuerySet":
        day = on or timezone.localdate()
        return self.filter(state=MembershipState.APPROVED, valid_until__gte=day)

    def counted(self, on: date | None = None) -> "MembershipQuerySet":
        """The active members the census counts: a demo account is never one of them."""
        return self.active(on).exclude(user__is_demo=True)

    def pending(self) -> "MembershipQuerySet":
        return self.filter(state__in=[MembershipState.SUBMITTED, MembershipState.INFO_REQUESTED])


def _visibility_field(label: Any) -> models.CharField:
    return models.CharField(label, max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS)


# What a member types about themselves on the membership form, copied as is (their export, a renewal).
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "commune",
    "lives_outside_lozere",
    "outside_place",
    "status",
    "employer_location",
    "employer_country",
    "occupation",
    "sector",
    "telework_frequency",
    "telework_places",
    "bio",
    "expectations",
)


class Membership(models.Model):
    """A teleworker's membership (adhésion): the application, then the yearly membership and directory profile."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="membership"
    )
    state = models.CharField(
        _("état"), max_length=16, choices=MembershipState.choices, default=MembershipState.SUBMITTED, db_index=True
    )

    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    # The row that was typed (a commune déléguée like Javols stays Javols): it decides the 2014 canton.
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lives_outside_lozere = models.BooleanField(_("habite hors de Lozère"), default=False)
    outside_place = models.CharField(_("lieu de résidence hors Lozère"), max_length=120, blank=True)
    status = models.CharField(_("situation"), max_length=16, choices=TeleworkerStatus.choices)
    employer_location = models.CharField(
        _("département de l'employeur"), max_length=8, choices=EMPLOYER_LOCATION_CHOICES, blank=True
    )
    employer_country = models.CharField(_("pays de l'employeur"), max_length=80, blank=True)
    occupation = models.CharField(_("métier"), max_length=120)
    sector = models.CharField(_("secteur"), max_length=16, choices=Sector.choices)
    telework_frequency = models.CharField(
        _("fréquence du télétravail"), max_length=12, choices=TeleworkFrequency.choices
    )
    telework_places = models.JSONField(_("lieux de télétravail"), default=list, blank=True)
    skills = models.ManyToManyField(Tag, verbose_name=_("compétences"), blank=True, related_name="skilled")
    interests = models.ManyToManyField(Tag, verbose_name=_("centres d'intérêt"), blank=True, related_name="interested")
    bio = models.TextField(_("présentation"), max_length=1000, blank=True)
    expectations = models.TextField(_("attentes vis-à-vis du réseau"), max_length=2000, blank=True)

    name_visibility = _visibility_field(_("visibilité du nom"))
    commune_visibility = _visibility_field(_("visibilité de la commune"))
    status_visibility = _visibility_field(_("visibilité de la situation"))
    occupation_visibility = _visibility_field(_("visibilité du métier"))
    sector_visibility = _visibility_field(_("visibilité du secteur"))
    skills_visibility = _visibility_field(_("visibilité des compétences"))
    interests_visibility = _visibility_field(_("visibilité des centres d'intérêt"))
    bio_visibility = _visibility_field(_("visibilité de la présentation"))
    # Mirrors the latest directory consent (the Consent rows are the record).
    listed_in_directory = models.BooleanField(_("dans l'annuaire"), default=False)
    hidden_by_staff = models.BooleanField(_("masqué de l'annuaire par l'équipe"), default=False)

    submitted_at = models.DateTimeField(_("demande envoyée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("dernière décision le"), null=True, blank=True)
    valid_until = models.DateField(_("adhésion valable jusqu'au"), null=True, blank=True)
    renewal_reminder_sent_for = models.DateField(
        _("rappel de renouvellement envoyé pour l'échéance du"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commune__isnull=False) | models.Q(lives_outside_lozere=True),
                name="membership_has_residence",
                violation_error_message=_("Indiquez une commune de Lozère ou cochez « j'habite hors de Lozère »."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state=MembershipState.APPROVED) | models.Q(valid_until__isnull=False),
                name="membership_approved_has_end",
                violation_error_message=_("Une adhésion validée a une date d'échéance."),
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}_visibility__in": Visibility.values}),
                    name=f"membership_{field}_visibility_valid",
                    violation_error_message=_("Niveau de visibilité inconnu."),
                )
                for field in VISIBLE_FIELDS
            ),
        ]

    def __str__(self) -> str:
        # No name here: this string lands in the audit log, which outlives a deleted account.
        return f"Adhésion n°{self.pk}"

    @property
    def is_active(self) -> bool:
        return (
            self.state == MembershipState.APPROVED
            and self.valid_until is not None
            and self.valid_until >= timezone.localdate()
        )

    @property
    def is_lapsed(self) -> bool:
        return self.state == MembershipState.APPROVED and not self.is_active

    @property
    def pseudonym(self) -> str:
        return f"Membre #{self.public_id.hex[:6]}"

    def visibility_of(self, field: str) -> str:
        return str(getattr(self, f"{field}_visibility"))


class MembershipDraft(models.Model):
    """What a person typed on the steps of the membership form, kept on the server until the application is sent:
    nothing typed is lost between steps, nor on another device (no session involved). Values are kept as typed,
    valid or not; `done_steps` names the steps whose values were valid when last saved."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="membership_draft"
    )
    data = models.JSONField(_("saisie en cours"), default=dict, blank=True)
    done_steps = models.JSONField(_("étapes complètes"), default=list, blank=True)
    updated_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    class Meta:
        verbose_name = _("adhésion en cours de saisie")
        verbose_name_plural = _("adhésions en cours de saisie")

    def __str__(self) -> str:
        return f"Saisie d'adhésion n°{self.pk}"


class MembershipPeriod(models.Model):
    """One year of membership. Kept, without the person, when the account is deleted: the growth
    chart must not rewrite the past."""

    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="periods")
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("période d'adhésion")
        verbose_name_plural = _("périodes d'adhésion")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_period_ordered",
                violation_error_message=_("La fin d'une période d'adhésion suit son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} → {self.ends_on}"


class MembershipEvent(TransitionLog):
    """The workflow log (solozere.community.workflow): who moved a membership from which state to which, when and
    why. A review decision is a record: it survives the applicant's account, anonymised."""

    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    action = models.CharField(_("action"), max_length=32, choices=MembershipAction.choices)
    from_state = models.CharField(_("état de départ"), max_length=32, choices=MembershipState.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=MembershipState.choices)
    anonymised = models.BooleanField(_("anonymisé"), default=False)

    class Meta(TransitionLog.Meta):
        verbose_name = _("décision sur une adhésion")
        verbose_name_plural = _("décisions sur les adhésions")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.get_action_display()}"


class Consent(models.Model):
    """Append-only: one row each time a person gives or withdraws a consent, with the text version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_consents")
    kind = models.CharField(_("consentement"), max_length=12, choices=ConsentKind.choices)
    granted = models.BooleanField(_("donné"))
    version = models.CharField(_("version du texte"), max_length=20)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "kind", "created_at"], name="consent_user_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version} ({'oui' if self.granted else 'non'})"


class ContactMessage(models.Model):
    """A message relayed by e-mail between members: neither address is shown to the other."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_messages_received"
    )
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message entre membres")
        verbose_name_plural = _("messages entre membres")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")),
                name="contact_message_not_to_self",
                violation_error_message=_("On ne s'écrit pas à soi-même."),
            )
        ]

    def __str__(self) -> str:
        return f"Message n°{self.pk}"


class Report(models.Model):
    """A member reports a profile or a message to staff. A handled report is a record, kept anonymised."""

    class Target(models.TextChoices):
        PROFILE = "profile", _("profil")
        MESSAGE = "message", _("message")

    class Reason(models.TextChoices):
        INAPPROPRIATE = "inappropriate", _("Contenu inapproprié ou offensant")
        SPAM = "spam", _("Démarchage, publicité, spam")
        FAKE = "fake", _("Faux profil, usurpation")
        OTHER = "other", _("Autre raison")

    class State(models.TextChoices):
        OPEN = "open", _("à traiter")
        CLOSED = "closed", _("traité")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="community_reports"
    )
    target = models.CharField(_("objet du signalement"), max_length=8, choices=Target.choices)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    message = models.ForeignKey(
        ContactMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(_("raison"), max_length=16, choices=Reason.choices)
    details = models.TextField(_("précisions"), max_length=2000, blank=True)
    # What staff need to judge, copied when reported: the message may be deleted by then.
    reported_text = models.TextField(_("texte signalé"), blank=True)
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.OPEN, db_index=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    staff_note = models.TextField(_("suite donnée"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(membership__isnull=False) & models.Q(message__isnull=False)),
                name="report_one_target",
                violation_error_message=_("Un signalement porte sur un profil ou sur un message, pas les deux."),
            )
        ]

    def __str__(self) -> str:
        return f"Signalement n°{self.pk}"
