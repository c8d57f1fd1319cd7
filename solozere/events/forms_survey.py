"""The satisfaction survey's form: a rating from 1 to 5, useful or not, a comment. Validation only."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from solozere.events.services_survey import MAX_COMMENT

RATING_CHOICES = [
    ("5", _("5 — Excellent")),
    ("4", _("4 — Bien")),
    ("3", _("3 — Moyen")),
    ("2", _("2 — Décevant")),
    ("1", _("1 — Très décevant")),
]
YES_NO = [("oui", _("Oui")), ("non", _("Non"))]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Quelle note donnez-vous à cet événement ?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    useful = forms.ChoiceField(
        label=_("Vous a-t-il été utile (dans votre travail, votre projet) ?"), choices=YES_NO, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Un commentaire pour l'organisateur"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _("Lu par l'organisateur seulement, jamais publié ({max} caractères au plus)."), max=MAX_COMMENT
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].error_messages.update(
            {"required": _("Choisissez une note de 1 à 5."), "invalid_choice": _("Choisissez une note de 1 à 5.")}
        )
        self.fields["useful"].error_messages.update(
            {"required": _("Répondez par oui ou par non."), "invalid_choice": _("Répondez par oui ou par non.")}
        )
        self.fields["comment"].error_messages["max_length"] = format_lazy(
            _("Le commentaire est trop long : {max} caractères au plus."), max=MAX_COMMENT
        )

    @property
    def is_useful(self) -> bool:
        return self.cleaned_data["useful"] == "oui"
