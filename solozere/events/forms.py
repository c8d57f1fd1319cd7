"""The organiser's forms: an event (or a series), its sites and its questions. Validation only; the services
decide. Dates are typed in Paris time."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from solozere.accounts.roles import is_network_staff
from solozere.core.forms import date_field, time_field
from solozere.events.models import MAX_CAPACITY, EventKind, QuestionKind, SiteKind
from solozere.events.recurrence import MAX_OCCURRENCES, PARIS, Frequency
from solozere.events.services import Organiser, QuestionData, SiteData
from solozere.organisations.models import Organisation
from solozere.organisations.selectors import active_organisations, organisations_of_agent
from solozere.places.models import NetworkStatus, Place
from solozere.places.selectors import places_managed_by
from solozere.territory.selectors import lookup_commune

NETWORK = "network"


def organiser_choices(user: Any) -> list[tuple[str, str]]:
    """What `user` may organise in the name of: the network (staff), each place they manage, each organisation
    they act for (every active one for the staff)."""
    choices: list[tuple[str, str]] = []
    staff = is_network_staff(user)
    if staff:
        choices.append((NETWORK, str(_("L'équipe du réseau"))))
    places = Place.objects.exclude(status=NetworkStatus.CLOSED) if staff else places_managed_by(user)
    choices += [(f"place:{p.pk}", str(_("Le lieu : %(name)s") % {"name": p.name})) for p in places.order_by("name")]
    organisations = active_organisations() if staff else organisations_of_agent(user)
    choices += [(f"org:{o.pk}", str(_("La structure : %(name)s") % {"name": o.name})) for o in organisations]
    return choices


def organiser_of(value: str) -> Organiser:
    kind, _sep, pk = value.partition(":")
    if kind == "place":
        return Organiser(place=Place.objects.get(pk=int(pk)))
    if kind == "org":
        return Organiser(organisations=[Organisation.objects.get(pk=int(pk))])
    return Organiser()


class EventForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    organiser = forms.ChoiceField(label=_("Organisé par"))
    summary = forms.CharField(
        label=_("En une phrase"), max_length=300, required=False, help_text=_("Montrée dans l'agenda.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    day = date_field(_("Jour"))
    start_time = time_field(_("Heure de début"))
    end_time = time_field(_("Heure de fin"))
    end_day = date_field(
        _("Dernier jour"), required=False, help_text=_("Seulement si l'événement dure plusieurs jours.")
    )
    registration_open = forms.BooleanField(label=_("Inscriptions ouvertes"), required=False, initial=True)
    contributions_open = forms.BooleanField(
        label=_("Appel à contributions : chacun peut proposer une intervention ou un atelier"), required=False
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The organiser of an existing event does not change by an edit (the page shows it as text): a
            # co-organiser (another manager of the place, another agent) edits without choosing it again.
            del self.fields["organiser"]
        else:
            self.fields["organiser"].choices = organiser_choices(user)  # type: ignore[attr-defined]
            self.fields["organiser"].error_messages["invalid_choice"] = _(
                "Vous ne pouvez pas organiser au nom de ce choix : prenez-en un de la liste."
            )
        self.fields["title"].error_messages["required"] = _("Donnez un titre à l'événement.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            last = data.get("end_day") or day
            starts_at = dt.datetime.combine(day, start, tzinfo=PARIS)
            ends_at = dt.datetime.combine(last, end, tzinfo=PARIS)
            if last < day or ends_at <= starts_at:
                raise ValidationError(_("L'événement finit avant de commencer : vérifiez le jour et les heures."))
            if last - day > dt.timedelta(days=30):
                raise ValidationError(_("Un événement dure au plus 31 jours."))
            data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def event_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "kind": data["kind"],
            "summary": data["summary"].strip(),
            "description": data["description"].strip(),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "registration_open": data["registration_open"],
            "contributions_open": data["contributions_open"],
        }

    def chosen_organiser(self) -> Organiser:
        return organiser_of(self.cleaned_data["organiser"])


class SeriesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Répéter"),
        required=False,
        choices=[("", _("Non, un seul événement")), *Frequency.CHOICES],
    )
    count = forms.IntegerField(
        label=_("Nombre de dates"),
        required=False,
        min_value=2,
        max_value=MAX_OCCURRENCES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["count"].error_messages.update(
            {
                "invalid": _("Le nombre de dates est un nombre entier."),
                "min_value": _("Une série compte au moins 2 dates."),
                "max_value": _("Une série compte au plus %(limit_value)s dates."),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("frequency") and not data.get("count"):
            self.add_error("count", _("Indiquez combien de dates compte la série."))
        return data


class SiteForm(forms.Form):
    # A blank first choice: a blank site form left untouched is skipped, so that the page can offer a few
    # without JavaScript.
    kind = forms.ChoiceField(label=_("Où"), choices=[("", _("— choisir —")), *SiteKind.choices])
    # The places the person may use (selectors.site_places), given by the view.
    place = forms.ModelChoiceField(label=_("Lieu du réseau"), required=False, queryset=Place.objects.none())
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    commune = forms.CharField(label=_("Commune de l'adresse"), max_length=120, required=False)
    online_url = forms.URLField(
        label=_("Lien de connexion (envoyé aux seuls inscrits)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )

    def __init__(self, *args: Any, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["place"].error_messages["invalid_choice"] = _(
            "Ce lieu n'existe pas, n'est plus dans le réseau ou n'est pas l'un de ceux que vous gérez : "
            "choisissez-en un de la liste."
        )
        self.fields["capacity"].error_messages.update(
            {
                "required": _("Indiquez le nombre de places."),
                "invalid": _("Le nombre de places est un nombre entier."),
                "min_value": _("Un site a au moins 1 place."),
                "max_value": _("Un site a au plus %(limit_value)s places."),
            }
        )
        self.fields["online_url"].error_messages["invalid"] = _("Saisissez une adresse web complète (https://…).")

    def clean_online_url(self) -> str:
        url: str = self.cleaned_data["online_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValidationError(_("Le lien commence par https:// ou http://."))
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == SiteKind.PLACE and not data.get("place") and "place" not in self.errors:
            self.add_error("place", _("Choisissez le lieu du réseau."))
        if kind == SiteKind.ADDRESS:
            if not data.get("address", "").strip():
                self.add_error("address", _("Indiquez l'adresse."))
            text = data.get("commune", "").strip()
            if text:
                found = lookup_commune(text)
                if found.found:
                    data["commune_row"] = found.commune
                else:
                    self.add_error("commune", found.message)
        if kind == SiteKind.ONLINE and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Donnez le lien de connexion."))
        return data

    def site_data(self) -> SiteData:
        data = self.cleaned_data
        return SiteData(
            kind=data["kind"],
            capacity=data["capacity"],
            place=data.get("place"),
            address=data.get("address", "").strip(),
            commune=data.get("commune_row"),
            online_url=data.get("online_url", ""),
        )


class QuestionForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(label=_("Réponse"), choices=[("", _("— choisir —")), *QuestionKind.choices])
    choices = forms.CharField(
        label=_("Choix possibles, un par ligne"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == QuestionKind.CHOICE:
            options = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
            if len(options) < 2:
                self.add_error("choices", _("Donnez au moins deux choix, un par ligne."))
        return data

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            label=data["label"].strip(),
            kind=data["kind"],
            choices=data.get("choices", "") if data["kind"] == QuestionKind.CHOICE else "",
            required=data["required"],
        )


SiteFormSet = formset_factory(SiteForm, extra=2, min_num=1, validate_min=True, max_num=12, validate_max=True)
QuestionFormSet = formset_factory(QuestionForm, extra=2, max_num=10, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation (envoyé aux inscrits)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Indiquez le motif de l'annulation : les inscrits le recevront par e-mail."
        )
