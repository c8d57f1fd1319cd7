"""Forms of the corrections visitors propose, and of the staff's handling of them."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.places.forms_manage import PlaceManageForm
from solozere.places.models import CorrectionField, NetworkStatus

TEXT_MAX = 2000


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Qu'est-ce qui est inexact ?"),
        choices=[("", _("Choisissez…")), *CorrectionField.choices],
        error_messages={
            "required": _("Dites ce qui est inexact."),
            "invalid_choice": _("Choix inconnu : « %(value)s ». Choisissez dans la liste."),
        },
    )
    proposed_value = forms.CharField(
        label=_("Information correcte"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple les bons horaires, le bon numéro de téléphone."),
    )
    reason = forms.CharField(
        label=_("Pourquoi ? Comment le savez-vous ?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Dites-nous pourquoi, en quelques mots.")},
    )
    email = forms.EmailField(
        label=_("Votre e-mail (facultatif)"),
        required=False,
        max_length=254,
        help_text=_("Seulement pour vous dire ce que nous en avons fait. Il n'est ni publié ni réutilisé."),
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide.")},
    )
    # A field people never see nor fill in: robots that fill every input give themselves away.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        field = data.get("field")
        if field and field != CorrectionField.OTHER and not (data.get("proposed_value") or "").strip():
            self.add_error("proposed_value", _("Indiquez l'information correcte (ou choisissez « Autre chose »)."))
        return data

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class CorrectionApplyForm(PlaceManageForm):
    """The staff's form to apply a correction: only the place's field it is about (with the place's own
    validation, pre-filled with the visitor's proposal), and a note. "Autre chose" has only the note."""

    note = forms.CharField(
        label=_("Note (gardée avec la correction, envoyée à qui l'a proposée)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta(PlaceManageForm.Meta):
        fields = [*PlaceManageForm.Meta.fields, "address", "status"]

    def __init__(self, *args: Any, target: str, **kwargs: Any) -> None:
        omit = [name for name in self.base_fields if name not in (target, "note")]
        omit += [name for name in self._meta.fields or [] if name not in (target, "note")]
        super().__init__(*args, omit=omit, **kwargs)
        self.target = target
        # Compared with what the place holds, not with the pre-filled proposal.
        self.current_value = getattr(self.instance, target, None)
        if target == CorrectionField.OTHER:
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = _("Dites ce qui a été fait de cette proposition.")
        if "status" in self.fields:
            # "Membre du réseau" and "suspendu" come from the charter's review, not from a correction.
            self.fields["status"] = forms.ChoiceField(
                label=self.fields["status"].label,
                choices=[
                    (status.value, status.label)
                    for status in NetworkStatus
                    if status not in (NetworkStatus.MEMBER, NetworkStatus.SUSPENDED)
                ],
            )

    def changed_values(self) -> dict[str, Any]:
        if self.target not in self.fields:
            return {}
        value = self.cleaned_data.get(self.target)
        return {} if value == self.current_value else {self.target: value}


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Pourquoi l'écarter ?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Dites pourquoi cette proposition est écartée.")},
    )
