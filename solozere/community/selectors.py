"""Reads of the community, scoped to who asks: a field a member hid from someone never reaches them."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.community import stats
from solozere.community.consents import current_text
from solozere.community.models import (
    Consent,
    ContactMessage,
    Membership,
    MembershipDraft,
    MembershipPeriod,
    Report,
    Sector,
    TeleworkerStatus,
    Visibility,
)
from solozere.community.workflow import MembershipState
from solozere.territory.models import Commune, Zone
from solozere.territory.text import normalize_name

# Renewal opens this many days before the end of the membership.
RENEWAL_WINDOW_DAYS = 60
GROWTH_MONTHS = 24


def membership_of(user: Any) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user).select_related("commune__parent").first()


def membership_draft_of(user: Any) -> MembershipDraft | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MembershipDraft.objects.filter(user=user).first()


def is_active_member(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.active().filter(user=user).exists()


def is_pending_applicant(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.pending().filter(user=user).exists()


def active_member_count() -> int:
    return Membership.objects.counted().count()


def can_renew(membership: Membership, today: date | None = None) -> bool:
    day = today or timezone.localdate()
    return (
        membership.state == MembershipState.APPROVED
        and membership.valid_until is not None
        and membership.valid_until - day <= timedelta(days=RENEWAL_WINDOW_DAYS)
    )


def latest_consents(user: Any) -> dict[str, Consent]:
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(user=user).order_by("created_at", "pk"):
        latest[consent.kind] = consent
    return latest


def consent_is_current(consent: Consent | None) -> bool:
    return bool(consent and consent.granted and consent.version == current_text(consent.kind).version)


# Visibility -------------------------------------------------------------------------------------------------


def viewer_levels(user: Any) -> frozenset[str]:
    """The visibility levels a viewer is entitled to."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_staff:
        return frozenset(Visibility.values)
    if is_active_member(user):
        return frozenset({Visibility.PUBLIC, Visibility.MEMBERS})
    return frozenset({Visibility.PUBLIC})


def can_use_directory(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or is_active_member(user)))


@dataclass(frozen=True)
class ProfileCard:
    """What one viewer may see of one profile. Templates and answers use this, never the Membership."""

    public_id: UUID
    display_name: str
    name_visible: bool
    commune: str | None
    status: str | None
    occupation: str | None
    sector: str | None
    skills: list[str] | None
    interests: list[str] | None
    bio: str | None

    @property
    def shows_anything(self) -> bool:
        return self.name_visible or any(
            value
            for value in (
                self.commune,
                self.status,
                self.occupation,
                self.sector,
                self.skills,
                self.interests,
                self.bio,
            )
        )


def profile_card(membership: Membership, levels: frozenset[str]) -> ProfileCard:
    def shown(field: str) -> bool:
        return membership.visibility_of(field) in levels

    name_visible = shown("name")
    commune = None
    if shown("commune"):
        commune = str(membership.commune) if membership.commune_id else str(_("Hors de Lozère"))
    return ProfileCard(
        public_id=membership.public_id,
        display_name=f"{membership.first_name} {membership.last_name}" if name_visible else membership.pseudonym,
        name_visible=name_visible,
        commune=commune,
        status=membership.get_status_display() if shown("status") else None,
        occupation=membership.occupation if shown("occupation") else None,
        sector=membership.get_sector_display() if shown("sector") else None,
        skills=[tag.name for tag in membership.skills.all()] if shown("skills") else None,
        interests=[tag.name for tag in membership.interests.all()] if shown("interests") else None,
        bio=membership.bio if shown("bio") and membership.bio else None,
    )


def _listed() -> QuerySet[Membership]:
    return Membership.objects.active().filter(listed_in_directory=True, hidden_by_staff=False)


def directory_profiles(
    *, viewer: Any, skill: str = "", commune: Commune | None = None, status: str = ""
) -> QuerySet[Membership]:
    """Listed profiles matching the search, where each criterion only matches a field the viewer may see:
    searching must not reveal a hidden skill or commune."""
    levels = viewer_levels(viewer)
    queryset = _listed()
    key = normalize_name(skill)
    if key:
        queryset = queryset.filter(skills_visibility__in=levels, skills__slug__contains=key)
    if commune is not None:
        current = commune.current
        queryset = queryset.filter(commune_visibility__in=levels).filter(
            Q(commune=current) | Q(commune__parent=current)
        )
    if status:
        queryset = queryset.filter(status_visibility__in=levels, status=status)
    return (
        Membership.objects.filter(pk__in=queryset.values("pk"))
        .select_related("commune__parent")
        .prefetch_related("skills", "interests")
        .order_by("-pk")
    )


def visible_profile(*, viewer: Any, public_id: UUID) -> Membership | None:
    """The profile page: a listed profile (staff also see one they hid), or one's own."""
    membership = Membership.objects.select_related("commune__parent").filter(public_id=public_id).first()
    if membership is None:
        return None
    if getattr(viewer, "is_authenticated", False) and membership.user_id == viewer.pk:
        return membership
    listed = _listed()
    if getattr(viewer, "is_authenticated", False) and viewer.is_staff:
        listed = Membership.objects.active().filter(listed_in_directory=True)
    return membership if listed.filter(pk=membership.pk).exists() else None


def contactable_profile(*, viewer: Any, public_id: UUID) -> Membership | None:
    membership = _listed().select_related("user").filter(public_id=public_id).first()
    if membership is None or membership.user_id == viewer.pk:
        return None
    return membership


