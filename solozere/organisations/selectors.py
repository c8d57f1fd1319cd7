from typing import Any

from django.db.models import QuerySet

from solozere.organisations.models import Organisation, OrganisationStatus


def organisations_of_agent(user: Any) -> QuerySet[Organisation]:
    """The organisations still in activity that `user` acts for."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(agents__user=user, status=OrganisationStatus.ACTIVE).order_by("name")


def is_partner_agent(user: Any) -> bool:
    return organisations_of_agent(user).exists()


def active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=OrganisationStatus.ACTIVE).order_by("name")
