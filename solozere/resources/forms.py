"""Forms of the resource centre: they read what was typed and hand clean values to the services. A form with errors
is shown again filled (a file input cannot be: the page asks for the file again)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.resources.models import Audience, Kind, Licence, Topic, web_url_validator
from solozere.resources.services import ProposalData

ACCEPT_DOCUMENT = "application/pdf,image/jpeg,image/png,image/webp"


class WebURLField(forms.URLField):
    """http and https only (Django's own URLField also takes ftp): one validator, so one message."""

    default_validators = [web_url_validator]


def _with_blank(choices: list[tuple[str, Any]], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce que la ressource apporte, et à qui, en quelques phrases."),
    )
    kind = forms.ChoiceField(label=_("Type de ressource"), choices=_with_blank(Kind.choices, _("Choisissez…")))
    author = forms.CharField(label=_("Auteur ou autrice"), max_length=200, help_text=_("Une personne ou un organisme."))
    organisation = forms.CharField(label=_("Organisme de l'auteur"), max_length=200, required=False)
    document_date = forms.DateField(
        label=_("Date du document"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Le jour de sa publication ; le premier du mois si vous ne connaissez que le mois."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=_with_blank(Licence.choices, _("Choisissez…")))
    licence_other = forms.CharField(
        label=_("Autre licence : laquelle ?"),
        max_length=200,
        required=False,
        help_text=_("Seulement si vous avez choisi « autre licence »."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un thème.")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Pour qui ?"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un public.")},
    )
    file = forms.FileField(
        label=_("Document (PDF, ou image JPEG, PNG ou WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("Reconnu par son contenu, pas par son nom. Ou bien, à la place, un lien ci-dessous."),
        error_messages={"empty": _("Le fichier envoyé est vide.")},
    )
    url = WebURLField(
        label=_("Lien vers la ressource"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Une page web (https://…), si la ressource est en ligne plutôt qu'un document à envoyer."),
        error_messages={"invalid": _("Saisissez une adresse web qui commence par https://.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if has_file and has_url:
            self.add_error("url", _("Envoyez un document ou indiquez un lien, pas les deux."))
        elif not has_file and not has_url and "url" not in self.errors and "file" not in self.errors:
            self.add_error("file", _("Envoyez un document (PDF ou image) ou indiquez le lien de la ressource."))
        if data.get("licence") == Licence.OTHER and not (data.get("licence_other") or "").strip():
            self.add_error("licence_other", _("Précisez la licence."))
        return data

    def proposal(self) -> ProposalData:
        data = self.cleaned_data
        return ProposalData(
            title=data["title"],
            summary=data["summary"],
            kind=data["kind"],
            author=data["author"],
            organisation=data["organisation"],
            document_date=data["document_date"],
            licence=data["licence"],
            licence_other=data["licence_other"],
            topics=data["topics"],
            audiences=data["audiences"],
            url=data["url"],
            upload=data.get("file"),
        )


class ReasonForm(forms.Form):
    """The reason of a refusal or a withdrawal: the proposer receives it."""

    reason = forms.CharField(
        label=_("Motif, envoyé à la personne qui l'a proposée"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez le motif : il est envoyé à la personne qui a proposé la ressource.")},
    )
