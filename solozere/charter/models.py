"""The quality charter (charte), the adhesion of places to it (PlaceMembership) with its evidence and review, and
the corrections visitors propose. Imported at the end of solozere.places.models so that Django sees them.

The workflow of a membership (states, transitions) is in solozere.charter.workflow; the use cases in
solozere.charter.services. Nothing here carries a business rule beyond the constraints of the tables.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from solozere.charter.workflow import MembershipStatus
from solozere.core.models import TransitionLog
from solozere.places.criteria import CHARTER_CHECK_CHOICES
from solozere.places.models import Place, PlaceKind
from solozere.places.storage import evidence_upload_to, private_storage

# The kinds a charter speaks of: "autre tiers-lieu" has no criteria, so it cannot adhere as such.
CHARTER_KINDS = [
    (PlaceKind.COMPTOIR.value, PlaceKind.COMPTOIR.label),
    (PlaceKind.TELECENTRE.value, PlaceKind.TELECENTRE.label),
]


class Charter(models.Model):
    """The quality charter of the network. Its text and criteria live in versions; a published version is frozen."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        db_table = "places_charter"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("charte")
        verbose_name_plural = _("chartes")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CharterVersion(models.Model):
    charter = models.ForeignKey(Charter, verbose_name=_("charte"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("numéro de version"), validators=[MinValueValidator(1)])
    text = models.TextField(_("texte de la charte"))
    changes = models.TextField(
        _("ce qui change"), blank=True, help_text=_("Résumé des changements par rapport à la version précédente.")
    )
    min_download_mbps = models.DecimalField(
        _("débit descendant minimal d'un Télécentre (Mbit/s)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(30),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(10000))],
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, help_text=_("Vide : brouillon."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        db_table = "places_charterversion"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("version de la charte")
        verbose_name_plural = _("versions de la charte")
        ordering = ["charter", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"],
                name="charter_version_number_unique",
                violation_error_message=_("Cette charte a déjà une version portant ce numéro."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_download_mbps__gt=0),
                name="charter_version_min_download_positive",
                violation_error_message=_("Le débit minimal doit être positif."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(charter)s, version %(number)s") % {"charter": self.charter, "number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("charter:charter_version", kwargs={"number": self.number})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Texte")
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF ou image)")
    SPEED_TEST = "speed_test", _("Mesure de débit")


class CharterCriterion(models.Model):
    """One criterion of a version for one kind: what is checked (`code`, see criteria.CHARTER_CHECKS) and what
    evidence the manager gives."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("type de lieu"), max_length=12, choices=CHARTER_KINDS)
    code = models.CharField(_("vérification"), max_length=40, choices=CHARTER_CHECK_CHOICES)
    label = models.CharField(_("intitulé"), max_length=200)
    guidance = models.TextField(_("ce qui est attendu"), blank=True)
    evidence_kind = models.CharField(_("justificatif"), max_length=12, choices=EvidenceKind.choices)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        db_table = "places_chartercriterion"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("critère de la charte")
        verbose_name_plural = _("critères de la charte")
        ordering = ["version", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "code"],
                name="charter_criterion_unique_per_kind",
                violation_error_message=_("Ce critère figure déjà pour ce type de lieu dans cette version."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class RenewalReason(models.TextChoices):
    NEW_VERSION = "new_version", _("nouvelle version de la charte")
    YEARLY = "yearly", _("renouvellement annuel")


class PlaceMembership(models.Model):
    """A place's adhesion (adhésion) to one charter version: the application, the review, then the label.

    The acceptance of the charter is recorded here: who (`accepted_by`), when (`accepted_at`), which version.
    """

    place = models.ForeignKey(Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="memberships")
    charter_version = models.ForeignKey(
        CharterVersion, verbose_name=_("version de la charte"), on_delete=models.PROTECT, related_name="memberships"
    )
    kind = models.CharField(_("adhère comme"), max_length=12, choices=CHARTER_KINDS)
    status = models.CharField(
        _("état"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.SUBMITTED, db_index=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="place_memberships",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("charte acceptée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("charte acceptée le"))
    submitted_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("motif de la décision"), blank=True)
    valid_from = models.DateField(_("label depuis le"), null=True, blank=True)
    valid_until = models.DateField(_("label valable jusqu'au"), null=True, blank=True)
    renewal_requested_at = models.DateTimeField(_("à renouveler depuis le"), null=True, blank=True)
    renewal_reason = models.CharField(
        _("motif du renouvellement"), max_length=12, choices=RenewalReason.choices, blank=True
    )
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)
    suspension_reason = models.TextField(_("motif de la suspension"), blank=True)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        db_table = "places_placemembership"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("adhésion d'un lieu")
        verbose_name_plural = _("adhésions des lieux")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(status=MembershipStatus.SUBMITTED),
                name="place_membership_one_pending",
                violation_error_message=_("Ce lieu a déjà une demande d'adhésion en attente d'examen."),
            ),
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(status__in=[MembershipStatus.APPROVED, MembershipStatus.SUSPENDED]),
                name="place_membership_one_label",
                violation_error_message=_("Ce lieu a déjà un label en cours."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="place_membership_valid_range",
                violation_error_message=_("La fin de validité du label ne peut précéder son début."),
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("%(place)s — %(version)s (%(status)s)")
            % {"place": self.place, "version": self.charter_version, "status": self.get_status_display()}
        )

    @property
    def renewal_due(self) -> bool:
        """The "à renouveler" state: a label still in force that its managers are asked to renew."""
        return self.renewal_requested_at is not None and self.status in (
            MembershipStatus.APPROVED,
            MembershipStatus.SUSPENDED,
        )


class PlaceMembershipEvent(TransitionLog):
    """Every transition of a membership (solozere.charter.workflow): who, when, from, to, why."""

    membership = models.ForeignKey(PlaceMembership, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=MembershipStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=MembershipStatus.choices)

    class Meta(TransitionLog.Meta):
        db_table = "places_placemembershipevent"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("étape d'une adhésion")
        verbose_name_plural = _("étapes des adhésions")

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.from_state or '-'} -> {self.to_state}"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("à examiner")
    ACCEPTED = "accepted", _("conforme")
    REJECTED = "rejected", _("non conforme")


class MembershipEvidence(models.Model):
    """What the manager gives for one criterion, and the staff's review of it."""

    membership = models.ForeignKey(PlaceMembership, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(CharterCriterion, on_delete=models.PROTECT, related_name="evidence")
    text = models.TextField(_("explication"), blank=True)
    speed_mbps = models.DecimalField(
        _("débit descendant mesuré (Mbit/s)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=evidence_upload_to, max_length=255, blank=True
    )
    file_name = models.CharField(_("nom du fichier envoyé"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=40, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    review_state = models.CharField(
        _("examen"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    review_note = models.TextField(_("remarque de l'équipe"), blank=True)

    class Meta:
        db_table = "places_membershipevidence"  # the table kept its name when the charter left places (ADR 0009)
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")
        ordering = ["criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "criterion"],
                name="membership_evidence_one_per_criterion",
                violation_error_message=_("Un seul justificatif par critère."),
            ),
            models.CheckConstraint(
                condition=models.Q(speed_mbps__isnull=True) | models.Q(speed_mbps__gte=0),
                name="membership_evidence_speed_positive",
                violation_error_message=_("Le débit mesuré ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.criterion)

    @property
    def is_image(self) -> bool:
        return self.file_content_type.startswith("image/")
