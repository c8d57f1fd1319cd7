"""The project's form renderer: every field of every app goes through one template (components/field.html), and
the date and time fields every app uses (native pickers, French messages, typed dates also read as 03/12/2026)."""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

DATE_INVALID = _("Saisissez une date valide, par exemple 03/12/2026.")
TIME_INVALID = _("Saisissez une heure valide, par exemple 09:30.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    field = forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=help_text,
    )
    field.error_messages.update({"invalid": DATE_INVALID, "required": _("Indiquez la date.")})
    return field


def time_field(label: Any, *, required: bool = True) -> forms.TimeField:
    field = forms.TimeField(
        label=label, required=required, widget=TimeInput(), input_formats=["%H:%M", "%Hh%M", "%H h %M"]
    )
    field.error_messages.update({"invalid": TIME_INVALID, "required": _("Indiquez l'heure.")})
    return field


class FormRenderer(TemplatesSetting):
    """Renders forms through the project's TEMPLATES, so components/ partials and our overrides apply everywhere.

    `{{ field.as_field_group }}` then gives the accessible field of the design system: label (with "(facultatif)"),
    hint and errors with ids wired to aria-describedby, a fieldset and legend for lists of choices.
    """

    field_template_name = "components/field.html"
