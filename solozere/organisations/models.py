"""The partner organisations of the network (the Réseau Accueil named in 2012 and those of today) and their agents.

They live in their own app, below events, resources and accompaniment, because all three name them: an event's
organiser, a resource's source, the organisations a project request is routed to (docs/adr/0012). An organisation
that no longer exists (the MDECS, closed at the end of 2018) stays as history: it organises nothing and receives
nothing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("en activité")
    CLOSED = "closed", _("n'existe plus")


class Organisation(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle ou nom court"), max_length=40, blank=True)
    name_in_2012 = models.CharField(
        _("nom en 2012"), max_length=200, blank=True, help_text=_("Tel que le réseau le nommait à sa création.")
    )
    status = models.CharField(
        _("situation"), max_length=8, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    closed_in = models.PositiveSmallIntegerField(_("fermée en"), null=True, blank=True)
    history = models.TextField(_("ce qu'elle est devenue"), blank=True)
    handles = models.TextField(_("ce qu'elle traite"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    website = models.URLField(_("site web"), blank=True)
    is_reference = models.BooleanField(
        _("donnée de référence"), default=False, help_text=_("Chargée par load_organisations, d'après SOURCES.md.")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("structure partenaire")
        verbose_name_plural = _("structures partenaires")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_in__isnull=True) | Q(status="closed", closed_in__isnull=False),
                name="organisation_closed_has_year",
                violation_error_message=_("Une structure qui n'existe plus a une année de fermeture, et elle seule."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE


class OrganisationAgent(models.Model):
    """A person who acts for an organisation (the partner-agent role)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="agents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("agent d'une structure")
        verbose_name_plural = _("agents des structures")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="organisation_agent_once",
                violation_error_message=_("Cette personne est déjà agent de cette structure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
