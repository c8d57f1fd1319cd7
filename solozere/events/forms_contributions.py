"""Forms of contributions: a proposal, a decision's reason, the material published after the event, a withdrawal.
Validation of what was typed only: the document is checked by its content in the service."""

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from solozere.core.uploads import EXTENSION_OF_TYPE
from solozere.events.models import ContributionKind
from solozere.events.services_contributions import (
    ACCEPTED_FILE_TYPES,
    MAX_LINK,
    MAX_NOTES,
    MAX_SUMMARY,
    PROPOSAL_KINDS,
    ContributionLicence,
    Material,
    Proposal,
)

WEB_ADDRESS = _("Donnez l'adresse complète d'une page web, commençant par https:// (ou http://).")


def _too_long(limit: int) -> Any:
    # Lazy: the forms are built at import time, the message is read in the language of each request.
    return format_lazy(_("Ce texte est trop long : {max} caractères au plus."), max=limit)


def _text(
    label: Any, *, max_length: int, required: bool = False, rows: int = 0, help_text: Any = ""
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    field = forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, help_text=help_text, strip=True
    )
    field.error_messages["max_length"] = _too_long(max_length)
    return field


class ProposalForm(forms.Form):
    """A talk or a workshop proposed before the event."""

    kind_choices: tuple[str, ...] = PROPOSAL_KINDS

    kind = forms.ChoiceField(label=_("Vous proposez"), widget=forms.RadioSelect)
    title = _text(_("Titre"), max_length=200, required=True)
    summary = _text(
        _("Résumé"),
        max_length=MAX_SUMMARY,
        rows=6,
        help_text=format_lazy(
            _("Ce que vous présenterez, à qui, combien de temps il vous faut ({max} caractères au plus)."),
            max=MAX_SUMMARY,
        ),
    )
    speaker = _text(_("Intervenant(e)s"), max_length=200, help_text=_("Les noms tels qu'ils seront annoncés."))
    organisation_name = _text(_("Structure"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - declared above
        kind.choices = [(value, label) for value, label in ContributionKind.choices if value in self.kind_choices]
        if len(self.kind_choices) == len(PROPOSAL_KINDS):
            kind.initial = ContributionKind.TALK
        kind.error_messages.update(
            {
                "required": _("Choisissez le type de contribution."),
                "invalid_choice": _("Choisissez un des types proposés."),
            }
        )
        self.fields["title"].error_messages["required"] = _("Donnez un titre.")

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            kind=data["kind"],
            title=data["title"],
            summary=data.get("summary", ""),
            speaker=data.get("speaker", ""),
            organisation_name=data.get("organisation_name", ""),
        )


class MaterialForm(forms.Form):
    """What a contribution leaves behind after the event: a document, a link, notes, and under which licence."""

    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_(
            "Le support de présentation ou un document : un PDF ou une image (JPEG, PNG, WebP), 10 Mo au plus."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted({*ACCEPTED_FILE_TYPES, *(f".{e}" for e in EXTENSION_OF_TYPE.values())}))}
        ),
    )
    link = forms.URLField(
        label=_("Lien vers une vidéo ou une page"),
        required=False,
        max_length=MAX_LINK,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"], message=WEB_ADDRESS)],
        help_text=_("Par exemple https://www.youtube.com/watch?v=… ou la page de l'intervenant."),
    )
    notes = _text(_("Notes ou compte rendu"), max_length=MAX_NOTES, rows=8)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=ContributionLicence.choices,
        widget=forms.RadioSelect,
        help_text=_("Sous quelles conditions d'autres peuvent reprendre la contribution."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].error_messages.update({"invalid": WEB_ADDRESS, "max_length": _too_long(MAX_LINK)})
        self.fields["licence"].error_messages.update(
            {
                "required": _("Choisissez la licence sous laquelle la contribution est publiée."),
                "invalid_choice": _("Choisissez une des licences proposées."),
            }
        )
        self.fields["file"].error_messages.update(
            {"empty": _("Le fichier envoyé est vide."), "invalid": _("Choisissez un fichier.")}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("file") or data.get("link") or data.get("notes")):
            raise forms.ValidationError(
                _("Ajoutez au moins un document, un lien vers une vidéo ou une page, ou des notes.")
            )
        return data

    def material(self) -> Material:
        data = self.cleaned_data
        return Material(
            upload=data.get("file") or None,
            link=data.get("link", ""),
            notes=data.get("notes", ""),
            licence=data["licence"],
        )


class DirectPublicationForm(ProposalForm, MaterialForm):
    """The organiser publishes a contribution nobody proposed: what it is, and what it leaves behind."""

    kind_choices = tuple(ContributionKind.values)
    field_order = ["kind", "title", "summary", "speaker", "organisation_name", "file", "link", "notes", "licence"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("Type de contribution")
        self.fields["kind"].initial = ContributionKind.SLIDES


class DeclineForm(forms.Form):
    reason = _text(
        _("Motif"),
        max_length=MAX_SUMMARY,
        required=True,
        rows=3,
        help_text=_("La personne qui a proposé le reçoit par e-mail."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Indiquez le motif : la personne le recevra par e-mail.")


class WithdrawForm(forms.Form):
    reason = _text(_("Pourquoi la retirer ?"), max_length=MAX_SUMMARY, rows=2)
