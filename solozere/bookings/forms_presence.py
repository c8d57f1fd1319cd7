from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.places.selectors import commune_query_label
from solozere.territory.models import Commune
from solozere.territory.selectors import lookup_commune


class CheckInForm(forms.Form):
    visible_to_members = forms.BooleanField(
        label=_("Les autres membres du réseau peuvent voir mon nom ici aujourd'hui"),
        required=False,
        help_text=_("Sinon, vous êtes seulement compté(e), sans nom. Les visiteurs ne voient jamais rien."),
    )


class CommuteProfileForm(forms.Form):
    employer_commune = forms.CharField(
        label=_("Commune du site de votre employeur"),
        max_length=120,
        required=False,
        help_text=_(
            "Là où vous iriez travailler sans le télétravail : nom, code postal ou code INSEE d'une commune de "
            "Lozère. Laissez vide pour ne rien compter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    share_presence = forms.BooleanField(
        label=_("Par défaut, montrer mon nom aux autres membres quand je signale ma présence"),
        required=False,
        help_text=_("Vous pouvez changer d'avis à chaque fois."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune_match: Commune | None = None

    def clean_employer_commune(self) -> str:
        value = self.cleaned_data.get("employer_commune", "")
        if value:
            lookup = lookup_commune(value)
            if not lookup.found:
                names = " ; ".join(commune_query_label(c) for c in lookup.choices[:8])
                raise forms.ValidationError(f"{lookup.message} {names}".strip(), code=str(lookup.status))
            self.commune_match = lookup.commune
        return value
