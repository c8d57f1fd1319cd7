"""The staff's form to route a request by hand: the organisations chosen, and which one is the lead."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import ProjectRequest
from solozere.accompaniment.services import hand_routing_targets, has_active_lead
from solozere.organisations.models import Organisation

_NOT_IN_LIST = _("Cette structure ne peut pas recevoir la demande : choisissez dans la liste.")


class RouteByHandForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Structures à qui transmettre la demande"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins une structure."),
            "invalid_choice": _NOT_IN_LIST,
            "invalid_pk_value": _NOT_IN_LIST,
        },
        help_text=_("En activité et recevant des demandes ; celles qui l'ont déjà n'y sont pas."),
    )
    lead = forms.ModelChoiceField(
        label=_("Structure chef de file"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Celle cochée, si vous n'en cochez qu'une"),
        error_messages={"invalid_choice": _NOT_IN_LIST},
        help_text=_("Elle suit la demande de bout en bout : l'une de celles que vous cochez."),
    )

    def __init__(self, *args: Any, project_request: ProjectRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = hand_routing_targets(project_request)
        self.fields["organisations"].queryset = targets  # type: ignore[attr-defined]
        self.has_lead = has_active_lead(project_request)
        if self.has_lead:
            del self.fields["lead"]
        else:
            self.fields["lead"].queryset = targets  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("organisations")
        lead = data.get("lead")
        if chosen is not None and lead is not None and lead not in chosen:
            self.add_error("lead", _("La structure chef de file doit être l'une de celles que vous avez cochées."))
        elif chosen is not None and not self.has_lead and lead is None and len(chosen) > 1:
            self.add_error("lead", _("Choisissez la structure chef de file parmi celles que vous avez cochées."))
        return data
