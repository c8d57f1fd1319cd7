"""Aid schemes (dispositifs d'aide), companies and aid applications (demandes d'aide).

A scheme is data: staff create another one in the admin, without code. Rules that are computation
live in `eligibility.py`, the workflow in `workflow.py`, use cases in `services.py`.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.aids.eligibility import AmountBasis, Beneficiary, departement_from_postal_code
from solozere.aids.storage import claim_upload_to, document_upload_to, private_storage
from solozere.aids.workflow import LIVE_STATUSES, ClaimStatus, Status
from solozere.core.models import TransitionLog


class BeneficiaryChoices(models.TextChoices):
    COMPANY = Beneficiary.COMPANY.value, _("l'entreprise")
    EMPLOYEE = Beneficiary.EMPLOYEE.value, _("le salarié")


class AmountBasisChoices(models.TextChoices):
    EXCL_TAX = AmountBasis.EXCL_TAX.value, _("montant hors taxes (HT)")
    INCL_TAX = AmountBasis.INCL_TAX.value, _("montant toutes taxes comprises (TTC)")


class AidScheme(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("fermé")

    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    promise = models.CharField(
        _("promesse"), max_length=180, blank=True, help_text=_("Une phrase de 6 à 15 mots qui commence par un verbe.")
    )
    description = models.TextField(_("description"), max_length=5000)
    legal_basis = models.CharField(_("base juridique"), max_length=255)
    funder_name = models.CharField(_("financeur"), max_length=200)
    instructor_name = models.CharField(_("organisme instructeur"), max_length=200, blank=True)
    attributor_name = models.CharField(
        _("organisme attribuant l'aide"),
        max_length=200,
        blank=True,
        help_text=_("Nom officiel publié dans les données ouvertes des aides accordées (SCDL Subventions)."),
    )
    attributor_siret = models.CharField(
        _("SIRET de l'organisme attribuant l'aide"),
        max_length=14,
        blank=True,
        help_text=_("14 chiffres. Tant qu'il manque, les aides accordées ne sont pas publiées en données ouvertes."),
    )
    zone = models.ForeignKey(
        "territory.Zone",
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        related_name="aid_schemes",
        help_text=_("Le salarié doit habiter l'une des communes de cette zone."),
    )
    ceiling = models.DecimalField(
        _("plafond par demande (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )
    conditions = models.TextField(
        _("conditions d'éligibilité"), help_text=_("Une condition par ligne, lisible par toute personne.")
    )
    opening_date = models.DateField(_("date d'ouverture"), null=True, blank=True)
    closing_date = models.DateField(_("date de clôture"), null=True, blank=True)
    dates_to_confirm = models.BooleanField(
        _("dates à confirmer"), default=False, help_text=_("Cochez tant que les dates ne sont pas arrêtées.")
    )
    budget_envelope = models.DecimalField(
        _("enveloppe budgétaire (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Vide tant qu'elle n'est pas fixée : aucune aide ne peut alors être accordée."),
    )
    envelope_to_confirm = models.BooleanField(_("enveloppe à confirmer"), default=False)
    data_note = models.TextField(
        _("ce qui reste à confirmer"),
        blank=True,
        help_text=_("Affiché sur la page publique : ce que l'équipe doit encore vérifier ou fixer."),
    )
    rules_text = models.TextField(_("règlement (texte)"), blank=True)
    rules_document = models.FileField(
        _("règlement (document signé)"),
        upload_to="aids/reglements/",
        blank=True,
        help_text=_("Le règlement officiel, en PDF. Il est public."),
    )
    source_url = models.URLField(_("page de référence"), blank=True)
    signatory_name = models.CharField(
        _("signataire des décisions"),
        max_length=200,
        blank=True,
        help_text=_("Nom de la personne qui signe les lettres de décision, par exemple : Camille Martin."),
    )
    signatory_title = models.CharField(
        _("qualité du signataire"),
        max_length=200,
        blank=True,
        help_text=_(
            "Par exemple : « Pour la présidente du Conseil départemental et par délégation, la directrice de "
            "l'attractivité »."
        ),
    )
    status = models.CharField(_("état"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dispositif d'aide")
        verbose_name_plural = _("dispositifs d'aide")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling__gt=0),
                name="aidscheme_ceiling_positive",
                violation_error_message=_("Le plafond doit être supérieur à zéro."),
            ),
            models.CheckConstraint(
                condition=Q(budget_envelope__isnull=True) | Q(budget_envelope__gte=0),
                name="aidscheme_envelope_not_negative",
                violation_error_message=_("L'enveloppe budgétaire ne peut pas être négative."),
            ),
            models.CheckConstraint(
                condition=Q(opening_date__isnull=True)
                | Q(closing_date__isnull=True)
                | Q(closing_date__gte=F("opening_date")),
                name="aidscheme_closes_after_opening",
                violation_error_message=_("La date de clôture doit suivre la date d'ouverture."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("aids:scheme_detail", kwargs={"slug": self.slug})


class ExpenseCategory(models.Model):
    scheme = models.ForeignKey(
        AidScheme, verbose_name=_("dispositif"), on_delete=models.CASCADE, related_name="categories"
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("Identifiant court, utilisé par l'API."))
    label = models.CharField(_("libellé"), max_length=160)
    beneficiary = models.CharField(_("bénéficiaire"), max_length=8, choices=BeneficiaryChoices.choices)
    amount_basis = models.CharField(
        _("montant retenu"),
        max_length=8,
        choices=AmountBasisChoices.choices,
        default=AmountBasisChoices.EXCL_TAX,
        help_text=_("HT quand le bénéficiaire récupère la TVA (entreprise), TTC sinon (salarié)."),
    )
    examples = models.CharField(_("exemples"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("catégorie de dépense")
        verbose_name_plural = _("catégories de dépense")
        ordering = ["scheme", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="expensecategory_code_unique_per_scheme",
                violation_error_message=_("Ce dispositif a déjà une catégorie avec ce code."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class Company(models.Model):
    """A company whose representatives apply for aid on behalf of an employee."""

    siret = models.CharField(_("SIRET"), max_length=14, unique=True)
    name = models.CharField(_("raison sociale"), max_length=200)
    address = models.CharField(_("adresse du siège"), max_length=255)
    postal_code = models.CharField(_("code postal du siège"), max_length=5)
    city = models.CharField(_("commune du siège"), max_length=120)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("représentants"), related_name="aid_companies", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.siret})"

    @property
    def departement(self) -> str | None:
        return departement_from_postal_code(self.postal_code)


BENEFICIARY_FIELDS = ("name", "siret", "address", "postal_code", "city")


@dataclass(frozen=True)
class BeneficiaryIdentity:
    """Who an application is for: the company as it is now (a draft) or as it was when the application was
    submitted, which is the copy the decision was made on (every other state)."""

    name: str
    siret: str
    address: str
    postal_code: str
    city: str

    @property
    def departement(self) -> str | None:
        return departement_from_postal_code(self.postal_code)


class AidApplication(models.Model):
    scheme = models.ForeignKey(
        AidScheme, verbose_name=_("dispositif"), on_delete=models.PROTECT, related_name="applications"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposée par"),
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aid_applications_assigned",
    )

    # The beneficiary as submitted (hence as decided): copied from the company when the application leaves the draft
    # state, never changed afterwards. Editing the company changes only drafts (see `beneficiary`).
    beneficiary_name = models.CharField(_("raison sociale (déposée)"), max_length=200, blank=True, editable=False)
    beneficiary_siret = models.CharField(_("SIRET (déposé)"), max_length=14, blank=True, editable=False)
    beneficiary_address = models.CharField(_("adresse du siège (déposée)"), max_length=255, blank=True, editable=False)
    beneficiary_postal_code = models.CharField(
        _("code postal du siège (déposé)"), max_length=5, blank=True, editable=False
    )
    beneficiary_city = models.CharField(_("commune du siège (déposée)"), max_length=120, blank=True, editable=False)

    employee_first_name = models.CharField(_("prénom du salarié"), max_length=120)
    employee_last_name = models.CharField(_("nom du salarié"), max_length=120)
    # Empty in a draft saved incomplete; submission requires it (`services.missing_answers`).
    employee_birth_date = models.DateField(_("date de naissance du salarié"), null=True, blank=True)
    employee_email = models.EmailField(_("e-mail du salarié"), blank=True)
    employee_address = models.CharField(_("adresse du salarié"), max_length=255)
    employee_commune_input = models.CharField(_("commune saisie"), max_length=120)
    employee_commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee_key = models.CharField(max_length=300, db_index=True, editable=False)

    new_setup = models.BooleanField(_("télétravail nouveau"), null=True)
    telework_start = models.DateField(_("début du télétravail"), null=True, blank=True)

    declares_accuracy = models.BooleanField(_("exactitude des informations certifiée"), default=False)
    declares_rules_accepted = models.BooleanField(_("règlement accepté"), default=False)
    declares_no_double_funding = models.BooleanField(_("pas d'autre financement des mêmes dépenses"), default=False)

    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    granted_amount = models.DecimalField(
        _("montant accordé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_motive = models.TextField(_("motif de la décision"), blank=True)
    paid_on = models.DateField(_("versée le"), null=True, blank=True)
    paid_amount = models.DecimalField(_("montant versé (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demande d'aide")
        verbose_name_plural = _("demandes d'aide")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "employee_key"],
                condition=Q(status__in=sorted(LIVE_STATUSES)),
                name="aidapplication_one_live_per_employee",
                violation_error_message=_(
                    "Ce salarié a déjà une demande en cours ou une aide accordée au titre de ce dispositif."
                ),
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gt=0),
                name="aidapplication_granted_positive",
                violation_error_message=_("Le montant accordé doit être supérieur à zéro."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.ACCEPTED, Status.PAID]) | Q(granted_amount__isnull=False),
                name="aidapplication_accepted_has_amount",
                violation_error_message=_("Une aide accordée a un montant."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | (Q(paid_amount__gt=0) & Q(paid_amount__lte=F("granted_amount"))),
                name="aidapplication_paid_within_granted",
                violation_error_message=_("Le montant versé doit être positif et ne pas dépasser le montant accordé."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.beneficiary.name}"

    def get_absolute_url(self) -> str:
        return reverse("aids:application_detail", kwargs={"pk": self.pk})

    @property
    def beneficiary(self) -> BeneficiaryIdentity:
        """The company as submitted once the application left the draft state; the live company for a draft."""
        if self.status != Status.DRAFT and self.beneficiary_siret:
            return BeneficiaryIdentity(**{f: getattr(self, f"beneficiary_{f}") for f in BENEFICIARY_FIELDS})
        return BeneficiaryIdentity(**{f: getattr(self.company, f) for f in BENEFICIARY_FIELDS})

    def freeze_beneficiary(self) -> list[str]:
        """Copy the company onto the application; the names of the fields to save."""
        for name in BENEFICIARY_FIELDS:
            setattr(self, f"beneficiary_{name}", getattr(self.company, name))
        return [f"beneficiary_{name}" for name in BENEFICIARY_FIELDS]

    @property
    def reference(self) -> str:
        year = self.created_at.year if self.created_at else ""
        return f"AT-{year}-{self.pk or 0:05d}"

    @property
    def employee_name(self) -> str:
        return f"{self.employee_first_name} {self.employee_last_name}".strip()


class ExpenseLine(models.Model):
    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="expenses")
    category = models.ForeignKey(
        ExpenseCategory, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=255)
    amount_excl_tax = models.DecimalField(_("montant HT (€)"), max_digits=12, decimal_places=2)
    # Optional when the category retains the amount excluding tax: a company's quote may give only that.
    amount_incl_tax = models.DecimalField(_("montant TTC (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        ordering = ["application", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_excl_tax__gt=0) & Q(amount_excl_tax__lte=100000),
                name="expenseline_amount_in_range",
                violation_error_message=_("Le montant HT doit être compris entre 0 et 100 000 €."),
            ),
            models.CheckConstraint(
                condition=Q(amount_incl_tax__isnull=True) | Q(amount_incl_tax__gte=F("amount_excl_tax")),
                name="expenseline_incl_tax_not_below_excl_tax",
                violation_error_message=_("Le montant TTC ne peut pas être inférieur au montant HT."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.label} : {self.description}"

    @property
    def eligible_amount(self) -> Decimal:
        if self.category.amount_basis == AmountBasisChoices.INCL_TAX and self.amount_incl_tax is not None:
            return self.amount_incl_tax
        return self.amount_excl_tax


class DocumentRequest(models.Model):
    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="document_requests")
    message = models.TextField(_("pièces demandées"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de pièces")
        verbose_name_plural = _("demandes de pièces")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:80]


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", _("devis")
        INVOICE = "invoice", _("facture")
        PROOF_OF_ADDRESS = "proof_of_address", _("justificatif de domicile du salarié")
        OTHER = "other", _("autre pièce")

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type de pièce"), max_length=20, choices=Kind.choices)
    expense_line = models.ForeignKey(
        ExpenseLine,
        verbose_name=_("dépense"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    document_request = models.ForeignKey(
        DocumentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.original_name}"


class Annotation(models.Model):
    """A private note of the instruction team: never shown to the applicant."""

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note d'instruction")
        verbose_name_plural = _("notes d'instruction")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]


class Message(models.Model):
    """A message between the applicant and the instruction team, on one application."""

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]


class ApplicationTransition(TransitionLog):
    """One row per change of state (solozere.aids.workflow): who, when, from, to, why."""

    application = models.ForeignKey(AidApplication, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=Status.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=Status.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")


class RepresentationClaim(models.Model):
    """A person asks to represent a company, with a proof the network staff review (solozere.aids.workflow).
    Approved, the person joins the company's representatives; a contest (the company already had some) replaces
    them."""

    class Proof(models.TextChoices):
        DOCUMENT = "document", _("extrait Kbis ou mandat")
        EMAIL_DOMAIN = "email_domain", _("adresse e-mail au domaine de l'entreprise")
        BEFORE_PROOF = "before_proof", _("représentant avant l'exigence d'une preuve")

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="representation_claims"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.CASCADE,
        related_name="aid_representation_claims",
    )
    status = models.CharField(_("état"), max_length=12, choices=ClaimStatus.choices, default="", db_index=True)
    contest = models.BooleanField(_("contestation"), default=False)
    proof = models.CharField(_("preuve"), max_length=16, choices=Proof.choices)
    role_in_company = models.CharField(_("fonction dans l'entreprise"), max_length=120, blank=True)
    message = models.TextField(_("message à l'équipe"), blank=True, max_length=2000)
    # Proof by document: stored privately like the pieces of an application.
    file = models.FileField(_("pièce"), storage=private_storage, upload_to=claim_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    # Proof by e-mail domain: the verified address of the account and the company's website it matches.
    email = models.EmailField(_("adresse e-mail vérifiée"), blank=True)
    website = models.URLField(_("site de l'entreprise"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("demande de représentation")
        verbose_name_plural = _("demandes de représentation")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "claimant"],
                condition=Q(status="pending"),
                name="representationclaim_one_pending_per_person",
                violation_error_message=_("Vous avez déjà une demande en cours pour cette entreprise."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.claimant} → {self.company}"


class ClaimTransition(TransitionLog):
    """One row per change of state of a representation claim."""

    claim = models.ForeignKey(RepresentationClaim, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=ClaimStatus.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=ClaimStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d'état d'une représentation")
        verbose_name_plural = _("changements d'état des représentations")
