import functools

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from solozere.core.identifiers import validate_structure_identifier
from solozere.territory.models import Commune


class PlaceKind(models.TextChoices):
    COMPTOIR = "comptoir", _("Comptoir SoLozère")
    TELECENTRE = "telecentre", _("Télécentre")
    TIERS_LIEU = "tiers_lieu", _("Autre tiers-lieu")


class NetworkStatus(models.TextChoices):
    PROJECT = "project", _("En projet")
    PLANNED = "planned", _("Ouverture prévue")
    OPEN = "open", _("En service")
    MEMBER = "member", _("Membre du réseau")
    SUSPENDED = "suspended", _("Suspendu")
    CLOSED = "closed", _("Fermé")


# The two statuses that follow a place's adhesion to the charter: only the charter's decisions set them
# (through places.services.place_set_status); a form, the admin or an import may not (ADR 0009).
LABEL_STATUSES = frozenset({NetworkStatus.MEMBER, NetworkStatus.SUSPENDED})
MANUAL_STATUS_CHOICES = [(status.value, status.label) for status in NetworkStatus if status not in LABEL_STATUSES]
LABEL_STATUS_BY_HAND = _(
    "« Membre du réseau » et « suspendu » viennent de l'adhésion à la charte : ils ne se choisissent pas à la main. "
    "L'adhésion se demande depuis la page « Gérer ce lieu » et l'équipe l'examine."
)


class Access(models.TextChoices):
    OPEN = "open", _("Ouvert à tous, sans restriction")
    BOOKING = "booking", _("Sur réservation")
    MEMBERS = "members", _("Réservé aux abonnés ou adhérents")
    UNKNOWN = "", _("Non renseigné")


class Wifi(models.TextChoices):
    FREE = "free", _("Wi-Fi gratuit")
    PAID = "paid", _("Wi-Fi payant")
    NONE = "none", _("Pas de Wi-Fi")
    UNKNOWN = "", _("Non renseigné")


class Technology(models.TextChoices):
    FIBRE = "fibre", _("Fibre optique (FttH)")
    VDSL = "vdsl", _("VDSL")
    ADSL = "adsl", _("ADSL")
    MOBILE = "mobile", _("4G / 5G")
    RADIO = "radio", _("Très haut débit radio")
    SATELLITE = "satellite", _("Satellite")
    UNKNOWN = "", _("Non renseignée")


# The yes / no / unknown services of a place, in the order forms and pages show them.
SERVICE_FLAGS = (
    "dedicated_telework_space",
    "private_offices",
    "open_space",
    "meeting_room",
    "videoconference",
    "printing",
    "reception_animation",
    "kitchen",
    "wheelchair_access",
    "parking",
)


_SLUG_PLACEHOLDER = "slug-placeholder-0"


@functools.lru_cache(maxsize=16)
def _detail_url_parts(script_prefix: str, urlconf: str) -> tuple[str, str]:
    """What comes before and after the slug in a place's URL (a slug is [-a-zA-Z0-9_]: nothing to quote)."""
    url = reverse("places:detail", kwargs={"slug": _SLUG_PLACEHOLDER}, urlconf=urlconf)
    before, _placeholder, after = url.partition(_SLUG_PLACEHOLDER)
    return before, after


