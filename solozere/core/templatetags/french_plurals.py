"""French plurals: 0 and 1 take the singular ("0 lieu", "1 lieu", "2 lieux").

French is the source language and has no catalogue, so gettext's fallback picks the singular for 1 only. The number
that picks the form goes through `french_count`; the number shown stays the real one:
`{% blocktranslate count form=total|french_count with counter=total %}{{ counter }} lieu{% plural %}…`."""

from django import template
from django.utils import translation

register = template.Library()


def french_count(number: int) -> int:
    """The number that picks the plural form: 1 for 0 and 1 in French, the number itself otherwise (English keeps
    "0 places")."""
    language = translation.get_language() or ""
    return 1 if language.startswith("fr") and number in (0, 1) else number


@register.filter(name="french_count")
def french_count_filter(number: int) -> int:
    return french_count(number)
