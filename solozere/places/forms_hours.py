"""The managers' opening-hours page: the weekly grid, and the raw expression as the advanced option. Validation
only: both give an expression and a seasonal note that views_hours saves through place_update."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from solozere.places import hours
from solozere.places.hours_grid import DAY_CODES, DayHours, WeekGrid, check_day, grid_to_expression

HOURS_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"
SLOTS = ("start1", "end1", "start2", "end2")
HOLIDAYS_CLOSED, HOLIDAYS_OPEN = "closed", "open"

DAY_LABELS = [_("Lundi"), _("Mardi"), _("Mercredi"), _("Jeudi"), _("Vendredi"), _("Samedi"), _("Dimanche")]
SLOT_LABELS = {
    "start1": _("%(day)s : début du 1er créneau"),
    "end1": _("%(day)s : fin du 1er créneau"),
    "start2": _("%(day)s : début du 2e créneau"),
    "end2": _("%(day)s : fin du 2e créneau"),
}

SHORT_SLOT_LABELS = [
    _("Début du 1er créneau"),
    _("Fin du 1er créneau"),
    _("Début du 2e créneau (facultatif)"),
    _("Fin du 2e créneau"),
]


def _prefix(index: int) -> str:
    return DAY_CODES[index].lower()


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Précision saisonnière"),
        required=False,
        max_length=200,
        help_text=_("Ce que la semaine type ne dit pas, par exemple : fermé en août, ou horaires réduits l'été."),
        error_messages={"max_length": _("200 caractères au plus (%(show_value)d saisis).")},
    )


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure, par exemple 09:30.")},
    )


@dataclass(frozen=True)
class DayFields:
    """The inputs of one day, for the template (a fieldset per day)."""

    name: str
    closed: forms.BoundField
    slots: list[forms.BoundField]

    @property
    def labelled_slots(self) -> list[tuple[forms.BoundField, str]]:
        """Each input with its label as shown inside the day's fieldset (the legend already names the day)."""
        return list(zip(self.slots, [str(label) for label in SHORT_SLOT_LABELS], strict=True))

    @property
    def has_errors(self) -> bool:
        return bool(self.closed.errors) or any(slot.errors for slot in self.slots)


class HoursGridForm(forms.Form):
    """Seven days (closed, or one or two intervals), public holidays, a seasonal note."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, day in enumerate(DAY_LABELS):
            prefix = _prefix(index)
            self.fields[f"{prefix}_closed"] = forms.BooleanField(
                label=_("%(day)s : fermé toute la journée") % {"day": day}, required=False
            )
            for slot in SLOTS:
                self.fields[f"{prefix}_{slot}"] = _time_field(SLOT_LABELS[slot] % {"day": day})
        self.fields["holidays"] = forms.ChoiceField(
            label=_("Les jours fériés"),
            choices=[
                (HOLIDAYS_CLOSED, _("Fermé les jours fériés")),
                (HOLIDAYS_OPEN, _("Ouvert comme un jour ordinaire")),
            ],
            widget=forms.RadioSelect,
            error_messages={"required": _("Dites si le lieu ouvre les jours fériés.")},
        )
        self.fields["note"] = _note_field()

    @classmethod
    def initial_for(cls, grid: WeekGrid | None, note: str) -> dict[str, Any]:
        initial: dict[str, Any] = {"note": note}
        if grid is None:
            return initial
        has_hours = not grid.all_closed
        for index, day in enumerate(grid.days):
            prefix = _prefix(index)
            # A place without hours yet: every day starts open and empty, to be filled in or ticked closed.
            initial[f"{prefix}_closed"] = has_hours and day.closed
            for number, (start, end) in enumerate(day.intervals, start=1):
                initial[f"{prefix}_start{number}"] = start
                initial[f"{prefix}_end{number}"] = end
        if grid.holidays_closed is not None:
            initial["holidays"] = HOLIDAYS_CLOSED if grid.holidays_closed else HOLIDAYS_OPEN
        return initial

    def days(self) -> list[DayFields]:
        return [
            DayFields(
                name=str(day),
                closed=self[f"{_prefix(index)}_closed"],
                slots=[self[f"{_prefix(index)}_{slot}"] for slot in SLOTS],
            )
            for index, day in enumerate(DAY_LABELS)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        days: list[DayHours] = []
        for index in range(len(DAY_CODES)):
            prefix = _prefix(index)
            if cleaned.get(f"{prefix}_closed"):
                days.append(DayHours())
                continue
            names = [f"{prefix}_{slot}" for slot in SLOTS]
            if any(name in self.errors for name in names):  # an unreadable time: already said under it
                days.append(DayHours())
                continue
            start1, end1, start2, end2 = (cleaned.get(name) for name in names)
            problems = check_day(start1, end1, start2, end2)
            for problem in problems:
                self.add_error(f"{prefix}_{problem.slot}", problem.message)
            intervals = tuple(
                (start, end) for start, end in ((start1, end1), (start2, end2)) if start is not None and end is not None
            )
            days.append(DayHours(intervals if not problems else ()))
        if self.errors:
            return cleaned
        grid = WeekGrid(days=tuple(days), holidays_closed=cleaned.get("holidays") == HOLIDAYS_CLOSED)
        if grid.all_closed:
            self.add_error(
                "mo_closed",
                _(
                    "Tous les jours sont cochés « fermé » : ouvrez au moins un jour. Pour retirer les horaires de la "
                    "fiche, videz l'expression dans la saisie avancée."
                ),
            )
            return cleaned
        cleaned["grid"] = grid
        cleaned["expression"] = grid_to_expression(grid)
        return cleaned


class HoursExpressionForm(forms.Form):
    """The advanced option: the expression itself, for what the grid cannot say."""

    expression = forms.CharField(
        label=_("Horaires, dans la syntaxe opening_hours"),
        required=False,
        max_length=255,
        help_text=_(
            "Par exemple : %(example)s. Laissez vide si les horaires ne sont pas connus. "
            "La syntaxe complète : wiki.openstreetmap.org/wiki/FR:Key:opening_hours"
        )
        % {"example": HOURS_EXAMPLE},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "class": "break-anywhere"}),
        error_messages={"max_length": _("255 caractères au plus (%(show_value)d saisis).")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "avance")
        super().__init__(*args, **kwargs)
        self.fields["note"] = _note_field()

    def clean_expression(self) -> str:
        value = " ".join((self.cleaned_data.get("expression") or "").split())
        if value and not hours.is_valid(value):
            raise forms.ValidationError(
                _("Ces horaires ne sont pas lisibles. Exemple d'écriture : %(example)s"),
                code="invalid_hours",
                params={"example": HOURS_EXAMPLE},
            )
        return value


def changed_hours(place: Any, expression: str, note: str) -> dict[str, str]:
    """What the page changes on the place: place_update logs exactly that."""
    new = {"opening_hours": expression, "opening_hours_note": note.strip()}
    return {name: value for name, value in new.items() if getattr(place, name) != value}
