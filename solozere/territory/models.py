from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.territory.text import normalize_name


class Commune(models.Model):
    """A row of the Code officiel géographique. A current commune is identified by its INSEE code;
    a commune déléguée or associée may share its code with the current one, hence (kind, code)."""

    class Kind(models.TextChoices):
        CURRENT = "actuelle", _("commune actuelle")
        DELEGATED = "deleguee", _("commune déléguée")
        ASSOCIATED = "associee", _("commune associée")

    insee_code = models.CharField(_("code INSEE"), max_length=5, db_index=True)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.CURRENT)
    name = models.CharField(_("nom"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("commune de rattachement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("Pour une commune déléguée ou associée : la commune actuelle dont elle fait partie."),
    )
    postal_codes = models.CharField(_("codes postaux"), max_length=120, blank=True, help_text=_("Séparés par « ; »."))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    epci_siren = models.CharField(_("SIREN de l'EPCI"), max_length=9, blank=True)
    epci_name = models.CharField(_("EPCI"), max_length=160, blank=True)
    former_codes = models.CharField(_("anciens codes"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, help_text=_("Point de la mairie si connu."))
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    town_hall_address = models.CharField(_("adresse de la mairie"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["search_name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                name="commune_kind_code_unique",
                violation_error_message=_("Une commune de ce type existe déjà avec ce code INSEE."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="actuelle", parent__isnull=True) | ~models.Q(kind="actuelle"),
                name="commune_current_has_no_parent",
                violation_error_message=_("Une commune actuelle n'a pas de commune de rattachement."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind != self.Kind.CURRENT and self.parent is not None:
            return f"{self.name} ({self.parent.name})"
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def current(self) -> "Commune":
        """The current commune this row belongs to (itself when it is current)."""
        return self.parent if self.parent_id and self.parent else self

    @property
    def postal_code_list(self) -> list[str]:
        return [code for code in self.postal_codes.split(";") if code]

    @property
    def main_postal_code(self) -> str:
        codes = self.current.postal_code_list
        return codes[0] if codes else ""


class Zone(models.Model):
    """A named set of communes: a 2014 canton, an EPCI, an aid's zone..."""

    class Kind(models.TextChoices):
        CANTON_2014 = "canton2014", _("canton (découpage d'avant 2015)")
        EPCI = "epci", _("intercommunalité (EPCI)")
        CUSTOM = "custom", _("zone libre")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=160)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.CUSTOM)
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("Code officiel, à lire avec le type : jamais seul.")
    )
    description = models.TextField(_("description"), blank=True)
    communes = models.ManyToManyField(Commune, verbose_name=_("communes"), related_name="zones", blank=True)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
