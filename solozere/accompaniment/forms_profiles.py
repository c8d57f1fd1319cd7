"""The staff's form of a partner profile: what the organisation handles (topics), where (zones: none ticked is the
whole département), whether it receives requests, a note on its territory, its address."""

from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import PartnerProfile
from solozere.accompaniment.topics import Topic
from solozere.territory.models import Zone


class PartnerProfileForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Sujets traités"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les demandes sur ces sujets lui sont transmises, sur son territoire."),
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Territoire"),
        queryset=Zone.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune zone cochée : toute la Lozère."),
        error_messages={
            "invalid_choice": _("Cette zone n'existe pas (ou plus) : rechargez la page."),
            "invalid_pk_value": _("Cette zone n'existe pas (ou plus) : rechargez la page."),
        },
    )
    receives_requests = forms.BooleanField(
        label=_("Reçoit des demandes"),
        required=False,
        help_text=_("Décochez tant que son territoire n'est pas connu. Une structure fermée n'en reçoit jamais."),
    )
    territory_note = forms.CharField(
        label=_("À propos du territoire"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour l'équipe : ce que l'on sait ou ignore de son territoire (300 caractères au plus)."),
    )
    contact_email = forms.EmailField(
        label=_("Adresse e-mail de la structure"),
        max_length=254,
        required=False,
        help_text=_(
            "Reçoit les demandes en plus de ses agents. N'inventez aucune adresse : celle que la structure a donnée."
        ),
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide (exemple : accueil@structure.fr).")},
    )

    @classmethod
    def initial_of(cls, profile: PartnerProfile | None) -> dict[str, Any]:
        if profile is None:
            return {"receives_requests": False}
        return {
            "topics": list(profile.topics),
            "zones": list(profile.zones.all()),
            "receives_requests": profile.receives_requests,
            "territory_note": profile.territory_note,
            "contact_email": profile.contact_email,
        }

    def zone_groups(self) -> list[tuple[str, list[BoundWidget]]]:
        """The zones' checkboxes grouped by kind (cantons of 2014, EPCIs, custom zones), in the kinds' order."""
        queryset = self.fields["zones"].queryset  # type: ignore[attr-defined]
        kind_of = {str(pk): kind for pk, kind in queryset.values_list("pk", "kind")}
        groups: dict[str, list[BoundWidget]] = {value: [] for value in Zone.Kind.values}
        for widget in self["zones"]:
            groups[kind_of.get(str(widget.data["value"]), Zone.Kind.CUSTOM)].append(widget)
        labels = dict(Zone.Kind.choices)
        return [(str(labels[kind]), widgets) for kind, widgets in groups.items() if widgets]
