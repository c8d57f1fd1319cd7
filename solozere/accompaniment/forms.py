"""Forms of a project request: the request itself (/accompagnement/) and the person's reply from their private link.

What was typed is never lost: a form with errors comes back bound. The commune goes through the one lookup
(territory.selectors.lookup_commune): found, ambiguous (the communes it may be are offered as choices), or not
found (said, with the way to send it as typed: a hamlet, a lieu-dit); or the person has not chosen one yet."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import MAX_DESCRIPTION
from solozere.accompaniment.services import NewRequest
from solozere.accompaniment.topics import RequesterKind, Topic
from solozere.accounts.selectors import has_verified_email
from solozere.core.identifiers import normalize_identifier, siret_key_is_valid
from solozere.territory.models import Commune
from solozere.territory.selectors import CommuneLookup, LookupStatus, lookup_commune

NAME_MAX = 150
COMMUNE_MAX = 120
COMPANY_MAX = 200

UNKNOWN_CHOICE = _("Choix inconnu : « %(value)s ». Choisissez dans la liste.")
SIRET_INVALID = _("Ce SIRET n'est pas valide : vérifiez les 14 chiffres.")
NO_TOPIC = _("Choisissez au moins un sujet.")
TOO_LONG = _("Écrivez %(limit_value)s caractères au plus (vous en avez écrit %(show_value)s).")


def commune_choice_label(row: Commune) -> str:
    """ "Javols (Peyre en Aubrac), 48130": a commune déléguée says which current commune it belongs to."""
    code = row.main_postal_code
    return f"{row}, {code}" if code else str(row)


class RequestForm(forms.Form):
    requester_kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites qui fait la demande."), "invalid_choice": UNKNOWN_CHOICE},
    )
    name = forms.CharField(
        label=_("Vos prénom et nom"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Indiquez votre nom : les structures partenaires s'adressent à vous."),
            "max_length": TOO_LONG,
        },
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Les réponses des structures y arrivent, avec le lien pour suivre votre demande."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail : les réponses y arrivent."),
            "invalid": _("Cette adresse e-mail n'est pas valide."),
            "max_length": TOO_LONG,
        },
    )
    company_name = forms.CharField(
        label=_("Nom de l'entreprise"),
        max_length=COMPANY_MAX,
        required=False,
        help_text=_("Pour une entreprise, ou si votre projet concerne la vôtre."),
        error_messages={"max_length": TOO_LONG},
    )
    siret = forms.CharField(
        label=_("SIRET de l'entreprise"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "14 chiffres, s'il y en a un. Une entreprise qui n'est pas encore créée n'en a pas : laissez vide."
        ),
        error_messages={"max_length": SIRET_INVALID},
    )
    # Required unless "not chosen yet" is ticked (__init__).
    commune = forms.CharField(
        label=_("La commune de votre projet"),
        max_length=COMMUNE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "En Lozère : le nom de la commune ou de l'ancienne commune (par exemple Javols), son code postal ou son "
            "code INSEE."
        ),
        error_messages={
            "required": _("Indiquez la commune de votre projet, ou cochez « Je n'ai pas encore choisi de commune »."),
            "max_length": TOO_LONG,
        },
    )
    commune_choice = forms.ChoiceField(
        label=_("Précisez la commune"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez l'une des communes proposées.")},
    )
    commune_as_typed = forms.BooleanField(
        label=_(
            "Ce n'est pas le nom d'une commune (un hameau, un lieu-dit) : envoyer ma demande avec ce que j'ai écrit"
        ),
        required=False,
    )
    commune_not_chosen = forms.BooleanField(label=_("Je n'ai pas encore choisi de commune"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Votre projet concerne"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez tout ce qui vous concerne : chaque sujet va aux structures qui le traitent."),
        error_messages={"required": NO_TOPIC, "invalid_choice": UNKNOWN_CHOICE},
    )
    description = forms.CharField(
        label=_("Votre projet en quelques lignes"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Décrivez votre projet en quelques lignes : c'est ce que liront les structures."),
            "max_length": _(
                "Votre description est trop longue : %(limit_value)s caractères au plus (vous en avez écrit "
                "%(show_value)s). Raccourcissez-la ; votre texte est gardé ci-dessous."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ma demande (mon nom, mon adresse e-mail, l'entreprise, la commune, les sujets et ma "
            "description) soit lue par l'équipe du réseau SoLozère et transmise aux structures du Réseau Accueil qui "
            "traitent ces sujets dans ma commune, pour qu'elles me répondent et m'accompagnent."
        ),
        error_messages={
            "required": _("Cochez l'accord de partage : sans lui, nous ne pouvons pas transmettre votre demande.")
        },
    )
    # A field people never see nor fill in: robots that fill every input give themselves away.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, user: Any, retention_months: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["description"].help_text = _(
            "Où en êtes-vous, ce que vous cherchez, vos délais : %(limit)s caractères au plus. N'y mettez ni données "
            "de santé ni numéro de sécurité sociale."
        ) % {"limit": f"{MAX_DESCRIPTION:,}".replace(",", "\u202f")}
        self.fields["consent"].help_text = _(
            "Votre demande est gardée %(months)s mois après sa fin, puis effacée. Vous pouvez la retirer à tout moment "
            "depuis son lien de suivi : elle n'est alors plus transmise, et les structures qui l'avaient en sont "
            "prévenues."
        ) % {"months": retention_months}
        # A signed-in person whose address is confirmed asks under it: no confirmation e-mail, nothing to type.
        self.fixed_email = user.email if has_verified_email(user) else ""
        if getattr(user, "is_authenticated", False):
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email
        if self.fixed_email:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("L'adresse de votre compte : les réponses y arrivent.")
        self.commune_match: Commune | None = None
        self.commune_typed = ""
        self._lookup: CommuneLookup | None = None
        if self.is_bound and self._not_chosen():
            self.fields["commune"].required = False
        elif self.is_bound:
            typed = str(self.data.get("commune", ""))
            if typed.strip():
                self._lookup = lookup_commune(typed)
                if self._lookup.status == LookupStatus.AMBIGUOUS:
                    self.commune_choice_field.choices = [
                        (str(row.pk), commune_choice_label(row)) for row in self._lookup.choices
                    ]

    @property
    def commune_choice_field(self) -> forms.ChoiceField:
        field = self.fields["commune_choice"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        return field

    def _not_chosen(self) -> bool:
        return str(self.data.get("commune_not_chosen", "")).lower() in {"on", "true", "1"}

    @property
    def shows_commune_choice(self) -> bool:
        return bool(self.commune_choice_field.choices)

    @property
    def shows_commune_as_typed(self) -> bool:
        return self._lookup is not None and self._lookup.status == LookupStatus.NOT_FOUND

    @property
    def is_robot(self) -> bool:
        return self.is_bound and bool(str(self.data.get("website", "")).strip())

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return str(self.fixed_email or self.cleaned_data["email"]).strip().lower()

    def clean_siret(self) -> str:
        value = normalize_identifier(self.cleaned_data.get("siret", ""))
        if value and not siret_key_is_valid(value):
            raise forms.ValidationError(SIRET_INVALID)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        company = data.get("requester_kind") == RequesterKind.COMPANY
        if company and not (data.get("company_name") or "").strip() and "company_name" not in self.errors:
            self.add_error("company_name", _("Indiquez le nom de l'entreprise."))
        if "commune" not in self.errors and "commune_choice" not in self.errors:
            self._clean_commune(data)
        return data

    def _clean_commune(self, data: dict[str, Any]) -> None:
        if data.get("commune_not_chosen"):
            return
        lookup = self._lookup
        if lookup is None:  # nothing typed: the field's "required" already said so
            return
        if lookup.status == LookupStatus.FOUND:
            self.commune_match, self.commune_typed = lookup.match, lookup.query
        elif lookup.status == LookupStatus.AMBIGUOUS:
            choice = data.get("commune_choice")
            chosen = next((row for row in lookup.choices if str(row.pk) == choice), None)
            if chosen is None:
                self.add_error("commune", lookup.message)
            else:
                self.commune_match, self.commune_typed = chosen, lookup.query
        elif data.get("commune_as_typed"):
            self.commune_typed = lookup.query
        else:
            self.add_error(
                "commune",
                _(
                    "%(message)s Vérifiez l'orthographe, ou donnez le code postal. S'il s'agit d'un hameau ou d'un "
                    "lieu-dit, cochez la case qui suit pour envoyer votre demande ainsi."
                )
                % {"message": lookup.message},
            )

    def to_input(self) -> NewRequest:
        data = self.cleaned_data
        return NewRequest(
            requester_kind=data["requester_kind"],
            name=data["name"],
            email=data["email"],
            company_name=data["company_name"].strip(),
            siret=data["siret"],
            commune=self.commune_match,
            commune_typed=self.commune_typed,
            topics=tuple(data["topics"]),
            description=data["description"],
        )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il est envoyé par e-mail aux structures qui ont votre demande."),
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : %(limit_value)s caractères au plus (vous en avez écrit %(show_value)s)."
            ),
        },
    )
