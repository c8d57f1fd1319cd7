"""Forms of registrations: the registration form (the organiser's questions; a visitor's name and address), the
organiser's cancellation with its reason, a mark on the attendance sheet.

The site is not a field: each site has its own button (`name="site"`), so that a person registers in one click for
the site they choose; `clean` checks that the button named a site of this event."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.events.models import EventSite, Question, QuestionKind

TEXT_ANSWER_MAX = 1000
REASON_MAX = 2000
YES, NO = "oui", "non"
# Up to this many choices show as radio buttons; more, as a list.
RADIO_CHOICES_MAX = 6

REQUIRED_ANSWER = _("Répondez à cette question.")
UNKNOWN_CHOICE = _("Choix inconnu : « %(value)s ». Choisissez dans la liste.")


def question_key(question: Question) -> str:
    return f"question_{question.pk}"


def _question_field(question: Question) -> forms.Field:
    messages = {"required": REQUIRED_ANSWER, "invalid_choice": UNKNOWN_CHOICE}
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            label=question.label,
            choices=[(YES, _("Oui")), (NO, _("Non"))],
            widget=forms.RadioSelect,
            required=question.required,
            error_messages=messages,
        )
    if question.kind == QuestionKind.CHOICE:
        options = [(choice, choice) for choice in question.choice_list]
        if len(options) <= RADIO_CHOICES_MAX:
            return forms.ChoiceField(
                label=question.label,
                choices=options,
                widget=forms.RadioSelect,
                required=question.required,
                error_messages=messages,
            )
        return forms.ChoiceField(
            label=question.label,
            choices=[("", _("Choisissez…")), *options],
            required=question.required,
            error_messages=messages,
        )
    return forms.CharField(
        label=question.label,
        max_length=TEXT_ANSWER_MAX,
        required=question.required,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            **messages,
            "max_length": _("Répondez en %(limit_value)s caractères au plus (vous en avez écrit %(show_value)s)."),
        },
    )


class RegistrationForm(forms.Form):
    def __init__(
        self,
        data: Any = None,
        *,
        sites: list[EventSite],
        questions: list[Question],
        visitor: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.sites = sites
        self.questions = questions
        self.visitor = visitor
        if visitor:
            self.fields["name"] = forms.CharField(
                label=_("Vos prénom et nom"),
                max_length=150,
                error_messages={"required": _("Indiquez votre nom : l'organisateur le lit sur la liste.")},
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            )
            self.fields["email"] = forms.EmailField(
                label=_("Votre adresse e-mail"),
                max_length=254,
                help_text=_("Nous y envoyons le lien qui confirme votre inscription."),
                error_messages={
                    "required": _("Indiquez votre adresse e-mail : le lien de confirmation y part."),
                    "invalid": _("Cette adresse e-mail n'est pas valide."),
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
            # A field people never see nor fill in: robots that fill every input give themselves away.
            self.fields["website"] = forms.CharField(
                label=_("Ne remplissez pas ce champ"),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )
        for question in questions:
            self.fields[question_key(question)] = _question_field(question)

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question_key(question)] for question in self.questions]

    @property
    def chosen_site_pk(self) -> str:
        return str(self.data.get("site", "")) if self.is_bound else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = str(self.data.get("site", "")).strip()
        site = next((site for site in self.sites if raw.isascii() and raw.isdecimal() and site.pk == int(raw)), None)
        if site is None:
            self.add_error(None, _("Choisissez l'un des sites de l'événement, avec son bouton « S'inscrire »."))
        data["site"] = site
        return data

    @property
    def answers(self) -> dict[str, str]:
        """{question pk: answer}, the questions left blank left out."""
        result = {}
        for question in self.questions:
            value = (self.cleaned_data.get(question_key(question)) or "").strip()
            if value:
                result[str(question.pk)] = value
        return result

    @property
    def is_robot(self) -> bool:
        return self.visitor and bool((self.data.get("website") or "").strip())


class OrganiserCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (envoyé à la personne)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif : la personne le recevra par e-mail.")},
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("présent")), ("0", _("absent"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Dites si la personne est venue."), "invalid_choice": UNKNOWN_CHOICE},
    )
