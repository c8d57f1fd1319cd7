"""The error summary of a page's forms: every error, each linking to its field (one copy for every app)."""

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    message: str
    anchor: str


def _anchor(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


class ErrorSummary(list[ErrorItem]):
    """The items, and how many password fields the page shows empty again (a browser never gets a password back)."""

    cleared_passwords: int = 0


def _cleared_passwords(form: forms.BaseForm) -> int:
    return sum(
        1
        for field in form.fields.values()
        if isinstance(field.widget, forms.PasswordInput) and not field.widget.render_value
    )


@register.simple_tag
def error_summary(*forms_: Any) -> ErrorSummary:
    """Every error of the given forms, each linking to its field (non-field errors link to the form's top)."""
    items = ErrorSummary()
    for form in forms_:
        if not isinstance(form, forms.BaseForm) or not form.is_bound:
            continue
        if form.errors:
            items.cleared_passwords += _cleared_passwords(form)
        for message in form.non_field_errors():
            items.append(ErrorItem(str(message), f"form-{form.prefix or 'main'}"))
        for name in form.errors:
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            for message in bound.errors:
                items.append(ErrorItem(f"{bound.label} : {message}", _anchor(bound)))
    return items


@register.filter
def says_optional(label: object) -> bool:
    """Whether a label already ends with its own "(facultatif)": field.html then adds no second marker."""
    text = str(label).strip().lower()
    return text.endswith(")") and gettext("facultatif").lower() in text[text.rfind("(") :]
