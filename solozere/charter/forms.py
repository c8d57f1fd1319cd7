"""Forms of the charter pages: a place's adhesion (evidence per criterion, acceptance), the staff's review, a new
charter version. Validation only."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solozere.charter.evidence import ACCEPT_DOCUMENT, document_evidence, photo_evidence
from solozere.charter.models import (
    CHARTER_KINDS,
    CharterCriterion,
    CharterVersion,
    EvidenceKind,
    MembershipEvidence,
    ReviewState,
)
from solozere.charter.services import EvidenceInput
from solozere.core.uploads import ACCEPT_ATTRIBUTE
from solozere.places.forms_manage import MAX_MBPS, PlaceManageForm
from solozere.places.models import Place

TEXT_MAX = 2000


def _number_messages(field: forms.Field) -> None:
    field.error_messages.update(
        {
            "invalid": _("Saisissez un nombre, par exemple 45 ou 45,5."),
            "min_value": _("Ce nombre doit être supérieur à zéro."),
            "max_value": _("Ce nombre ne peut pas dépasser %(limit_value)s."),
            "max_decimal_places": _("Un chiffre après la virgule au plus."),
            "max_digits": _("Ce nombre est trop long."),
        }
    )


# --- Adhesion -----------------------------------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    """The evidence for one criterion; which input is required depends on the criterion's evidence kind."""

    text = forms.CharField(
        label=_("Explication"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criterion: CharterCriterion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        kind = criterion.evidence_kind
        if kind == EvidenceKind.TEXT:
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = _(
                "Expliquez en quelques mots comment ce critère est rempli."
            )
        else:
            self.fields["text"].label = _("Commentaire (facultatif)")
        if kind == EvidenceKind.PHOTO:
            self.fields["file"] = forms.FileField(
                label=_("Photo (JPEG, PNG ou WebP)"),
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
                error_messages={"required": _("Ajoutez une photo."), "empty": _("Le fichier envoyé est vide.")},
            )
        elif kind == EvidenceKind.DOCUMENT:
            self.fields["file"] = forms.FileField(
                label=_("Document (PDF, JPEG, PNG ou WebP)"),
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENT}),
                error_messages={
                    "required": _("Ajoutez un document (PDF ou image)."),
                    "empty": _("Le fichier envoyé est vide."),
                },
            )
        elif kind == EvidenceKind.SPEED_TEST:
            self.fields["speed_mbps"] = forms.DecimalField(
                label=_("Débit descendant mesuré (Mbit/s)"),
                min_value=Decimal("0.1"),
                max_value=MAX_MBPS,
                decimal_places=1,
                max_digits=7,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "8"}),
                help_text=_("Le résultat d'un test de débit fait dans le lieu, sur le réseau proposé aux usagers."),
            )
            _number_messages(self.fields["speed_mbps"])
            self.fields["speed_mbps"].error_messages["required"] = _("Indiquez le débit descendant mesuré, en Mbit/s.")
        self.stored: Any = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        check = photo_evidence if self.criterion.evidence_kind == EvidenceKind.PHOTO else document_evidence
        self.stored = check(upload)  # a French ValidationError for anything else
        return upload

    def evidence_input(self) -> EvidenceInput:
        upload = self.cleaned_data.get("file")
        return EvidenceInput(
            text=self.cleaned_data.get("text", ""),
            speed_mbps=self.cleaned_data.get("speed_mbps"),
            stored=self.stored,
            file_name=str(getattr(upload, "name", "") or ""),
        )


class AcceptCharterForm(forms.Form):
    accept = forms.BooleanField(
        error_messages={"required": _("Cochez la case pour accepter la charte : sans elle, pas d'adhésion.")},
    )

    def __init__(self, *args: Any, version: CharterVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept"].label = _("J'ai lu la %(version)s et j'engage le lieu à la respecter.") % {
            "version": version
        }


class KindChoiceForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type de lieu sous lequel adhérer"),
        choices=CHARTER_KINDS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez Comptoir ou Télécentre.")},
    )


def adhesion_details_form(data: Any, *, place: Place, omit: list[str], prefix: str = "lieu") -> PlaceManageForm:
    return PlaceManageForm(data, instance=place, omit=omit, prefix=prefix)


# --- Staff review -------------------------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    """One verdict (and a note) per evidence row, a decision, and its reason."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Valider")), ("refuse", _("Refuser"))],
        error_messages={
            "required": _("Choisissez de valider ou de refuser."),
            "invalid_choice": _("Décision inconnue."),
        },
    )
    note = forms.CharField(
        label=_("Motif de la décision (envoyé au gestionnaire)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, evidence: list[MembershipEvidence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.evidence = evidence
        for row in evidence:
            self.fields[f"etat_{row.pk}"] = forms.ChoiceField(
                label=_("Avis sur « %(label)s »") % {"label": row.criterion.label},
                choices=[(ReviewState.ACCEPTED, _("conforme")), (ReviewState.REJECTED, _("non conforme"))],
                widget=forms.RadioSelect,
                initial=row.review_state if row.review_state != ReviewState.PENDING else None,
                error_messages={
                    "required": _("Donnez un avis sur ce critère."),
                    "invalid_choice": _("Avis inconnu : choisissez conforme ou non conforme."),
                },
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("Remarque sur ce critère"),
                required=False,
                max_length=TEXT_MAX,
                initial=row.review_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.evidence:
            if data.get(f"etat_{row.pk}") == ReviewState.REJECTED and not (data.get(f"note_{row.pk}") or "").strip():
                self.add_error(f"note_{row.pk}", _("Dites pourquoi ce critère n'est pas conforme."))
        return data

    def rows(self) -> list[tuple[MembershipEvidence, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"etat_{row.pk}"], self[f"note_{row.pk}"]) for row in self.evidence]


class ReasonForm(forms.Form):
    note = forms.CharField(
        label=_("Commentaire"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Corrections --------------------------------------------------------------------------------------------------


# --- Charter versions ---------------------------------------------------------------------------------------------


class CharterDraftForm(forms.Form):
    text = forms.CharField(
        label=_("Texte de la charte"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Écrivez le texte de la charte.")},
    )
    changes = forms.CharField(
        label=_("Ce qui change par rapport à la version précédente"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Résumez ce qui change : les gestionnaires le liront avant de ré-adhérer.")},
    )
    min_download_mbps = forms.DecimalField(
        label=_("Débit descendant minimal d'un Télécentre (Mbit/s)"),
        min_value=Decimal("0.1"),
        max_value=10000,
        decimal_places=1,
        max_digits=6,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "8"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _number_messages(self.fields["min_download_mbps"])
        self.fields["min_download_mbps"].error_messages["required"] = _("Indiquez le débit minimal, en Mbit/s.")


def validation_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]
