from django.db import transaction

from solozere.organisations.models import Organisation, OrganisationStatus
from solozere.organisations.reference import ORGANISATIONS

_FIELDS = ("name", "short_name", "name_in_2012", "history", "handles", "source")


@transaction.atomic
def organisations_load_reference() -> tuple[int, int]:
    """Create or update the reference organisations; (created, updated). Fields the staff add (website, agents)
    are left alone."""
    created = updated = 0
    for row in ORGANISATIONS:
        defaults = {field: row.get(field, "") for field in _FIELDS}
        defaults["status"] = row.get("status", OrganisationStatus.ACTIVE)
        defaults["closed_in"] = row.get("closed_in")
        _, was_created = Organisation.objects.update_or_create(
            slug=row["slug"], defaults={**defaults, "is_reference": True}
        )
        created += was_created
        updated += not was_created
    return created, updated
