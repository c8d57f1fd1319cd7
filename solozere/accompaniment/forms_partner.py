"""The agent's forms: answer the person, finish with an outcome, decline with a reason, hand over with a note."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import MAX_DESCRIPTION, Assignment
from solozere.accompaniment.services import free_organisations
from solozere.core.forms import date_field
from solozere.organisations.selectors import active_agents

TOO_LONG = _("%(limit_value)s caractères au plus (vous en avez écrit %(show_value)s).")


def _text(label: Any, required: Any, help_text: Any = "", rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_DESCRIPTION,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required, "max_length": TOO_LONG},
    )


class AnswerForm(forms.Form):
    body = _text(
        _("Votre réponse à la personne"),
        _("Écrivez votre réponse."),
        _(
            "Envoyée par e-mail à la personne, signée du nom de votre structure ; elle la lit aussi sur sa page de suivi."
        ),
    )


class FinishForm(forms.Form):
    outcome = _text(
        _("Ce qui a été fait"),
        _("Dites ce qui a été fait : le résultat est demandé."),
        _("Pour les structures et l'équipe du réseau (la personne a déjà vos réponses)."),
        rows=4,
    )


class DeclineForm(forms.Form):
    reason = _text(
        _("Pourquoi ce n'est pas pour vous"),
        _("Dites pourquoi cette demande n'est pas pour vous."),
        _("La demande repart vers les autres structures qui couvrent ses sujets, ou vers l'équipe du réseau."),
        rows=4,
    )


class HandOverForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Structure qui reprend la demande"),
        queryset=Assignment.objects.none(),
        empty_label=_("Choisissez une structure"),
        error_messages={
            "required": _("Choisissez la structure qui reprend la demande."),
            "invalid_choice": _("Cette structure ne peut pas reprendre la demande : choisissez dans la liste."),
        },
    )
    note = _text(
        _("Note pour cette structure"),
        _("Écrivez une note pour la structure qui reprend la demande."),
        _("Ce qui a été fait, pourquoi elle est mieux placée. La personne est prévenue, sans la note."),
        rows=4,
    )

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = free_organisations(assignment.request_id)  # type: ignore[attr-defined]


class AbsenceForm(forms.Form):
    starts_on = date_field(_("Absent(e) du"))
    ends_on = date_field(_("au (inclus)"))
    note = forms.CharField(
        label=_("Note pour vos collègues"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : congés, formation. Vos collègues la lisent quand vos demandes leur reviennent."),
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin de l'absence vient après son début."))
        if ends_on and ends_on < timezone.localdate():
            self.add_error("ends_on", _("Cette absence est déjà passée : indiquez une absence à venir ou en cours."))
        return data


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.email
        return f"{name} — {', '.join(sorted({part.organisation.name for part in obj.organisation_memberships.all()}))}"


class StaffAbsenceForm(AbsenceForm):
    """The staff mark an agent absent for them (off sick, gone without saying): the agents of the organisations
    still in activity, each with the organisations they act for."""

    field_order = ["agent", "starts_on", "ends_on", "note"]

    agent = AgentChoiceField(
        label=_("Agent"),
        queryset=None,
        empty_label=_("Choisissez l'agent"),
        error_messages={
            "required": _("Choisissez l'agent absent."),
            "invalid_choice": _("Cette personne n'est pas agent d'une structure en activité."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Note pour ses collègues")
        self.fields["note"].help_text = _(
            "Par exemple : arrêt, formation. Ses collègues la lisent quand ses demandes leur reviennent."
        )
        self.fields["agent"].queryset = active_agents()  # type: ignore[attr-defined]
