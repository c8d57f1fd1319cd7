"""The places search form. Its values live in the URL (GET) so that a search can be shared.

`solozere.places.search.search_places` binds it and applies it; this module only declares the fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.places.models import SERVICE_LABELS, PlaceKind

DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 300


class DemoChoice:
    INCLUDE = "inclure"
    EXCLUDE = "exclure"
    ONLY = "seulement"


class PlaceSearchForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Type de lieu"), choices=PlaceKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    service = forms.MultipleChoiceField(
        label=_("Services"),
        choices=list(SERVICE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    commune = forms.CharField(
        label=_("Près de chez moi : commune, ancienne commune ou code postal"),
        required=False,
        max_length=120,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "list": "commune-suggestions", "spellcheck": "false", "type": "search"}
        ),
    )
    radius = forms.IntegerField(
        label=_("Rayon (km)"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        # A text input, not type=number: the browser would silently drop "abc" instead of letting us explain.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "5", "autocomplete": "off"}),
        error_messages={"invalid": _("Le rayon doit être un nombre entier de kilomètres.")},
    )
    demo = forms.ChoiceField(
        label=_("Lieux de démonstration"),
        choices=[
            (DemoChoice.INCLUDE, _("Afficher (signalés « démo »)")),
            (DemoChoice.EXCLUDE, _("Masquer")),
            (DemoChoice.ONLY, _("Seulement eux")),
        ],
        required=False,
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Le numéro de page doit être un nombre entier.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["radius"].error_messages.update(
            {
                "min_value": _("Le rayon doit être d'au moins 1 km."),
                "max_value": _("Le rayon ne peut pas dépasser %(limit_value)s km."),
            }
        )
        self.fields["page"].error_messages.update({"min_value": _("Le numéro de page doit être au moins 1.")})
        self.fields["kind"].error_messages.update(
            {"invalid_choice": _("Type de lieu inconnu : « %(value)s ». Choisissez parmi les types proposés.")}
        )
        self.fields["service"].error_messages.update(
            {"invalid_choice": _("Service inconnu : « %(value)s ». Choisissez parmi les services proposés.")}
        )
        self.fields["demo"].error_messages.update(
            {"invalid_choice": _("Choix inconnu pour les lieux de démonstration : « %(value)s ».")}
        )
