"""Presence (« j'y suis ») and the avoided commute: a member's check-in at a place for a day, and where their
employer's site is. Imported at the bottom of models.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.places.models import Place
from solozere.territory.models import Commune


class CommuteProfile(models.Model):
    """What a member tells about the commute they would otherwise make, and how their check-ins show by default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="commute_profile"
    )
    employer_commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune du site de l'employeur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The default of the « visible to other members » box when checking in: off unless the member asks.
    share_presence = models.BooleanField(_("montrer ma présence aux autres membres par défaut"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trajet domicile-travail évité")
        verbose_name_plural = _("trajets domicile-travail évités")

    def __str__(self) -> str:
        # No name: this string may land in the audit log.
        return f"Profil de trajet n°{self.pk}"


class CheckIn(models.Model):
    """« J'y suis » : a member works at a place today. The avoided commute is computed once, when the check-in is
    made, and kept with the method that produced it (a later change of factor does not rewrite the past)."""

    # Null once the account is gone: the network's totals keep the day, without the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    place = models.ForeignKey(Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField(_("jour"))
    visible_to_members = models.BooleanField(_("visible des autres membres"), default=False)
    avoided_km = models.DecimalField(
        _("trajet évité (km, aller-retour)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    avoided_co2_kg = models.DecimalField(_("CO₂ évité (kg)"), max_digits=8, decimal_places=2, null=True, blank=True)
    commute_method = models.CharField(_("méthode de calcul"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("signalée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("présence (« j'y suis »)")
        verbose_name_plural = _("présences (« j'y suis »)")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["place", "day"], name="checkin_place_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "place", "day"],
                name="checkin_one_per_member_place_day",
                violation_error_message=_("Vous avez déjà signalé votre présence dans ce lieu aujourd'hui."),
            ),
            models.CheckConstraint(
                condition=models.Q(avoided_km__isnull=True) | models.Q(avoided_km__gte=0),
                name="checkin_avoided_km_not_negative",
                violation_error_message=_("Un trajet évité ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(avoided_co2_kg__isnull=True) | models.Q(avoided_co2_kg__gte=0),
                name="checkin_avoided_co2_not_negative",
                violation_error_message=_("Le CO₂ évité ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"Présence n°{self.pk} ({self.day:%Y-%m-%d})"
