from typing import Any

from django import template
from django.db.models import Count, Q

from solozere.resources.models import LibraryItem
from solozere.resources.selectors import may_propose
from solozere.resources.workflow import Status

register = template.Library()


@register.inclusion_tag("resources/_account_block.html", takes_context=True)
def resources_account_block(context: template.Context) -> dict[str, Any]:
    """On the account page: how many resources the person proposed, how many wait for the staff, and the links."""
    user = context["request"].user
    counts = LibraryItem.objects.filter(proposed_by=user).aggregate(
        count=Count("pk"), waiting=Count("pk", filter=Q(status=Status.PROPOSED))
    )
    return {**counts, "may_propose": may_propose(user)}
