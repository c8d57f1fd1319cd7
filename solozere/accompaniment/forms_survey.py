from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import Survey

USEFUL_CHOICES = [
    (5, _("5 — très utile")),
    (4, _("4")),
    (3, _("3")),
    (2, _("2")),
    (1, _("1 — pas utile du tout")),
]


class SurveyForm(forms.Form):
    answered = forms.ChoiceField(
        label=_("Avez-vous eu une réponse ?"),
        choices=Survey.Answered.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Dites si vous avez eu une réponse."),
            "invalid_choice": _("Choisissez une des réponses proposées."),
        },
    )
    useful = forms.TypedChoiceField(
        label=_("Cet accompagnement vous a-t-il été utile ?"),
        choices=USEFUL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Donnez une note de 1 à 5."),
            "invalid_choice": _("Donnez une note de 1 à 5."),
        },
    )
    comment = forms.CharField(
        label=_("Un commentaire ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lu par les structures qui ont eu votre demande, sans votre nom."),
        error_messages={"max_length": _("2 000 caractères au plus (vous en avez écrit %(show_value)s).")},
    )