def messages_of(user: Any) -> tuple[QuerySet[ContactMessage], QuerySet[ContactMessage]]:
    base = ContactMessage.objects.select_related("sender__membership", "recipient__membership")
    return base.filter(recipient=user), base.filter(sender=user)


def received_message(*, user: Any, pk: int) -> ContactMessage | None:
    return ContactMessage.objects.select_related("sender__membership").filter(recipient=user, pk=pk).first()


def person_label(user: Any) -> str:
    """How one member appears to another in a relayed message: the name if shown to members, never the address."""
    membership = getattr(user, "membership", None)
    if membership is None:
        return str(_("Un membre du réseau"))
    if membership.name_visibility in (Visibility.PUBLIC, Visibility.MEMBERS):
        return f"{membership.first_name} {membership.last_name}"
    return membership.pseudonym


# Staff queues ------------------------------------------------------------------------------------------------


def review_queue() -> QuerySet[Membership]:
    return Membership.objects.pending().select_related("user", "commune__parent").order_by("submitted_at", "pk")


def recent_decisions(limit: int = 20) -> QuerySet[Membership]:
    return (
        Membership.objects.exclude(state__in=[MembershipState.SUBMITTED, MembershipState.INFO_REQUESTED])
        .select_related("user", "commune__parent")
        .order_by("-decided_at", "-pk")[:limit]
    )


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(state=Report.State.OPEN).select_related("reporter", "membership", "message")


def closed_reports(limit: int = 20) -> QuerySet[Report]:
    return (
        Report.objects.filter(state=Report.State.CLOSED)
        .select_related("handled_by", "membership")
        .order_by("-handled_at", "-pk")[:limit]
    )


# Census --------------------------------------------------------------------------------------------------------

OUTSIDE_KEY = "hors-lozere"
UNZONED_KEY = "autre-commune"


def census_areas() -> tuple[dict[int, str], list[tuple[str, str]]]:
    """A partition of Lozère: the four 2014 cantons where they apply (the aid's territory), elsewhere the EPCI.

    Returns {commune pk: area key} and the areas in display order, so that one member falls in exactly one area
    (two overlapping splits would let a reader subtract one from the other)."""
    mapping: dict[int, str] = {}
    areas: list[tuple[str, str]] = []
    for zone in Zone.objects.filter(kind=Zone.Kind.CANTON_2014).prefetch_related("communes").order_by("name"):
        areas.append((zone.slug, zone.name))
        for commune in zone.communes.all():
            mapping.setdefault(commune.pk, zone.slug)
    in_cantons = set(mapping)
    for zone in Zone.objects.filter(kind=Zone.Kind.EPCI).prefetch_related("communes").order_by("name"):
        communes = list(zone.communes.all())
        rest = [c for c in communes if c.pk not in in_cantons]
        if not rest:
            continue
        label = zone.name
        if len(rest) < len(communes):
            label = str(_("%(epci)s (hors anciens cantons)")) % {"epci": zone.name}
        areas.append((zone.slug, label))
        for commune in rest:
            mapping.setdefault(commune.pk, zone.slug)
    areas.append((UNZONED_KEY, str(_("Autre commune de Lozère"))))
    areas.append((OUTSIDE_KEY, str(_("Hors de Lozère"))))
    return mapping, areas


@dataclass(frozen=True)
class Census:
    active: int
    goal: int
    by_area: stats.ProtectedTable
    by_status: stats.ProtectedTable
    by_sector: stats.ProtectedTable
    growth: list[tuple[date, int]]
    today: date

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.active / self.goal)) if self.goal else 0


def community_census(today: date | None = None) -> Census:
    day = today or timezone.localdate()
    rows = list(Membership.objects.counted(day).values_list("commune_id", "lives_outside_lozere", "status", "sector"))
    mapping, areas = census_areas()
    area_counts = dict.fromkeys((key for key, _label in areas), 0)
    for commune_id, outside, _status, _sector in rows:
        key = OUTSIDE_KEY if outside or commune_id is None else mapping.get(commune_id, UNZONED_KEY)
        area_counts[key] += 1
    # The catch-all row (a commune in no zone) is listed only when someone is in it: absent says 0, like "0" would.
    area_rows = [(key, label, area_counts[key]) for key, label in areas if key != UNZONED_KEY or area_counts[key]]
    status_rows = [
        (value, str(label), sum(1 for r in rows if r[2] == value)) for value, label in TeleworkerStatus.choices
    ]
    sector_rows = [(value, str(label), sum(1 for r in rows if r[3] == value)) for value, label in Sector.choices]
    return Census(
        active=len(rows),
        goal=settings.COMMUNITY_GOAL,
        by_area=stats.protect_table(area_rows),
        by_status=stats.protect_table(status_rows),
        by_sector=stats.protect_table(sector_rows),
        growth=growth_series(day),
        today=day,
    )


def growth_series(today: date) -> list[tuple[date, int]]:
    periods = list(
        MembershipPeriod.objects.filter(starts_on__lte=today)
        .exclude(membership__user__is_demo=True)
        .values_list("starts_on", "ends_on")
    )
    if not periods:
        return [(today, 0)]
    first = min(start for start, _end in periods)
    earliest = today.replace(day=1) - timedelta(days=31 * (GROWTH_MONTHS - 1))
    days = stats.month_ends(max(first, earliest), today)
    return list(zip(days, stats.active_counts(periods, days), strict=True))
