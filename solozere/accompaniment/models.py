"""Accompaniment: what each partner organisation handles and where (its profile), the project requests, each
organisation's part in one (an assignment, one of them the lead), the messages, and the logs of both workflows.

A request is routed by routing.py from the profiles; the person follows it through a private link (token), an agent
through their organisation's inbox or a signed link in the e-mail."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.topics import RequesterKind, Topic
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES, AssignmentStatus, RequestStatus
from solozere.core.models import TransitionLog
from solozere.organisations.models import Organisation
from solozere.territory.models import Commune, Zone

MAX_DESCRIPTION = 4000


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_reference() -> str:
    # Said on the phone and written in e-mails' subjects: no 0/O, 1/I/L.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class PartnerProfile(models.Model):
    """What an organisation handles for accompaniment, and where. No zone = the whole département."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="accompaniment_profile",
    )
    topics = models.JSONField(_("sujets traités"), default=list, blank=True)
    zones = models.ManyToManyField(
        Zone,
        verbose_name=_("territoire"),
        blank=True,
        related_name="partner_profiles",
        help_text=_("Aucune zone : toute la Lozère."),
    )
    receives_requests = models.BooleanField(
        _("reçoit des demandes"),
        default=True,
        help_text=_("Décochez tant que le territoire n'est pas connu ; une structure fermée n'en reçoit jamais."),
    )
    territory_note = models.CharField(_("à propos du territoire"), max_length=300, blank=True)
    contact_email = models.EmailField(
        _("adresse e-mail de la structure"),
        blank=True,
        help_text=_("Reçoit les demandes en plus de ses agents. Saisie par l'équipe : aucune adresse n'est inventée."),
    )
    is_reference = models.BooleanField(_("donnée de référence"), default=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("profil d'accompagnement")
        verbose_name_plural = _("profils d'accompagnement")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(value).label) for value in self.topics if value in Topic.values]


class ProjectRequest(models.Model):
    reference = models.CharField(_("référence"), max_length=8, unique=True, default=new_reference, editable=False)
    status = models.CharField(
        _("état"), max_length=12, choices=RequestStatus.choices, default="", blank=True, db_index=True
    )
    requester_kind = models.CharField(_("vous êtes"), max_length=12, choices=RequesterKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_requests",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    company_name = models.CharField(_("entreprise"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    # What was typed, and the commune it found: a current one, or a commune déléguée (Javols), routed by the current
    # commune it belongs to (Peyre en Aubrac). None: not chosen yet.
    commune_typed = models.CharField(_("commune indiquée"), max_length=120, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_requests",
    )
    topics = models.JSONField(_("sujets"), default=list)
    # The topics no receiving organisation handles at the request's commune: the request still goes to those that
    # handle the others, and staff route these by hand.
    unrouted_topics = models.JSONField(_("sujets sans structure"), default=list, blank=True)
    description = models.TextField(_("votre projet"), max_length=MAX_DESCRIPTION)
    consented_at = models.DateTimeField(_("accord de partage donné le"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    routed_at = models.DateTimeField(_("orientée le"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    survey_sent_at = models.DateTimeField(_("questionnaire envoyé le"), null=True, blank=True)
    purged_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("demande d'accompagnement")
        verbose_name_plural = _("demandes d'accompagnement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="project_request_siret_digits",
                violation_error_message=_("Un SIRET compte 14 chiffres."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(value).label) for value in self.topics if value in Topic.values]

    @property
    def unrouted_topic_labels(self) -> list[str]:
        return [str(Topic(value).label) for value in self.unrouted_topics if value in Topic.values]


class Assignment(models.Model):
    """One organisation's part in a request. Among the active ones, exactly one is the lead (database-enforced:
    at most one; services keep at least one)."""

    request = models.ForeignKey(ProjectRequest, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(
        _("état"), max_length=12, choices=AssignmentStatus.choices, default="", blank=True, db_index=True
    )
    is_lead = models.BooleanField(_("chef de file"), default=False)
    reason = models.CharField(_("pourquoi cette structure"), max_length=500, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accompaniment_assignments",
    )
    handed_over_from = models.ForeignKey(
        "self",
        verbose_name=_("transmise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handed_over_to",
    )
    outcome = models.TextField(_("résultat ou motif"), blank=True)
    # Since when the organisation has had it without anyone taking it: set when it arrives and when it is released
    # (its agent is absent); the reminder ladder counts its working days from there.
    waiting_since = models.DateTimeField(_("à prendre depuis le"), default=timezone.now)
    reminder_level = models.PositiveSmallIntegerField(_("relances envoyées"), default=0)
    reminded_at = models.DateTimeField(_("dernière relance le"), null=True, blank=True)
    taken_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("close le"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("part d'une structure")
        verbose_name_plural = _("parts des structures")
        ordering = ["-is_lead", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(is_lead=True) & Q(status__in=ACTIVE_ASSIGNMENT_STATES),
                name="assignment_one_lead",
                violation_error_message=_("Une demande n'a qu'une structure chef de file."),
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"],
                condition=Q(status__in=ACTIVE_ASSIGNMENT_STATES),
                name="assignment_once_per_organisation",
                violation_error_message=_("Cette structure a déjà cette demande."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="assignment_organisation_status")]

    def __str__(self) -> str:
        return f"{self.request} → {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ASSIGNMENT_STATES


class MessageSender(models.TextChoices):
    REQUESTER = "requester", _("la personne")
    AGENT = "agent", _("une structure partenaire")
    STAFF = "staff", _("l'équipe du réseau")


class Message(models.Model):
    """What was said in a request: by the person, by an agent for their organisation, by staff. An internal note
    (a hand-over's note) is for the organisations and staff only."""

    request = models.ForeignKey(ProjectRequest, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("de la part de"), max_length=10, choices=MessageSender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_DESCRIPTION)
    internal = models.BooleanField(_("note interne"), default=False)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_sender_display()}"


class AgentAbsence(models.Model):
    """An agent away: while it lasts, their requests go back to their colleagues (reroute_absent_agents)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("absence d'un agent")
        verbose_name_plural = _("absences des agents")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="agent_absence_ends_after_start",
                violation_error_message=_("La fin de l'absence vient après son début."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on} → {self.ends_on}"


class Survey(models.Model):
    """The short survey sent when a request is closed; one answer per request."""

    class Answered(models.TextChoices):
        YES = "yes", _("Oui")
        PARTLY = "partly", _("En partie")
        NO = "no", _("Non")

    request = models.OneToOneField(ProjectRequest, on_delete=models.CASCADE, related_name="survey")
    answered = models.CharField(_("Avez-vous eu une réponse ?"), max_length=6, choices=Answered.choices)
    useful = models.PositiveSmallIntegerField(_("Cet accompagnement vous a-t-il été utile ?"))
    comment = models.TextField(_("Un commentaire ?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        constraints = [
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=5),
                name="accompaniment_survey_useful_1_5",
                violation_error_message=_("Une note de 1 à 5."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)


class RequestLog(TransitionLog):
    request = models.ForeignKey(ProjectRequest, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=RequestStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=RequestStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape d'une demande")
        verbose_name_plural = _("étapes des demandes")


class AssignmentLog(TransitionLog):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=AssignmentStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=AssignmentStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("étape de la part d'une structure")
        verbose_name_plural = _("étapes des parts des structures")
