"""Small display helpers for the places pages. The facts come from selectors, hours and criteria."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from solozere.core.templatetags.french_plurals import french_count
from solozere.places import hours
from solozere.places.criteria import format_mbps
from solozere.places.hooks import render_place_panels
from solozere.places.models import Place
from solozere.places.selectors import KIND_LETTERS, available_services, commune_query_label, user_manages
from solozere.territory.models import Commune

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def hours_state(expression: str, now: dt.datetime | None = None) -> str:
    """ "open", "closed" or "unknown" (not given, unreadable, or said to be unknown)."""
    return hours.state_at(expression, now)


@register.filter
def kind_letter(kind: str) -> str:
    return KIND_LETTERS.get(kind, "?")


@register.filter
def services_text(place: Place) -> list[str]:
    return available_services(place)


@register.filter
def commune_label(commune: Commune) -> str:
    return commune_query_label(commune)


@register.filter
def mbps(value: Decimal | float | int | None) -> str:
    """45.0 -> "45", 12.5 -> "12,5" (in French); "" when unknown."""
    return "" if value is None else format_mbps(value)


@register.filter
def hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


@register.filter
def json_ld(value: Any) -> SafeString:
    """A schema.org block: <script type="application/ld+json">, escaped like json_script."""
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def manages(context: template.Context, place: Place) -> bool:
    request = context.get("request")
    return bool(request is not None and user_manages(request.user, place))


@register.simple_tag(takes_context=True)
def place_panels(context: template.Context, slot: str, place: Place) -> SafeString:
    """What the apps above places show on this page of a place (the charter label...), see places.hooks."""
    return render_place_panels(slot, context.get("request"), place)


@register.simple_tag
def results_count(total: int) -> str:
    """ "0 lieu trouvé", "1 lieu trouvé", "2 lieux trouvés"."""
    return ngettext("%(counter)s lieu trouvé", "%(counter)s lieux trouvés", french_count(total)) % {"counter": total}


@register.simple_tag
def home_figure_label(key: str, total: int) -> str:
    """The words after a home-page figure, in the singular for 0 and 1 ("1 Comptoir SoLozère", "8 télécentres")."""
    forms = {
        "places_in_service": ("lieu en service ou membre du réseau", "lieux en service ou membres du réseau"),
        "telecentres": ("télécentre", "télécentres"),
        "comptoirs": ("Comptoir SoLozère", "Comptoirs SoLozère"),
        "communes": ("commune concernée", "communes concernées"),
    }[key]
    return ngettext(forms[0], forms[1], french_count(total))


@register.simple_tag
def demo_places_note(total: int) -> str:
    """What the home page's figures leave out: "Ces chiffres ne comptent pas les 3 lieux de démonstration"."""
    return ngettext(
        "Ces chiffres ne comptent pas le lieu de démonstration affiché sur la carte (fictif).",
        "Ces chiffres ne comptent pas les %(counter)s lieux de démonstration affichés sur la carte (fictifs).",
        french_count(total),
    ) % {"counter": total}


@register.simple_tag
def active_filters_count(total: int) -> str:
    return ngettext("%(counter)s filtre actif", "%(counter)s filtres actifs", french_count(total)) % {"counter": total}


@register.filter
def count_of(counts: dict[str, int], key: str) -> int:
    """`facets.kinds|count_of:"telecentre"`: a facet's count, 0 for an option no place has."""
    return counts.get(key, 0)


@register.inclusion_tag("places/_account_block.html", takes_context=True)
def places_account_block(context: template.Context) -> dict[str, Any]:
    """On the account page: each place the person manages, with its "Gérer" link (staff, who may edit every
    place, find them in the staff area instead)."""
    user = context["request"].user
    return {"places": list(user.managed_places.select_related("commune").order_by("name"))}
