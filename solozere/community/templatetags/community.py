from typing import Any

from django import template
from django.conf import settings

from solozere.community import selectors

register = template.Library()


@register.inclusion_tag("community/_counter.html")
def community_counter() -> dict[str, Any]:
    """ "N télétravailleurs sur un objectif de 100", for the home page and the community page."""
    active = selectors.active_member_count()
    goal = settings.COMMUNITY_GOAL
    return {
        "active": active,
        "goal": goal,
        "percent": min(100, round(100 * active / goal)) if goal else 0,
        "show_link": True,
    }


@register.inclusion_tag("community/_account_block.html", takes_context=True)
def community_account_block(context: template.Context) -> dict[str, Any]:
    """The membership state and the personal-data links on the account page."""
    user = context["request"].user
    membership = selectors.membership_of(user)
    return {
        "membership": membership,
        "can_renew": bool(membership and selectors.can_renew(membership)),
        "request": context["request"],
    }
