"""Forms of the community. They validate and keep what was typed; the services do the work."""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solozere.community.consents import ConsentKind, current_text
from solozere.community.departments import ABROAD, EMPLOYER_LOCATION_CHOICES
from solozere.community.models import (
    PROFILE_FIELDS,
    VISIBLE_FIELDS,
    Membership,
    Report,
    Sector,
    TeleworkerStatus,
    TeleworkFrequency,
    TeleworkPlace,
    Visibility,
)
from solozere.community.services import MembershipInput
from solozere.community.workflow import STAFF_DECISIONS, MembershipAction
from solozere.territory.models import Commune
from solozere.territory.selectors import CommuneLookup, LookupStatus, lookup_commune

MAX_TAGS = 15
_TAG_RE = re.compile(r"^[\w][\w .'\u2019/&+#-]{0,39}$")
_MARKUP_RE = re.compile(r"[<>]")


def no_markup(value: str) -> None:
    if _MARKUP_RE.search(value or ""):
        raise ValidationError(_("Les caractères < et > ne sont pas acceptés ici."), code="markup")


def _choices(enum_choices: list[tuple[str, Any]], empty: Any = "") -> list[tuple[str, Any]]:
    return [("", empty or _("Choisissez…")), *enum_choices]


class TagsField(forms.CharField):
    """Comma-separated skills or interests, cleaned into a list of names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 700)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        raw = super().clean(value)
        names: list[str] = []
        for part in re.split(r"[,;\n]", raw or ""):
            name = " ".join(part.split())
            if not name:
                continue
            if not _TAG_RE.match(name):
                raise ValidationError(
                    _(
                        "« %(tag)s » : de 1 à 40 caractères, lettres, chiffres, espaces et . ' / & + # - "
                        "seulement, séparés par des virgules."
                    ),
                    params={"tag": name[:60]},
                    code="tag",
                )
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > MAX_TAGS:
            raise ValidationError(_("%(max)s mots-clés au plus."), params={"max": MAX_TAGS}, code="too_many")
        return names


def _consent_field(kind: str, required: bool) -> forms.BooleanField:
    text = current_text(kind)
    label: Any = text.text
    return forms.BooleanField(
        label=label,
        required=required,
        help_text=_("Version du texte : %(version)s") % {"version": text.version},
        error_messages={"required": _("Cochez cette case pour adhérer.")},
    )


@dataclass(frozen=True)
class MembershipStep:
    """One step of the membership form: its address (slug), its title and the form fields it shows."""

    slug: str
    label: Any
    fields: tuple[str, ...]


MEMBERSHIP_STEPS = (
    MembershipStep(
        "identite",
        _("Identité et résidence"),
        ("first_name", "last_name", "commune", "commune_choice", "lives_outside_lozere", "outside_place"),
    ),
    MembershipStep(
        "situation",
        _("Situation et travail"),
        (
            "status",
            "employer_location",
            "employer_country",
            "occupation",
            "sector",
            "telework_frequency",
            "telework_places",
        ),
    ),
    MembershipStep("profil", _("Compétences et attentes"), ("skills", "interests", "bio", "expectations")),
    MembershipStep("annuaire", _("Visibilité dans l'annuaire"), tuple(f"visibility_{name}" for name in VISIBLE_FIELDS)),
    MembershipStep("accords", _("Accords et envoi"), ("consent_membership", "consent_directory", "consent_newsletter")),
)
STEPS_BY_SLUG = {step.slug: step for step in MEMBERSHIP_STEPS}

_BOOLEAN_FIELDS = frozenset({"lives_outside_lozere", "consent_membership", "consent_directory", "consent_newsletter"})
_MULTIPLE_FIELDS = frozenset({"telework_places"})
_MAX_TYPED = 5000  # far above every field's own limit: what was typed is kept, and refused by the form, not here


def typed_values(data: Any, step: MembershipStep) -> dict[str, Any]:
    """The values of one step as a post carries them (what the draft keeps), bounded. An unchecked box is absent."""
    values: dict[str, Any] = {}
    for name in step.fields:
        if name in _MULTIPLE_FIELDS:
            values[name] = [str(value)[:100] for value in data.getlist(name)][:20]
        elif name in data:
            values[name] = str(data.get(name))[:_MAX_TYPED]
    return values


def initial_from_typed(typed: dict[str, Any]) -> dict[str, Any]:
    """A draft's values as a form's initial values (check boxes are booleans there)."""
    return {
        name: str(value).lower() in {"on", "true", "1"} if name in _BOOLEAN_FIELDS else value
        for name, value in typed.items()
    }


def typed_from_initial(initial: dict[str, Any]) -> dict[str, Any]:
    """The reverse: a membership's current values (MembershipForm.initial_from) as if typed."""
    typed: dict[str, Any] = {}
    for name, value in initial.items():
        if name in _BOOLEAN_FIELDS:
            if value:
                typed[name] = "on"
        elif name in _MULTIPLE_FIELDS:
            typed[name] = [str(v) for v in value or []]
        elif isinstance(value, list | tuple):
            typed[name] = ", ".join(str(v) for v in value)
        else:
            typed[name] = "" if value is None else str(value)
    return typed


class MembershipForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=80, validators=[no_markup])
    last_name = forms.CharField(label=_("Nom"), max_length=80, validators=[no_markup])
    commune = forms.CharField(
        label=_("Commune de résidence"),
        max_length=120,
        required=False,
        help_text=_("Nom, ancien nom (Javols…), code postal ou code INSEE."),
    )
    commune_choice = forms.ChoiceField(label=_("Précisez votre commune"), required=False, widget=forms.RadioSelect)
    lives_outside_lozere = forms.BooleanField(label=_("J'habite hors de Lozère (pour l'instant)"), required=False)
    outside_place = forms.CharField(
        label=_("Où habitez-vous ?"),
        max_length=120,
        required=False,
        validators=[no_markup],
        help_text=_("Commune et département, si vous habitez hors de Lozère."),
    )
    status = forms.ChoiceField(label=_("Votre situation"), choices=_choices(TeleworkerStatus.choices))
    employer_location = forms.ChoiceField(
        label=_("Où est votre employeur ?"),
        choices=EMPLOYER_LOCATION_CHOICES,
        required=False,
        help_text=_("Obligatoire pour un salariat en télétravail."),
    )
    employer_country = forms.CharField(
        label=_("Pays de l'employeur"), max_length=80, required=False, validators=[no_markup]
    )
    occupation = forms.CharField(
        label=_("Métier"), max_length=120, validators=[no_markup], help_text=_("Par exemple : développeuse web.")
    )
    sector = forms.ChoiceField(label=_("Secteur d'activité"), choices=_choices(Sector.choices))
    telework_frequency = forms.ChoiceField(
        label=_("À quelle fréquence télétravaillez-vous ?"), choices=_choices(TeleworkFrequency.choices)
    )
    telework_places = forms.MultipleChoiceField(
        label=_("Où télétravaillez-vous ?"),
        choices=TeleworkPlace.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un lieu.")},
    )
    skills = TagsField(label=_("Compétences"), help_text=_("Séparées par des virgules : comptabilité, Python, photo…"))
    interests = TagsField(
        label=_("Centres d'intérêt"),
        help_text=_("Séparés par des virgules : randonnée, musique, tiers-lieux…"),
    )
    bio = forms.CharField(
        label=_("Présentation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quelques lignes pour les autres membres (1 000 caractères au plus)."),
    )
    expectations = forms.CharField(
        label=_("Qu'attendez-vous du réseau ?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lu par l'équipe du réseau seulement (2 000 caractères au plus)."),
    )

    consent_membership = _consent_field(ConsentKind.MEMBERSHIP, required=True)
    consent_directory = _consent_field(ConsentKind.DIRECTORY, required=False)
    consent_newsletter = _consent_field(ConsentKind.NEWSLETTER, required=False)

    def __init__(self, *args: Any, step: "MembershipStep | None" = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in VISIBLE_FIELDS.items():
            self.fields[f"visibility_{name}"] = forms.ChoiceField(
                label=_("%(field)s : visible par") % {"field": label},
                choices=Visibility.choices,
                initial=Visibility.MEMBERS,
            )
        self.step = step
        if step is not None:  # one step of the form: its fields only
            self.fields = {name: field for name, field in self.fields.items() if name in step.fields}
        self.commune_match: Commune | None = None
        self._lookup: CommuneLookup | None = None
        # Unbound too: a step shown again from the draft lists the communes of an ambiguous postal code.
        typed = self.data if self.is_bound else self.initial
        if "commune" in self.fields and not self._outside() and typed.get("commune"):
            lookup = self._lookup = lookup_commune(typed.get("commune"))
            if lookup.status == LookupStatus.AMBIGUOUS:
                self.commune_choice_field.choices = [(str(c.pk), f"{c}, {c.main_postal_code}") for c in lookup.choices]

    @property
    def commune_choice_field(self) -> forms.ChoiceField:
        field = self.fields["commune_choice"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        return field

    def _outside(self) -> bool:
        typed = self.data if self.is_bound else self.initial
        return str(typed.get("lives_outside_lozere", "")).lower() in {"on", "true", "1"}

    @property
    def visibility_fields(self) -> list[forms.BoundField]:
        return [self[f"visibility_{name}"] for name in VISIBLE_FIELDS if f"visibility_{name}" in self.fields]

    @property
    def shows_commune_choice(self) -> bool:
        return "commune_choice" in self.fields and bool(self.commune_choice_field.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "commune" in self.fields:
            self._clean_residence(data)
        if "status" in self.fields:
            if data.get("status") == TeleworkerStatus.EMPLOYEE and not data.get("employer_location"):
                self.add_error("employer_location", _("Indiquez où est votre employeur."))
            if data.get("employer_location") == ABROAD and not data.get("employer_country"):
                self.add_error("employer_country", _("Indiquez le pays de votre employeur."))
        return data

    def _clean_residence(self, data: dict[str, Any]) -> None:
        if data.get("lives_outside_lozere"):
            if not data.get("outside_place") and "outside_place" not in self.errors:
                self.add_error("outside_place", _("Indiquez où vous habitez."))
        else:
            lookup = self._lookup or lookup_commune(data.get("commune"))
            choice = data.get("commune_choice")
            if lookup.status == LookupStatus.AMBIGUOUS and choice:
                self.commune_match = next((c for c in lookup.choices if str(c.pk) == choice), None)
            elif lookup.found:
                self.commune_match = lookup.match
            if self.commune_match is None and "commune" not in self.errors:
                message: Any
                if lookup.status == LookupStatus.EMPTY:
                    message = _("Indiquez votre commune de résidence, ou cochez « J'habite hors de Lozère ».")
                else:
                    message = lookup.message
                self.add_error("commune", message)

    def to_input(self) -> MembershipInput:
        data = self.cleaned_data
        return MembershipInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            commune=None if data["lives_outside_lozere"] else self.commune_match,
            lives_outside_lozere=data["lives_outside_lozere"],
            outside_place=data["outside_place"],
            status=data["status"],
            employer_location=data["employer_location"],
            employer_country=data["employer_country"],
            occupation=data["occupation"],
            sector=data["sector"],
            telework_frequency=data["telework_frequency"],
            telework_places=list(data["telework_places"]),
            skills=data["skills"],
            interests=data["interests"],
            bio=data["bio"],
            expectations=data["expectations"],
            visibility={name: data[f"visibility_{name}"] for name in VISIBLE_FIELDS},
        )

    def consents(self) -> dict[str, bool]:
        return {
            ConsentKind.MEMBERSHIP: self.cleaned_data["consent_membership"],
            ConsentKind.DIRECTORY: self.cleaned_data["consent_directory"],
            ConsentKind.NEWSLETTER: self.cleaned_data["consent_newsletter"],
        }

    @classmethod
    def initial_from(cls, membership: Membership, consents: dict[str, bool]) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(membership, name) for name in PROFILE_FIELDS if name != "commune"}
        if membership.commune_id and membership.commune:
            commune = membership.commune
            initial["commune"] = commune.name
            if lookup_commune(commune.name).status != LookupStatus.FOUND:
                initial["commune"] = f"{commune.name} ({commune.main_postal_code})"
        initial["skills"] = [tag.name for tag in membership.skills.all()]
        initial["interests"] = [tag.name for tag in membership.interests.all()]
        for name in VISIBLE_FIELDS:
            initial[f"visibility_{name}"] = membership.visibility_of(name)
        initial["consent_membership"] = consents.get(ConsentKind.MEMBERSHIP, False)
        initial["consent_directory"] = consents.get(ConsentKind.DIRECTORY, False)
        initial["consent_newsletter"] = consents.get(ConsentKind.NEWSLETTER, False)
        return initial


class RenewalForm(forms.Form):
    consent_membership = _consent_field(ConsentKind.MEMBERSHIP, required=True)
    consent_directory = _consent_field(ConsentKind.DIRECTORY, required=False)
    consent_newsletter = _consent_field(ConsentKind.NEWSLETTER, required=False)

    def consents(self) -> dict[str, bool]:
        return {
            ConsentKind.MEMBERSHIP: self.cleaned_data["consent_membership"],
            ConsentKind.DIRECTORY: self.cleaned_data["consent_directory"],
            ConsentKind.NEWSLETTER: self.cleaned_data["consent_newsletter"],
        }


class ConsentsForm(forms.Form):
    consent_directory = _consent_field(ConsentKind.DIRECTORY, required=False)
    consent_newsletter = _consent_field(ConsentKind.NEWSLETTER, required=False)


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Décision"),
        choices=[(a.value, a.label) for a in STAFF_DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif ou complément demandé"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour demander un complément ou refuser : il est envoyé à la personne."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("action") in (MembershipAction.REQUEST_INFO, MembershipAction.REFUSE)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Indiquez le motif : il est envoyé à la personne."))
        return data


class DirectorySearchForm(forms.Form):
    skill = forms.CharField(label=_("Compétence"), max_length=60, required=False)
    commune = forms.CharField(label=_("Commune"), max_length=120, required=False)
    status = forms.ChoiceField(
        label=_("Situation"), choices=_choices(TeleworkerStatus.choices, _("Toutes")), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune_match: Commune | None = None

    def clean_commune(self) -> str:
        value = self.cleaned_data.get("commune", "")
        if value:
            lookup = lookup_commune(value)
            if not lookup.found:
                names = ", ".join(f"{c}, {c.main_postal_code}" for c in lookup.choices[:8])
                raise ValidationError(f"{lookup.message} {names}".strip())
            self.commune_match = lookup.match
        return value


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=150, validators=[no_markup])
    body = forms.CharField(
        label=_("Message"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("3 000 caractères au plus. Votre adresse e-mail n'est pas transmise."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Raison"), choices=_choices(Report.Reason.choices))
    details = forms.CharField(
        label=_("Précisions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lues par l'équipe du réseau seulement."),
    )


class ReportResolveForm(forms.Form):
    note = forms.CharField(label=_("Suite donnée"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    hide_profile = forms.BooleanField(label=_("Masquer le profil concerné de l'annuaire"), required=False)
