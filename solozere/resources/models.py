"""The resource centre (centre de ressources): documents and links for companies, employees, job seekers,
teleworkers and local authorities, proposed by the network's people and published after the staff's review.

Named LibraryItem, not Resource: bookings already has a Resource (a bookable desk or room, "ressource
réservable" in the glossary), and both are imported side by side by the staff area and the API.
The workflow lives in `workflow.py`, use cases in `services.py`.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from solozere.core.models import TransitionLog
from solozere.core.private_storage import private_storage
from solozere.resources.storage import document_upload_to
from solozere.resources.workflow import Status

# A link or a source is a web page: never javascript:, data:, file: or ftp:.
WEB_SCHEMES = ["http", "https"]
web_url_validator = URLValidator(schemes=WEB_SCHEMES, message=_("Saisissez une adresse web qui commence par https://."))


class Kind(models.TextChoices):
    GUIDE = "guide", _("guide")
    AGREEMENT_MODEL = "agreement_model", _("modèle d'accord ou de charte")
    STUDY = "study", _("étude")
    EVENT_CONTRIBUTION = "event_contribution", _("contribution d'événement")
    OTHER = "other", _("autre")


class Topic(models.TextChoices):
    SETTING_UP = "setting_up", _("mise en place du télétravail")
    AGREEMENT = "agreement", _("accord et charte d'entreprise")
    LAW_HEALTH = "law_health", _("droit, santé et sécurité")
    MANAGEMENT = "management", _("management à distance")
    DIGITAL_TOOLS = "digital_tools", _("outils numériques")
    THIRD_PLACES = "third_places", _("tiers-lieux et télécentres")
    STUDIES = "studies", _("études et chiffres")
    NETWORK_LIFE = "network_life", _("vie du réseau")


class Audience(models.TextChoices):
    COMPANY = "company", _("entreprise")
    EMPLOYEE = "employee", _("salarié")
    JOB_SEEKER = "job_seeker", _("demandeur d'emploi")
    TELEWORKER = "teleworker", _("télétravailleur")
    LOCAL_AUTHORITY = "local_authority", _("collectivité")


class Licence(models.TextChoices):
    OPEN_LICENCE_2 = "lo_2_0", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY_4 = "cc_by_4_0", _("CC-BY 4.0")
    CC_BY_SA_4 = "cc_by_sa_4_0", _("CC-BY-SA 4.0")
    ALL_RIGHTS_RESERVED = "all_rights_reserved", _("tous droits réservés")
    OTHER = "other", _("autre licence")


LICENCE_URLS = {
    Licence.OPEN_LICENCE_2: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
}


class LibraryItem(models.Model):
    """One resource: a document (a PDF or an image, checked by its content, kept privately) or a link, never both."""

    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=2000)
    kind = models.CharField(_("type de ressource"), max_length=20, choices=Kind.choices)
    author = models.CharField(_("auteur ou autrice"), max_length=200)
    organisation = models.CharField(_("organisme de l'auteur"), max_length=200, blank=True)
    document_date = models.DateField(_("date du document"))
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices)
    licence_other = models.CharField(_("autre licence (précisez)"), max_length=200, blank=True)

    file = models.FileField(
        _("document"), storage=private_storage, upload_to=document_upload_to, max_length=255, blank=True
    )
    file_name = models.CharField(_("nom du fichier envoyé"), max_length=255, blank=True)
    # Found in the file's bytes when it was sent (core.uploads), never taken from its name or the browser.
    file_content_type = models.CharField(max_length=40, blank=True)
    file_size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True, validators=[web_url_validator])

    # Where the resource comes from when an event produced it (a contribution to a rencontre): plain fields for now,
    # a link to the events app's contribution comes with it (see the module's docstring of services.py).
    source_event_title = models.CharField(_("événement d'origine"), max_length=200, blank=True)
    source_url = models.URLField(
        _("page de l'événement d'origine"), max_length=500, blank=True, validators=[web_url_validator]
    )

    # The event contribution it comes from (solozere.events): one resource per contribution.
    source_contribution = models.OneToOneField(
        "events.Contribution",
        verbose_name=_("contribution d'origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_item",
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default="", db_index=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        # The account may go: the resource stays, without the person (personal_data.py).
        on_delete=models.SET_NULL,
        related_name="proposed_library_items",
    )
    proposed_at = models.DateTimeField(_("proposée le"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    is_demo = models.BooleanField(_("ressource de démonstration"), default=False, db_index=True)
    # Title, summary, author and organisation folded (accents, case): what the search matches, on every database.
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["-document_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="libraryitem_file_or_link",
                violation_error_message=_("Une ressource est soit un document, soit un lien : l'un des deux."),
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="libraryitem_link_is_web",
                violation_error_message=_("Le lien doit être une adresse web (https://…)."),
            ),
            models.CheckConstraint(
                condition=Q(source_url="") | Q(source_url__startswith="https://") | Q(source_url__startswith="http://"),
                name="libraryitem_source_is_web",
                violation_error_message=_("La page de l'événement doit être une adresse web (https://…)."),
            ),
            models.CheckConstraint(
                condition=~Q(licence=Licence.OTHER) | ~Q(licence_other=""),
                name="libraryitem_other_licence_named",
                violation_error_message=_("Précisez la licence."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="libraryitem_status_known",
                violation_error_message=_("État inconnu."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="libraryitem_published_has_date",
                violation_error_message=_("Une ressource publiée a une date de publication."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80].strip("-") or "ressource"

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def licence_label(self) -> str:
        if self.licence == Licence.OTHER:
            return self.licence_other
        return str(self.get_licence_display())

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")  # type: ignore[call-overload]


class ItemTopic(models.Model):
    """One topic of a resource (a fixed list: Topic), one row each so that every database filters on it."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(_("thème"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("thème d'une ressource")
        verbose_name_plural = _("thèmes des ressources")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"],
                name="itemtopic_once_per_item",
                violation_error_message=_("Ce thème est déjà celui de la ressource."),
            ),
            models.CheckConstraint(
                condition=Q(code__in=Topic.values),
                name="itemtopic_code_known",
                violation_error_message=_("Thème inconnu."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_code_display())


class ItemAudience(models.Model):
    """One audience of a resource (a fixed list: Audience)."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="audiences")
    code = models.CharField(_("public"), max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = _("public d'une ressource")
        verbose_name_plural = _("publics des ressources")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "code"],
                name="itemaudience_once_per_item",
                violation_error_message=_("Ce public est déjà celui de la ressource."),
            ),
            models.CheckConstraint(
                condition=Q(code__in=Audience.values),
                name="itemaudience_code_known",
                violation_error_message=_("Public inconnu."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_code_display())


class LibraryItemTransition(TransitionLog):
    """One row per change of state of a resource (solozere.resources.workflow): who, when, from, to, why."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("état de départ"), max_length=32, choices=Status.choices, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=32, choices=Status.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement d'état d'une ressource")
        verbose_name_plural = _("changements d'état des ressources")
