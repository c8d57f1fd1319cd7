"""Use cases on places. Views, admin, commands all call these; each change is written to the audit log."""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from solozere.core.audit import diff_fields, log_change
from solozere.core.mail import notify
from solozere.core.models import AuditLogEntry
from solozere.core.uploads import process_image
from solozere.places.hooks import run_place_checks
from solozere.places.models import (
    LABEL_STATUS_BY_HAND,
    LABEL_STATUSES,
    NetworkStatus,
    Place,
    PlacePhoto,
    PlaceStatusChange,
)

# Fields whose changes are logged (everything a person edits on a place).
_LOGGED_EXCLUDE = {"id", "created_at", "updated_at", "managers", "search_name"}


def place_snapshot(place: Place) -> dict[str, Any]:
    data = model_to_dict(place)
    return {key: value for key, value in data.items() if key not in _LOGGED_EXCLUDE}


# Paths under /lieux/ that are not places (the charter's public page, the staff's queues).
RESERVED_SLUGS = {"charte", "equipe"}


def unique_place_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200] or "lieu"
    if base in RESERVED_SLUGS:
        base = f"{base}-lieu"
    slug, n = base, 2
    qs = Place.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def place_create(
    *, actor: Any, status_date: dt.date | None = None, status_date_text: str = "", status_note: str = "", **fields: Any
) -> Place:
    """Create a place, its first status history row and the audit entry."""
    if not fields.get("slug"):
        fields["slug"] = unique_place_slug(fields["name"])
    if fields.get("latitude") is None and fields.get("commune") is not None:
        commune = fields["commune"]
        fields["latitude"], fields["longitude"] = commune.latitude, commune.longitude
        fields["location_is_approximate"] = True
    place = Place(**fields)
    place.full_clean()
    place.save()
    PlaceStatusChange.objects.create(
        place=place,
        status=place.status,
        date=status_date,
        date_text=status_date_text,
        note=status_note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_change(
        actor=actor, obj=place, action=AuditLogEntry.Action.CREATE, changes=diff_fields({}, place_snapshot(place))
    )
    return place


@transaction.atomic
def place_update(
    *, actor: Any, place: Place, data: dict[str, Any], message: str = "", notices: list[str] | None = None
) -> dict[str, list[Any]]:
    """Apply `data` to the place (locked), log what changed; a status change also goes to the history. What the
    registered place checks say to the person who made the change is added to `notices`."""
    locked = Place.objects.select_for_update().get(pk=place.pk)
    if "status" in data and data["status"] != locked.status and data["status"] in LABEL_STATUSES:
        raise ValidationError({"status": LABEL_STATUS_BY_HAND})
    before = place_snapshot(locked)
    old_status = locked.status
    for key, value in data.items():
        setattr(locked, key, value)
    locked.full_clean()
    locked.save()
    changes = diff_fields(before, place_snapshot(locked))
    if changes:
        log_change(actor=actor, obj=locked, action=AuditLogEntry.Action.UPDATE, changes=changes, message=message)
    if locked.status != old_status:
        PlaceStatusChange.objects.create(
            place=locked,
            status=locked.status,
            date=dt.date.today(),  # noqa: DTZ011 - a calendar date in the site's time zone
            note=message,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
    # What the apps above attach to a place re-checks it in this transaction (the charter's label: a change that
    # breaks one of its criteria suspends it).
    found = run_place_checks(actor=actor, place=locked)
    if notices is not None:
        notices.extend(found)
    place.refresh_from_db()
    return changes


@transaction.atomic
def place_set_status(
    *, actor: Any, place: Place, status: NetworkStatus | str, date: dt.date | None = None, note: str = ""
) -> PlaceStatusChange:
    """The place's status, with its history row (shown on the place's page). That row is the log of the change:
    no audit-log row besides, as for every transition (ADR 0007)."""
    locked = Place.objects.select_for_update().get(pk=place.pk)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    change = PlaceStatusChange.objects.create(
        place=locked,
        status=status,
        date=date or dt.date.today(),  # noqa: DTZ011
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    place.refresh_from_db()
    return change


# --- Managers, status history, deletion and photos (the back office goes through these) ---


def _user_label(user: Any) -> str:
    return str(getattr(user, "email", "") or user)


@transaction.atomic
def place_set_managers(*, actor: Any, place: Place, managers: Iterable[Any], message: str = "") -> dict[str, list[Any]]:
    """Replace the place's managers; the audit log keeps who was added and who was removed, and each person
    given the rights is told by e-mail once this commits (what they may now do, and where)."""
    locked = Place.objects.select_for_update().get(pk=place.pk)
    previous = {user.pk: user for user in locked.managers.all()}
    before = sorted(_user_label(user) for user in previous.values())
    new_managers = list(managers)
    locked.managers.set(new_managers)
    after = sorted(_user_label(user) for user in locked.managers.all())
    changes = diff_fields({"managers": before}, {"managers": after})
    if changes:
        log_change(actor=actor, obj=locked, action=AuditLogEntry.Action.UPDATE, changes=changes, message=message)
    for user in new_managers:
        if user.pk not in previous and user.is_active and user.email:
            _tell_new_manager(user=user, place=locked)
    return changes


def _tell_new_manager(*, user: Any, place: Place) -> None:
    site = settings.SITE_URL.rstrip("/")
    notify(
        to=[user.email],
        subject=_("Vous gérez désormais « %(place)s »") % {"place": place.name},
        template="places/emails/manager_added.txt",
        context={
            "place": place,
            "manage_url": site + reverse("places:manage", kwargs={"slug": place.slug}),
            "edit_url": site + reverse("places:manage_edit", kwargs={"slug": place.slug}),
            "profile_url": site + reverse("accounts:profile"),
            "contact_email": settings.CONTACT_EMAIL,
        },
    )


@transaction.atomic
def place_status_history_add(
    *,
    actor: Any,
    place: Place,
    status: NetworkStatus | str,
    date: dt.date | None = None,
    date_text: str = "",
    note: str = "",
) -> PlaceStatusChange:
    """Record a past step of the place's history (e.g. "opened in 2013") without changing its current status."""
    change = PlaceStatusChange(
        place=place,
        status=status,
        date=date,
        date_text=date_text,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    change.full_clean()
    change.save()
    log_change(
        actor=actor,
        obj=place,
        action=AuditLogEntry.Action.UPDATE,
        changes={"status_history": [None, f"{change.get_status_display()} ({date or date_text or '?'})"]},
        message=note,
    )
    return change


@transaction.atomic
def place_delete(*, actor: Any, place: Place, message: str = "") -> None:
    """Delete a place; the audit entry keeps what it was (the log outlives the row)."""
    locked = Place.objects.select_for_update().get(pk=place.pk)
    log_change(
        actor=actor,
        obj=locked,
        action=AuditLogEntry.Action.DELETE,
        changes=diff_fields(place_snapshot(locked), {}),
        message=message,
    )
    locked.delete()  # its photos' files go once this commits (solozere.core.files)


@transaction.atomic
def place_photo_add(
    *, actor: Any, place: Place, image_file: IO[bytes], alt_text: str, position: int | None = None
) -> PlacePhoto:
    """Check the upload by its content, resize and re-encode it (no EXIF), store it with its size."""
    processed = process_image(image_file)  # raises a French ValidationError for anything but a photo
    locked = Place.objects.select_for_update().get(pk=place.pk)
    if position is None:
        last = locked.photos.order_by("-position").values_list("position", flat=True).first()
        position = 0 if last is None else last + 1
    photo = PlacePhoto(
        place=locked,
        alt_text=alt_text.strip(),
        position=position,
        width=processed.width,
        height=processed.height,
    )
    photo.full_clean(exclude=["image"])
    photo.image.save(f"{uuid.uuid4().hex}.{processed.extension}", ContentFile(processed.content), save=False)
    try:
        photo.save()
    except Exception:
        photo.image.storage.delete(str(photo.image.name))
        raise
    log_change(
        actor=actor,
        obj=locked,
        action=AuditLogEntry.Action.UPDATE,
        changes={"photos": [None, photo.alt_text]},
        message=str(_("Photo ajoutée : « %(alt)s » (%(width)s × %(height)s px)"))  # noqa: RUF001
        % {"alt": photo.alt_text, "width": photo.width, "height": photo.height},
    )
    return photo


@transaction.atomic
def place_photo_update(*, actor: Any, photo: PlacePhoto, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Change a photo's description or order (the image itself is replaced by adding a new photo)."""
    locked = PlacePhoto.objects.select_for_update().select_related("place").get(pk=photo.pk)
    editable = ("alt_text", "position")
    before = {key: getattr(locked, key) for key in editable}
    for key, value in data.items():
        if key not in editable:
            raise ValueError(f"PlacePhoto.{key} is not editable here.")
        setattr(locked, key, value)
    locked.full_clean(exclude=["image"])
    locked.save(update_fields=list(data) or None)
    after = {key: getattr(locked, key) for key in editable}
    changes = {f"photo_{key}": value for key, value in diff_fields(before, after).items()}
    if changes:
        log_change(actor=actor, obj=locked.place, action=AuditLogEntry.Action.UPDATE, changes=changes)
    photo.refresh_from_db()
    return changes


@transaction.atomic
def place_photo_remove(*, actor: Any, photo: PlacePhoto) -> None:
    locked = PlacePhoto.objects.select_for_update().select_related("place").get(pk=photo.pk)
    log_change(
        actor=actor,
        obj=locked.place,
        action=AuditLogEntry.Action.UPDATE,
        changes={"photos": [locked.alt_text, None]},
        message=str(_("Photo retirée : « %(alt)s »")) % {"alt": locked.alt_text},
    )
    locked.delete()  # the file goes once this commits (solozere.core.files)
