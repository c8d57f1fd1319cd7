"""Dates the French way in letters: "1er décembre 2026", "2 décembre 2026" (Django's "j F Y" writes "1 décembre")."""

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.formats import date_format

register = template.Library()


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value if isinstance(value, dt.date) else None


def _day_month(value: dt.date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {str(MONTHS[value.month]).lower()}"


@register.filter
def french_date(value: dt.date | dt.datetime | None) -> str:
    """The day (with "er" for the first of the month), the month in words, the year; local time for a datetime."""
    date = _as_date(value)
    if date is None:
        return ""
    if not (translation.get_language() or "fr").startswith("fr"):
        return date_format(date, "j F Y")  # the English pages: "1 December 2026"
    return f"{_day_month(date)} {date.year}"


@register.filter
def day_month(value: dt.date | dt.datetime | None) -> str:
    """The day and the month, without the year: "1er décembre" in French, Django's "j F" in another language."""
    date = _as_date(value)
    if date is None:
        return ""
    if not (translation.get_language() or "fr").startswith("fr"):
        return date_format(date, "j F")
    return _day_month(date)
