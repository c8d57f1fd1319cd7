"""What the resource centre holds of a person, for the personal-data registry of accounts (registered in
ResourcesConfig.ready): the resources they proposed, and, as a member of the staff, the decisions they took.
A deleted account's proposals stay (a published resource is the network's, signed by its author and organisation,
not by the account): the foreign key is set to null, nothing else changes."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.resources.models import LibraryItem, LibraryItemTransition

RELATIONS = frozenset({("resources.libraryitem", "proposed_by"), ("resources.libraryitemtransition", "actor")})


def resources_personal_data(user: Any) -> dict[str, Any]:
    return {
        "proposed": [
            {
                "title": item.title,
                "kind": item.get_kind_display(),
                "author": item.author,
                "organisation": item.organisation,
                "status": item.get_status_display(),
                "file": item.file_name,
                "url": item.url,
                "proposed_at": iso(item.proposed_at),
                "published_at": iso(item.published_at),
                "decision_reason": item.decision_reason,
            }
            for item in LibraryItem.objects.filter(proposed_by=user).order_by("proposed_at", "pk")
        ],
        # As the staff: which resource, what, when (the resources themselves are public or someone else's).
        "state_changes_made": [
            {"resource": row.item.title, "to": row.get_to_state_display(), "date": iso(row.created_at)}
            for row in LibraryItemTransition.objects.filter(actor=user).select_related("item").order_by("pk")
        ],
    }


def resources_anonymise(*, user: Any, today: Any = None) -> None:
    """The proposals lose their proposer, before the account goes (the key would be set to null anyway: said here
    so that nobody changes on_delete without seeing it)."""
    LibraryItem.objects.filter(proposed_by=user).update(proposed_by=None)
