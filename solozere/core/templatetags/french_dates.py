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


def _time(value: dt.datetime) -> str:
    """ "14 h 50", "9 h 05", "9 h" on the hour (the French way, not "14:50")."""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


@register.filter
def french_datetime(value: dt.datetime | None) -> str:
    """The date in letters and the local time: "2 décembre 2026 à 14 h 50"; Django's "j F Y, H:i" in another
    language. A plain date gives french_date."""
    if not isinstance(value, dt.datetime):
        return french_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if not (translation.get_language() or "fr").startswith("fr"):
        return date_format(local, "j F Y, H:i")
    return f"{french_date(local)} à {_time(local)}"
