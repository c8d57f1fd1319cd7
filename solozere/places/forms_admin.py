"""Forms of the places back office. Validation only: saving goes through solozere.places.services."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.uploads import PhotoField
from solozere.places import hours
from solozere.places.models import (
    LABEL_STATUS_BY_HAND,
    LABEL_STATUSES,
    MANUAL_STATUS_CHOICES,
    Place,
    PlacePhoto,
    PlaceStatusChange,
)
from solozere.places.services import unique_place_slug


def https_formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Django 6 turns a bare "example.fr" into https://; say so now (and silence Django 5's warning)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class PlaceAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Motif de la modification"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif. Gardé dans le journal des modifications (et dans l'historique si le statut change)."),
    )

    class Meta:
        model = Place
        formfield_callback = https_formfield
        # The admin narrows this to its fieldsets; listed so that a new model field is a decision, not a leak.
        fields = [
            *("name", "slug", "kind", "status", "is_demo", "operator", "description", "source_note"),
            *("commune", "address", "latitude", "longitude", "location_is_approximate"),
            *("access", "wifi", "dedicated_telework_space", "private_offices", "open_space", "meeting_room"),
            *("videoconference", "printing", "reception_animation", "kitchen", "wheelchair_access", "parking"),
            *("download_mbps", "upload_mbps", "technology", "connectivity_measured_on"),
            *("opening_hours", "opening_hours_note", "desks", "offices", "prices", "phone", "email", "website"),
            "managers",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            if self.instance.pk and self.instance.status in LABEL_STATUSES:
                # The label's status is the charter's: shown, not edited here.
                self.fields["status"].disabled = True
                self.fields["status"].help_text = LABEL_STATUS_BY_HAND
            elif isinstance(status := self.fields["status"], forms.ChoiceField):
                status.choices = MANUAL_STATUS_CHOICES
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Laissez vide pour le calculer à partir du nom.")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        name = self.cleaned_data.get("name") or self.data.get("name") or ""
        if not slug and name:
            slug = unique_place_slug(str(name), exclude_pk=self.instance.pk)
        return slug

    def clean_opening_hours(self) -> str:
        value: str = (self.cleaned_data.get("opening_hours") or "").strip()
        if value and not hours.is_valid(value):
            raise forms.ValidationError(
                _(
                    "Ces horaires ne suivent pas la syntaxe OpenStreetMap. Exemple : "
                    "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"
                ),
                code="invalid_opening_hours",
            )
        return value


class PlacePhotoInlineForm(forms.ModelForm):
    image = PhotoField(
        label=_("Photo"),
        help_text=_("JPEG, PNG ou WebP. Réduite à 1600 pixels de côté ; les métadonnées (EXIF, GPS) sont retirées."),
    )

    class Meta:
        model = PlacePhoto
        fields = ["image", "alt_text", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored photo is replaced by adding a new one: the file itself is not edited in place.
            self.fields["image"].disabled = True
            self.fields["image"].required = False


class PlaceStatusChangeInlineForm(forms.ModelForm):
    class Meta:
        model = PlaceStatusChange
        fields = ["status", "date", "date_text", "note"]

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        changed = not self.instance.pk or status != self.instance.status
        if changed and status in LABEL_STATUSES:
            raise forms.ValidationError(LABEL_STATUS_BY_HAND)
        return status
