"""Forms of the bookings pages: a booking request, a reason, a resource, a closure, a month. Validation only."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solozere.bookings import availability, occupancy
from solozere.bookings.models import Closure, Resource, ResourceKind
from solozere.core.forms import date_field


class DeskBookingForm(forms.Form):
    """A desk or an office: a half-day, a day, or a period of days."""

    LENGTHS = [
        ("am", _("Le matin")),
        ("pm", _("L'après-midi")),
        ("day", _("La journée")),
        ("period", _("Une période (tous les jours ouverts du premier au dernier jour)")),
    ]

    start_date = date_field(_("Jour (ou premier jour de la période)"))
    length = forms.ChoiceField(label=_("Durée"), choices=LENGTHS, widget=forms.RadioSelect, initial="day")
    end_date = date_field(_("Dernier jour de la période"), required=False)
    note = forms.CharField(
        label=_("Message pour le lieu"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["length"].error_messages["required"] = _("Choisissez la durée.")
        self.fields["length"].error_messages["invalid_choice"] = _("Choisissez une des durées proposées.")
        self.fields["end_date"].help_text = _("Seulement pour une période.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("length") == "period" and not data.get("end_date"):
            self.add_error("end_date", _("Indiquez le dernier jour de la période."))
        return data

    def request_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        length = data["length"]
        return {
            "start_date": data["start_date"],
            "end_date": data["end_date"] if length == "period" else None,
            "half": length if length in availability.HALF_DAYS else "",
        }


HOURS = [(hour, f"{hour} h") for hour in range(25)]


class RoomBookingForm(forms.Form):
    start_date = date_field(_("Jour"))
    start_hour = forms.TypedChoiceField(label=_("De"), choices=HOURS[:-1], coerce=int, initial=9)
    end_hour = forms.TypedChoiceField(label=_("À"), choices=HOURS[1:], coerce=int, initial=10)
    note = forms.CharField(
        label=_("Message pour le lieu"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_hour", "end_hour"):
            self.fields[name].error_messages["invalid_choice"] = _("Choisissez une heure de la liste.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_hour"), data.get("end_hour")
        if start is not None and end is not None and end <= start:
            self.add_error("end_hour", _("L'heure de fin vient après l'heure de début."))
        return data

    def request_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"start_date": data["start_date"], "start_hour": data["start_hour"], "end_hour": data["end_hour"]}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (envoyé à la personne)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Indiquez le motif : la personne le recevra par e-mail.")


class ResourceForm(forms.ModelForm):
    allowed_emails = forms.CharField(
        label=_("Liste du lieu : adresses e-mail des personnes autorisées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une adresse par ligne ; seulement si la ressource est réservée à la liste du lieu."),
    )

    class Meta:
        model = Resource
        fields = [
            "kind",
            "name",
            "description",
            "capacity",
            "who_may_book",
            "min_notice_hours",
            "longest_stay_days",
            "cancellation_deadline_hours",
            "requires_approval",
            "price",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "who_may_book": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            emails = self.instance.allowed_users.order_by("email").values_list("email", flat=True)
            self.fields["allowed_emails"].initial = "\n".join(emails)
        for name in ("capacity", "min_notice_hours", "longest_stay_days", "cancellation_deadline_hours"):
            self.fields[name].error_messages.update(
                {"invalid": _("Saisissez un nombre entier."), "min_value": _("Ce nombre ne peut pas être négatif.")}
            )
        self.fields["capacity"].validators.clear()
        # Radio buttons need no empty "---------" choice: the type is required and nothing is picked until chosen.
        kind = self.fields["kind"]
        if isinstance(kind, forms.TypedChoiceField):
            kind.choices = ResourceKind.choices
        self.allowed: list[Any] = []

    def clean_allowed_emails(self) -> str:
        text = self.cleaned_data.get("allowed_emails", "")
        emails = [line.strip().lower() for line in text.replace(",", "\n").splitlines() if line.strip()]
        users = {user.email.lower(): user for user in get_user_model().objects.filter(email__in=emails)}
        unknown = [email for email in emails if email not in users]
        if unknown:
            raise ValidationError(
                _("Aucun compte n'a ces adresses : %(emails)s. La personne doit d'abord créer son compte."),
                params={"emails": ", ".join(unknown[:10])},
            )
        self.allowed = list(users.values())
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, capacity = data.get("kind"), data.get("capacity")
        if kind and kind != ResourceKind.DESK_POOL and capacity not in (None, 1):
            self.add_error("capacity", _("Un bureau privatif ou une salle de réunion compte pour une seule unité."))
        if capacity is not None and not 1 <= capacity <= 200:
            self.add_error("capacity", _("Le nombre d'unités va de 1 à 200."))
        longest = data.get("longest_stay_days")
        if longest is not None and not 1 <= longest <= availability.LONGEST_PERIOD_DAYS:
            self.add_error("longest_stay_days", _("La durée maximale va de 1 à 366 jours."))
        return data


class ClosureForm(forms.ModelForm):
    start_date = date_field(_("Du"))
    end_date = date_field(_("Au (compris)"))

    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Indiquez le motif de la fermeture.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de la fermeture est avant son début."))
        if start and end and (end - start) > dt.timedelta(days=availability.LONGEST_PERIOD_DAYS):
            self.add_error("end_date", _("Une fermeture dure un an au plus."))
        return data

    def validate_constraints(self, exclude: Any = None) -> None:
        # The place is set by the view after validation; the dates are checked above.
        return None


class MonthForm(forms.Form):
    """The month of the occupancy pages (?mois=YYYY-MM); an empty field is the current month. A text field rather
    than type="month", which several desktop browsers do not offer and where a bad value kept as typed is invalid."""

    mois = forms.CharField(
        label=_("Mois"),
        required=False,
        max_length=20,
        help_text=_("L'année puis le mois, par exemple 2026-12."),
        widget=forms.TextInput(attrs={"placeholder": "2026-12", "autocomplete": "off", "size": 8}),
    )

    def __init__(self, *args: Any, default: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = occupancy.first_of_month(default)

    def clean_mois(self) -> dt.date:
        value = self.cleaned_data["mois"]
        if not value:
            return self.default
        try:
            return occupancy.parse_month(value)
        except occupancy.MonthError as error:
            raise ValidationError(error.message, code="invalid") from None

    @property
    def month(self) -> dt.date:
        """The month asked for when valid, else the default (the page shows it beside the error)."""
        if self.is_valid():
            month: dt.date = self.cleaned_data["mois"]
            return month
        return self.default
