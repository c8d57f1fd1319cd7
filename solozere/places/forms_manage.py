"""Forms of the place managers' pages (and of the place details inside an adhesion). Validation only: saving goes
through solozere.places.services (place_update, place_photo_add), which logs every change."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.core.uploads import PhotoField
from solozere.places import hours
from solozere.places.forms_admin import https_formfield
from solozere.places.models import SERVICE_FLAGS, Place

# What a manager edits, by section (the page shows them as fieldsets, in this order).
SECTIONS: list[tuple[str, Any, list[str]]] = [
    ("presentation", _("Présentation"), ["description"]),
    ("horaires", _("Horaires"), ["opening_hours"]),
    (
        "services",
        _("Accès et services"),
        ["access", "wifi", *SERVICE_FLAGS],
    ),
    ("connexion", _("Connexion"), ["download_mbps", "upload_mbps", "technology", "connectivity_measured_on"]),
    ("pratique", _("Capacité, tarifs et contact"), ["desks", "offices", "prices", "phone", "email", "website"]),
]
MANAGED_FIELDS = [name for _slug, _title, names in SECTIONS for name in names]

HOURS_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"
MAX_MBPS = 100_000


def _decimal_widget() -> forms.TextInput:
    # Text, not type=number: a browser would drop "abc" silently instead of letting us explain.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "8"})


class PlaceManageForm(forms.ModelForm):
    """The facts of a place its manager keeps up to date. `omit` drops fields another part of a page asks for."""

    description = forms.CharField(
        label=_("Présentation"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    prices = forms.CharField(
        label=_("Tarifs"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    download_mbps = forms.DecimalField(
        label=_("Débit descendant (Mbit/s)"),
        required=False,
        min_value=0,
        max_value=MAX_MBPS,
        decimal_places=1,
        localize=True,
        widget=_decimal_widget(),
    )
    upload_mbps = forms.DecimalField(
        label=_("Débit montant (Mbit/s)"),
        required=False,
        min_value=0,
        max_value=MAX_MBPS,
        decimal_places=1,
        localize=True,
        widget=_decimal_widget(),
    )
    connectivity_measured_on = forms.DateField(
        label=_("Débit mesuré le"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    desks = forms.IntegerField(
        label=_("Postes de travail"),
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "5", "autocomplete": "off"}),
    )
    offices = forms.IntegerField(
        label=_("Bureaux fermés"),
        required=False,
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "5", "autocomplete": "off"}),
    )

    class Meta:
        model = Place
        formfield_callback = https_formfield
        fields = MANAGED_FIELDS
        help_texts = {
            "opening_hours": _(
                "Au format OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"
            ),
        }

    def __init__(self, *args: Any, omit: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in omit:
            self.fields.pop(name, None)
        for name in ("download_mbps", "upload_mbps", "desks", "offices"):
            field = self.fields.get(name)
            if field is None:
                continue
            field.error_messages.update(
                {
                    "invalid": _("Saisissez un nombre."),
                    "min_value": _("Ce nombre ne peut pas être négatif."),
                    "max_value": _("Ce nombre ne peut pas dépasser %(limit_value)s."),
                }
            )
        if "opening_hours" in self.fields:
            self.fields["opening_hours"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def sections(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        return [
            (slug, title, [self[name] for name in names if name in self.fields])
            for slug, title, names in SECTIONS
            if any(name in self.fields for name in names)
        ]

    def clean_opening_hours(self) -> str:
        value = (self.cleaned_data.get("opening_hours") or "").strip()
        if value and not hours.is_valid(value):
            raise forms.ValidationError(
                _("Ces horaires ne sont pas lisibles. Écrivez-les au format OpenStreetMap, par exemple : %(example)s"),
                code="invalid_hours",
                params={"example": HOURS_EXAMPLE},
            )
        return value

    def clean_connectivity_measured_on(self) -> Any:
        value = self.cleaned_data.get("connectivity_measured_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date de mesure ne peut pas être dans le futur."), code="future")
        return value

    def changed_values(self) -> dict[str, Any]:
        """Only what the manager changed: place_update logs exactly that."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}


class PhotoAddForm(forms.Form):
    image = PhotoField(label=_("Photo (JPEG, PNG ou WebP)"))
    alt_text = forms.CharField(
        label=_("Description de la photo"),
        max_length=200,
        help_text=_("Ce que montre la photo, pour qui ne la voit pas."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].error_messages.update({"required": _("Choisissez une photo.")})
        self.fields["alt_text"].error_messages.update({"required": _("Décrivez la photo en quelques mots.")})
