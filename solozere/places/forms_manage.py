"""Forms of the place managers' pages (and of the place details inside an adhesion). Validation only: saving goes
through solozere.places.services (place_update, place_photo_add), which logs every change."""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.core.identifiers import normalize_identifier, validate_structure_identifier
from solozere.core.uploads import PhotoField
from solozere.places import hours, position
from solozere.places.forms_admin import https_formfield
from solozere.places.models import SERVICE_FLAGS, Place
from solozere.places.selectors import commune_query_label
from solozere.territory.models import Commune
from solozere.territory.selectors import LookupStatus, lookup_commune

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
                "Par exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off. Plus simple : la grille de la "
                "semaine, dans « Gérer le lieu », puis « Horaires », les écrit pour vous."
            ),
        }

    def __init__(self, *args: Any, omit: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in omit:
            self.fields.pop(name, None)
        for tri_state in self.fields.values():
            if isinstance(tri_state.widget, forms.NullBooleanSelect):
                # Django's "Inconnu": the public page and the other lists of this form say "Non renseigné".
                tri_state.widget.choices = [("unknown", _("Non renseigné")), ("true", _("Oui")), ("false", _("Non"))]
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

    section_list = SECTIONS

    def sections(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """The fieldsets to draw; a section declared without fields is drawn by the page itself (a link)."""
        return [
            (slug, title, [self[name] for name in names if name in self.fields])
            for slug, title, names in self.section_list
            if not names or any(name in self.fields for name in names)
        ]

    def clean_opening_hours(self) -> str:
        value = (self.cleaned_data.get("opening_hours") or "").strip()
        if value and not hours.is_valid(value):
            raise forms.ValidationError(
                _("Ces horaires ne sont pas lisibles. Écrivez-les comme dans cet exemple : %(example)s"),
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


# The manager's own page also says where the place is and who runs it (the adhesion and the staff's corrections
# keep PlaceManageForm's facts). Its hours are not a field: they are entered with the weekly grid of their own page
# (places:manage_hours, where the raw expression stays as an advanced option); the section links there.
EDIT_SECTIONS: list[tuple[str, Any, list[str]]] = [
    ("presentation", _("Présentation"), ["description"]),
    ("adresse", _("Adresse"), ["address", "postal_code", "commune_name", "commune_choice"]),
    ("position", _("Position sur la carte"), ["latitude", "longitude"]),
    ("structure", _("Structure qui porte le lieu"), ["operator", "pivot"]),
    ("horaires", _("Horaires"), []),
    ("services", _("Accès et services"), ["access", "wifi", *SERVICE_FLAGS]),
    ("connexion", _("Connexion"), ["download_mbps", "upload_mbps", "technology", "connectivity_measured_on"]),
    ("pratique", _("Capacité et tarifs"), ["desks", "offices", "prices"]),
    ("contact", _("Contact"), ["phone", "email", "website"]),
]
_PHONE_CHARACTERS = re.compile(r"^[\d\s.\-+()/]+$")


def _coordinate_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "size": "12"})


class PlaceEditForm(PlaceManageForm):
    """Everything a manager keeps up to date on their place's page: PlaceManageForm's facts, plus the address
    (street, postal code, commune through the one commune lookup), the position, the structure and its SIRET,
    SIREN or RNA number. The position is empty while it is only the town hall's (the place's own is unknown)."""

    address = forms.CharField(
        label=_("Adresse (numéro et voie, ou lieu-dit)"),
        required=False,
        max_length=255,
        help_text=_("Par exemple : 2 rue de l'Épine, ou Le Bourg. Sans la commune : elle a son propre champ."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postal_code = forms.CharField(
        label=_("Code postal"),
        required=False,
        max_length=5,
        help_text=_("Obligatoire quand la commune a plusieurs codes postaux."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": "6"}),
    )
    commune_name = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Son nom, son code postal ou son code INSEE, ou le nom d'une ancienne commune."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "list": "commune-suggestions",
                "spellcheck": "false",
                # The same suggestions as the places' search (htmx fills the <datalist>).
                "data-hx-get": reverse_lazy("places:communes"),
                "data-hx-trigger": "input changed delay:250ms",
                "data-hx-target": "#commune-suggestions",
                "data-hx-swap": "innerHTML",
                "data-hx-push-url": "false",
                "data-hx-sync": "this:replace",
            }
        ),
        error_messages={"required": _("Indiquez la commune du lieu.")},
    )
    commune_choice = forms.ChoiceField(label=_("Laquelle ?"), required=False, widget=forms.RadioSelect, choices=[])
    latitude = forms.CharField(
        label=_("Latitude"),
        required=False,
        max_length=30,
        help_text=_("En degrés décimaux, par exemple 44,5181."),
        widget=_coordinate_widget(),
    )
    longitude = forms.CharField(
        label=_("Longitude"),
        required=False,
        max_length=30,
        help_text=_("En degrés décimaux, par exemple 3,5002."),
        widget=_coordinate_widget(),
    )
    operator = forms.CharField(
        label=_("Nom de la structure qui porte le lieu"),
        required=False,
        max_length=200,
        help_text=_("Commune, communauté de communes, association, entreprise…"),
    )
    pivot = forms.CharField(
        label=_("SIRET, SIREN ou RNA de la structure"),
        required=False,
        # Typed with its spaces ("434 933 123 00029"): the length is checked once they are removed.
        max_length=30,
        help_text=_(
            "SIRET (14 chiffres) ou SIREN (9 chiffres), à retrouver sur annuaire-entreprises.data.gouv.fr ; "
            "pour une association sans SIRET, son numéro RNA (W suivi de 9 chiffres). Exigé pour publier le lieu "
            "en données ouvertes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": "20"}),
    )

    section_list = EDIT_SECTIONS

    class Meta(PlaceManageForm.Meta):
        fields = [
            *(name for name in MANAGED_FIELDS if name != "opening_hours"),
            *("address", "postal_code", "latitude", "longitude", "operator", "pivot"),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.instance
        self.commune_match: Commune | None = None
        self._lookup = None
        if place.pk and not self.is_bound:
            self.initial["commune_name"] = commune_query_label(place.commune)
            if place.location_is_approximate:
                # The town hall's point is not the place's: the fields stay empty until someone knows it.
                self.initial["latitude"] = self.initial["longitude"] = ""
            else:
                for name in ("latitude", "longitude"):
                    value = getattr(place, name)
                    self.initial[name] = "" if value is None else position.format_coordinate(value)
        if self.is_bound:
            self._lookup = lookup_commune(self.data.get(self.add_prefix("commune_name")))
            if self._lookup.status == LookupStatus.AMBIGUOUS:
                self.commune_choice_field.choices = [
                    (str(c.pk), f"{c}, {c.current.main_postal_code}") for c in self._lookup.choices
                ]
        if not self.commune_choice_field.choices:
            del self.fields["commune_choice"]

    @property
    def commune_choice_field(self) -> forms.ChoiceField:
        field = self.fields["commune_choice"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        return field

    def clean_pivot(self) -> str:
        value = normalize_identifier(self.cleaned_data.get("pivot") or "")
        if value:
            validate_structure_identifier(value)
        return value

    def clean_postal_code(self) -> str:
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if value and not re.fullmatch(r"\d{5}", value):
            raise forms.ValidationError(_("Un code postal s'écrit en 5 chiffres, par exemple 48000."), code="format")
        return value

    def clean_phone(self) -> str:
        value = " ".join((self.cleaned_data.get("phone") or "").split())
        if value and (not _PHONE_CHARACTERS.match(value) or len(re.sub(r"\D", "", value)) < 9):
            raise forms.ValidationError(_("Indiquez un numéro de téléphone, par exemple 04 66 12 34 56."), code="phone")
        return value

    def _coordinate(self, name: str) -> float | None:
        raw = self.cleaned_data.get(name) or ""
        try:
            return position.parse_coordinate(raw)
        except ValueError:
            self.add_error(name, _("Saisissez un nombre en degrés décimaux, par exemple 44,5181."))
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The commune, through the one lookup; a postal code or a name shared by several is a choice to make.
        lookup = self._lookup
        choice = data.get("commune_choice")
        if lookup is not None and "commune_name" not in self.errors:
            if lookup.status == LookupStatus.AMBIGUOUS and choice:
                match = next((c for c in lookup.choices if str(c.pk) == choice), None)
                self.commune_match = match.current if match else None
            elif lookup.found and lookup.commune is not None:
                self.commune_match = lookup.commune
            if self.commune_match is None:
                self.add_error("commune_name", lookup.message)
        if self.commune_match is not None:
            data["commune"] = self.commune_match
            codes = self.commune_match.postal_code_list
            postal_code = data.get("postal_code")
            if postal_code and "postal_code" not in self.errors and postal_code not in codes:
                self.add_error(
                    "postal_code",
                    _("Le code postal %(code)s ne dessert pas %(commune)s : choisissez parmi %(codes)s.")
                    % {"code": postal_code, "commune": self.commune_match.name, "codes": ", ".join(codes)},
                )
        # The position: both or neither, inside Lozère.
        has_latitude = bool((data.get("latitude") or "").strip())
        has_longitude = bool((data.get("longitude") or "").strip())
        latitude = self._coordinate("latitude") if has_latitude else None
        longitude = self._coordinate("longitude") if has_longitude else None
        if has_latitude != has_longitude:
            missing = "longitude" if has_latitude else "latitude"
            self.add_error(missing, _("Indiquez la latitude et la longitude, ou aucune des deux."))
        elif latitude is not None and longitude is not None:
            problem = position.position_problem(latitude, longitude)
            if problem:
                self.add_error("latitude", problem)
        data["latitude"], data["longitude"] = latitude, longitude
        return data

    def _post_clean(self) -> None:
        # The commune is not a field of this form (it is typed as text): hand it to the instance for its checks.
        if self.commune_match is not None:
            self.instance.commune = self.commune_match
        super()._post_clean()  # type: ignore[misc]

    def changed_values(self) -> dict[str, Any]:
        """What the manager changed, in the place's fields: the commune and the position follow what was typed;
        an emptied position goes back to the town hall's, marked approximate."""
        place = self.instance
        changes = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in self.cleaned_data and name not in ("commune_name", "commune_choice", "latitude", "longitude")
        }
        commune = self.cleaned_data.get("commune")
        if commune is not None and commune.pk != place.commune_id:
            changes["commune"] = commune
        latitude, longitude = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if latitude is not None and longitude is not None:
            if place.location_is_approximate or not position.same_position(
                (latitude, longitude), (place.latitude, place.longitude)
            ):
                changes.update(latitude=latitude, longitude=longitude, location_is_approximate=False)
        else:
            town_hall = commune or place.commune
            if not place.location_is_approximate or "commune" in changes:
                changes.update(latitude=town_hall.latitude, longitude=town_hall.longitude, location_is_approximate=True)
        return changes


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
