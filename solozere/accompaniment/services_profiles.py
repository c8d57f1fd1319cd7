"""The partner profiles: the reference ones loaded from SOURCES.md (reference.py), and the staff's changes to any of
them (the staff screens, views_staff.py). Every change is in the audit log."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from solozere.accompaniment.models import PartnerProfile
from solozere.accompaniment.reference import PROFILES
from solozere.accompaniment.topics import Topic
from solozere.accounts.roles import is_network_staff
from solozere.core.audit import diff_fields, log_change
from solozere.core.models import AuditLogEntry
from solozere.organisations.models import Organisation
from solozere.territory.models import Zone

LOADER = "load_accompaniment"


class ServiceError(Exception):
    """A use case refused, with a French sentence for the person; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _in_order(topics: Sequence[str]) -> list[str]:
    """The topics in the form's order, not the ticking order: the same choices always read the same."""
    return [topic for topic in Topic.values if topic in topics]


def _snapshot(profile: PartnerProfile, zones: Sequence[Zone]) -> dict[str, Any]:
    return {
        "topics": list(profile.topics),
        "zones": sorted(zone.slug for zone in zones),
        "receives_requests": profile.receives_requests,
        "territory_note": profile.territory_note,
        "contact_email": profile.contact_email,
    }


# --- Reference data --------------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # changed by the staff since: theirs, left alone


@transaction.atomic
def partner_profiles_load_reference() -> LoadReport:
    """Create or update the reference profiles. Safe to run again. A profile the staff changed (no longer
    `is_reference`) is left alone; on the others, zones and contact address are the staff's and never touched."""
    slugs = [row["organisation"] for row in PROFILES]
    organisations = Organisation.objects.in_bulk(slugs, field_name="slug")
    missing = [slug for slug in slugs if slug not in organisations]
    if missing:
        raise ServiceError(
            _("Structures partenaires manquantes (%(slugs)s) : lancez d'abord « manage.py load_organisations ».")
            % {"slugs": ", ".join(missing)}
        )
    existing = {
        profile.organisation_id: profile
        for profile in PartnerProfile.objects.select_for_update().filter(organisation__in=organisations.values())
    }
    report = LoadReport()
    for row in PROFILES:
        organisation = organisations[row["organisation"]]
        values: dict[str, Any] = {
            "topics": _in_order(row.get("topics", [])),
            # A closed organisation never receives requests, whatever the row says.
            "receives_requests": row.get("receives_requests", True) and organisation.is_active,
            "territory_note": row.get("territory_note", ""),
        }
        profile = existing.get(organisation.pk)
        if profile is None:
            profile = PartnerProfile.objects.create(organisation=organisation, is_reference=True, **values)
            log_change(
                actor=None,
                obj=profile,
                action=AuditLogEntry.Action.CREATE,
                changes=diff_fields({}, values),
                message=LOADER,
            )
            report.created += 1
            continue
        if not profile.is_reference:
            report.kept += 1
            continue
        before = {field: getattr(profile, field) for field in values}
        changes = diff_fields(before, values)
        if not changes:
            report.unchanged += 1
            continue
        for field, value in values.items():
            setattr(profile, field, value)
        profile.save(update_fields=[*values, "updated_at"])
        log_change(actor=None, obj=profile, action=AuditLogEntry.Action.UPDATE, changes=changes, message=LOADER)
        report.updated += 1
    return report


# --- The staff's changes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileData:
    topics: Sequence[str]
    zones: Sequence[Zone]
    receives_requests: bool
    territory_note: str
    contact_email: str


@transaction.atomic
def partner_profile_update(*, actor: Any, organisation: Organisation, data: ProfileData) -> PartnerProfile:
    """Set what `organisation` handles and where (creating its profile if it has none). A profile the staff change
    is theirs from then on: `load_accompaniment` no longer touches it."""
    if not is_network_staff(actor):
        raise ServiceError(_("Seule l'équipe du réseau modifie les structures partenaires."))
    # Lock the organisation first: its status decides whether it may receive requests.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if data.receives_requests and not organisation.is_active:
        raise ServiceError(
            _("%(name)s n'existe plus (fermée en %(year)s) : elle ne reçoit aucune demande.")
            % {"name": organisation, "year": organisation.closed_in},
            field="receives_requests",
        )
    unknown = [topic for topic in data.topics if topic not in Topic.values]
    if unknown:
        raise ServiceError(_("Sujet inconnu : %(topics)s.") % {"topics": ", ".join(unknown)}, field="topics")
    topics = _in_order(data.topics)
    zones = sorted(set(data.zones), key=lambda zone: (zone.kind, zone.name, zone.pk))
    profile = PartnerProfile.objects.select_for_update().filter(organisation=organisation).first()
    created = profile is None
    if profile is None:
        profile = PartnerProfile(organisation=organisation, receives_requests=False)
        before: dict[str, Any] = {}
    else:
        before = _snapshot(profile, list(profile.zones.all()))
    profile.topics = topics
    profile.receives_requests = data.receives_requests
    profile.territory_note = data.territory_note.strip()
    profile.contact_email = data.contact_email.strip()
    after = _snapshot(profile, zones)
    changes = diff_fields(before, after)
    if not changes and not created:
        return profile
    profile.is_reference = False
    try:
        profile.full_clean(exclude=["organisation"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(messages[0], field=field) from None
    profile.save()
    profile.zones.set(zones)
    log_change(
        actor=actor,
        obj=profile,
        action=AuditLogEntry.Action.CREATE if created else AuditLogEntry.Action.UPDATE,
        changes=changes,
    )
    return profile
