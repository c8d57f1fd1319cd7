from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from solozere.organisations.models import Organisation, OrganisationAgent, OrganisationStatus


def organisations_of_agent(user: Any) -> QuerySet[Organisation]:
    """The organisations still in activity that `user` acts for."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(agents__user=user, status=OrganisationStatus.ACTIVE).order_by("name")


def is_partner_agent(user: Any) -> bool:
    return organisations_of_agent(user).exists()


def active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=OrganisationStatus.ACTIVE).order_by("name")


def organisations_for_staff() -> QuerySet[Organisation]:
    """Every organisation, the active first, with how many agents it has."""
    return Organisation.objects.annotate(agent_count=Count("agents")).order_by("status", "name")


def agents_of(organisation: Organisation) -> QuerySet[OrganisationAgent]:
    return organisation.agents.select_related("user").order_by("user__last_name", "user__first_name", "user__email")


def active_agents() -> QuerySet[Any]:
    """The people who act for at least one organisation in activity, with their memberships, by name."""
    memberships = OrganisationAgent.objects.filter(organisation__status=OrganisationStatus.ACTIVE).select_related(
        "organisation"
    )
    return (
        get_user_model()
        .objects.filter(organisation_memberships__organisation__status=OrganisationStatus.ACTIVE)
        .distinct()
        .prefetch_related(Prefetch("organisation_memberships", queryset=memberships))
        .order_by("last_name", "first_name", "email")
    )
