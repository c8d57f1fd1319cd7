"""What the charter attaches to places (registered in CharterConfig.ready): the label re-checked after every change
of a place, and the label's panels on the place's pages."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from solozere.charter.selectors import label_of, pending_membership
from solozere.charter.services import assess_place, membership_check_place
from solozere.places.models import NetworkStatus, Place


def check_label(actor: Any, place: Place) -> str | None:
    """The label follows the data: a change that breaks one of its criteria suspends it, in the change's
    transaction. The notice is for the person who made the change."""
    if membership_check_place(actor=actor, place=place) is None:
        return None
    return _(
        "Attention : elle ne remplit plus la charte, le label du lieu est suspendu. L'équipe du réseau est prévenue."
    )


def label_panel(request: HttpRequest | None, place: Place) -> str:
    """The label on the public place page. Only a member (or suspended) place can carry one: the others cost no
    query."""
    if place.status not in (NetworkStatus.MEMBER, NetworkStatus.SUSPENDED):
        return ""
    label = label_of(place)
    if label is None:
        return ""
    return render_to_string("charter/_label.html", {"label": label, "place": place}, request=request)


def manager_dashboard_panel(request: HttpRequest | None, place: Place) -> str:
    label = label_of(place)
    context = {
        "place": place,
        "label": label,
        "label_check": assess_place(place, label.charter_version, label.kind) if label else None,
        "pending": pending_membership(place),
    }
    return render_to_string("charter/_manager_panel.html", context, request=request)


def manager_edit_panel(request: HttpRequest | None, place: Place) -> str:
    if label_of(place) is None:
        return ""
    return render_to_string("charter/_manager_edit_hint.html", {"place": place}, request=request)
