"""The staff's reads of the partner profiles: every organisation with what it handles and where."""

from django.db.models import Count, Prefetch, QuerySet

from solozere.accompaniment.models import PartnerProfile
from solozere.organisations.models import Organisation
from solozere.territory.models import Zone


def organisations_with_profiles() -> QuerySet[Organisation]:
    """Every organisation, the active first, each with its profile (or none yet), its zones and how many agents it
    has: three queries, however many organisations and zones."""
    return (
        Organisation.objects.select_related("accompaniment_profile")
        .prefetch_related(Prefetch("accompaniment_profile__zones", queryset=Zone.objects.order_by("kind", "name")))
        .annotate(agent_count=Count("agents"))
        .order_by("status", "name")
    )


def profile_of(organisation: Organisation) -> PartnerProfile | None:
    return PartnerProfile.objects.filter(organisation=organisation).prefetch_related("zones").first()
