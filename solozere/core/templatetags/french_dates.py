"""Dates the French way in letters: "1er décembre 2026", "2 décembre 2026" (Django's "j F Y" writes "1 décembre")."""

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS

register = template.Library()


@register.filter
def french_date(value: dt.date | dt.datetime | None) -> str:
    """The day (with "er" for the first of the month), the month in words, the year; local time for a datetime."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if not isinstance(value, dt.date):
        return ""
    if not (translation.get_language() or "fr").startswith("fr"):
        return date_format(value, "j F Y")  # the English pages: "1 December 2026"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {str(MONTHS[value.month]).lower()} {value.year}"