class Place(models.Model):
    """A reception point for teleworkers (tiers-lieu). Unknown facts stay empty (None/""), never invented."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    kind = models.CharField(_("type de lieu"), max_length=12, choices=PlaceKind.choices, db_index=True)
    status = models.CharField(
        _("statut dans le réseau"), max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.PROJECT
    )
    is_demo = models.BooleanField(
        _("donnée de démonstration"), default=False, db_index=True, help_text=_("Lieu fictif du jeu de démonstration.")
    )
    operator = models.CharField(_("porteur / gestionnaire"), max_length=200, blank=True)
    pivot = models.CharField(
        _("SIRET, SIREN ou RNA du porteur"),
        max_length=14,
        blank=True,
        validators=[validate_structure_identifier],
        help_text=_(
            "Identifiant de la structure qui porte le lieu (SIRET ou SIREN, ou RNA pour une association sans "
            "SIRET) : exigé pour publier le lieu en données ouvertes. Laissez vide s'il n'est pas connu."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(
        _("sources et fiabilité"),
        blank=True,
        help_text=_("D'où viennent ces informations, et ce qui n'a pas été vérifié."),
    )

    # Where
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("code postal"),
        max_length=5,
        blank=True,
        help_text=_("Celui de l'adresse, parmi ceux de la commune. Vide : celui de la commune, si elle n'en a qu'un."),
    )
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="places")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_is_approximate = models.BooleanField(
        _("position approximative"), default=False, help_text=_("Position de la mairie de la commune, faute d'adresse.")
    )

    # Access and services (None = not known)
    access = models.CharField(_("accès"), max_length=10, choices=Access.choices, blank=True, default=Access.UNKNOWN)
    wifi = models.CharField(_("Wi-Fi"), max_length=6, choices=Wifi.choices, blank=True, default=Wifi.UNKNOWN)
    dedicated_telework_space = models.BooleanField(_("espace dédié au télétravail"), null=True, blank=True)
    private_offices = models.BooleanField(_("bureaux privatifs"), null=True, blank=True)
    open_space = models.BooleanField(_("espace partagé (open space)"), null=True, blank=True)
    meeting_room = models.BooleanField(_("salle de réunion"), null=True, blank=True)
    videoconference = models.BooleanField(_("visioconférence"), null=True, blank=True)
    printing = models.BooleanField(_("impression"), null=True, blank=True)
    reception_animation = models.BooleanField(_("accueil et animation"), null=True, blank=True)
    kitchen = models.BooleanField(_("cuisine / coin repas"), null=True, blank=True)
    wheelchair_access = models.BooleanField(_("accessible en fauteuil roulant"), null=True, blank=True)
    parking = models.BooleanField(_("stationnement"), null=True, blank=True)

    # Connectivity
    download_mbps = models.DecimalField(
        _("débit descendant (Mbit/s)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    upload_mbps = models.DecimalField(
        _("débit montant (Mbit/s)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    technology = models.CharField(
        _("technologie"), max_length=10, choices=Technology.choices, blank=True, default=Technology.UNKNOWN
    )
    connectivity_measured_on = models.DateField(_("débit mesuré le"), null=True, blank=True)

    # Practical
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"),
    )
    opening_hours_note = models.CharField(
        _("précision sur les horaires"),
        max_length=200,
        blank=True,
        help_text=_("Ce que la semaine type ne dit pas, par exemple : fermé en août."),
    )
    desks = models.PositiveSmallIntegerField(_("postes de travail"), null=True, blank=True)
    offices = models.PositiveSmallIntegerField(_("bureaux fermés"), null=True, blank=True)
    prices = models.TextField(_("tarifs"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestionnaires"),
        related_name="managed_places",
        blank=True,
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="place_coords_idx"),
            models.Index(fields=["kind", "status"], name="place_kind_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
                violation_error_message=_("La latitude doit être comprise entre -90 et 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
                violation_error_message=_("La longitude doit être comprise entre -180 et 180."),
            ),
            models.CheckConstraint(
                condition=models.Q(download_mbps__isnull=True) | models.Q(download_mbps__gte=0),
                name="place_download_positive",
                violation_error_message=_("Le débit descendant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(upload_mbps__isnull=True) | models.Q(upload_mbps__gte=0),
                name="place_upload_positive",
                violation_error_message=_("Le débit montant ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # A list shows a hundred places: the URL is reversed once (per script prefix and URLconf), then built.
        before, after = _detail_url_parts(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        return f"{before}{self.slug}{after}"


class PlaceStatusChange(models.Model):
    """Dated history of the network status (planned -> open -> member -> renewal...)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("statut"), max_length=10, choices=NetworkStatus.choices)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Vide si la date n'est pas connue."))
    date_text = models.CharField(
        _("date (texte)"), max_length=120, blank=True, help_text=_("Quand la date n'est connue qu'approximativement.")
    )
    note = models.TextField(_("commentaire"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.place} : {self.get_status_display()}"


def place_photo_path(instance: "PlacePhoto", filename: str) -> str:
    return f"places/{instance.place_id}/{filename}"


class PlacePhoto(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=place_photo_path)
    alt_text = models.CharField(
        _("description de la photo"), max_length=200, help_text=_("Ce que montre la photo, pour qui ne la voit pas.")
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


# The services a visitor can filter on: URL code -> (model field, value meaning "yes").
SERVICE_FILTERS: dict[str, tuple[str, object]] = {
    "wifi_gratuit": ("wifi", Wifi.FREE),
    "espace_teletravail": ("dedicated_telework_space", True),
    "bureaux": ("private_offices", True),
    "open_space": ("open_space", True),
    "salle_reunion": ("meeting_room", True),
    "visio": ("videoconference", True),
    "impression": ("printing", True),
    "accueil_animation": ("reception_animation", True),
    "cuisine": ("kitchen", True),
    "accessible_pmr": ("wheelchair_access", True),
    "parking": ("parking", True),
}
SERVICE_LABELS: dict[str, "str | Promise"] = {
    "wifi_gratuit": _("Wi-Fi gratuit"),
    "espace_teletravail": _("Espace dédié au télétravail"),
    "bureaux": _("Bureaux privatifs"),
    "open_space": _("Espace partagé (open space)"),
    "salle_reunion": _("Salle de réunion"),
    "visio": _("Visioconférence"),
    "impression": _("Impression"),
    "accueil_animation": _("Accueil et animation"),
    "cuisine": _("Cuisine / coin repas"),
    "accessible_pmr": _("Accessible en fauteuil roulant"),
    "parking": _("Stationnement"),
}


class CorrectionField(models.TextChoices):
    """What a visitor can say is wrong: each is one field of the place, except "other"."""

    DESCRIPTION = "description", _("Présentation")
    ADDRESS = "address", _("Adresse")
    OPENING_HOURS = "opening_hours", _("Horaires")
    ACCESS = "access", _("Conditions d'accès")
    WIFI = "wifi", _("Wi-Fi")
    DOWNLOAD = "download_mbps", _("Débit descendant")
    PHONE = "phone", _("Téléphone")
    EMAIL = "email", _("E-mail")
    WEBSITE = "website", _("Site web")
    PRICES = "prices", _("Tarifs")
    DESKS = "desks", _("Postes de travail")
    STATUS = "status", _("Le lieu a fermé, ou n'est pas encore ouvert")
    OTHER = "other", _("Autre chose")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("à traiter")
    ACCEPTED = "accepted", _("appliquée")
    DISMISSED = "dismissed", _("écartée")


class PlaceCorrection(models.Model):
    """A change a visitor proposes for a place page. Minimal personal data: an optional e-mail, and a keyed hash
    of the address it came from (to limit abuse), removed once the correction is handled."""

    place = models.ForeignKey(Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("ce qui est à corriger"), max_length=20, choices=CorrectionField.choices)
    proposed_value = models.TextField(_("valeur proposée"), blank=True)
    reason = models.TextField(_("pourquoi"))
    email = models.EmailField(_("e-mail"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_key = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("état"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    staff_note = models.TextField(_("note de l'équipe"), blank=True)
    applied_changes = models.JSONField(_("changements appliqués"), default=dict, blank=True)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("correction proposée")
        verbose_name_plural = _("corrections proposées")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.place}: {self.get_field_display()}"
