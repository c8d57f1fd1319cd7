"""Corrections that visitors propose for a place page, and their handling by the network staff. Every applied change
goes through place_update, which logs it; the proposer is answered, then forgotten."""

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accounts.roles import is_network_staff
from solozere.core.mail import absolute_url, notify
from solozere.places.models import CorrectionStatus, Place, PlaceCorrection
from solozere.places.services import place_update

# A visitor (one address) may propose this many corrections per hour, all places together.
CORRECTIONS_PER_HOUR = 5


class CorrectionError(Exception):
    """A refusal with a French message for the person who tried."""


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def staff_addresses() -> list[str]:
    """The network staff's address for the places and their charter (PLACES_NETWORK_EMAIL, else CONTACT_EMAIL)."""
    return [settings.PLACES_NETWORK_EMAIL or settings.CONTACT_EMAIL]


def sender_key(address: str) -> str:
    """A keyed hash of the visitor's address: enough to count their proposals, useless to find them."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


@transaction.atomic
def place_correction_submit(
    *,
    place: Place,
    field: str,
    proposed_value: str,
    reason: str,
    email: str = "",
    user: Any = None,
    key: str = "",
    now: dt.datetime | None = None,
) -> PlaceCorrection:
    moment = now or timezone.now()
    if key and (
        PlaceCorrection.objects.filter(sender_key=key, created_at__gte=moment - dt.timedelta(hours=1)).count()
        >= CORRECTIONS_PER_HOUR
    ):
        raise CorrectionError(
            _("Vous avez déjà proposé %(count)s corrections dans l'heure : réessayez plus tard, merci.")
            % {"count": CORRECTIONS_PER_HOUR}
        )
    correction = PlaceCorrection(
        place=place,
        field=field,
        proposed_value=proposed_value.strip(),
        reason=reason.strip(),
        email=email.strip(),
        submitted_by=_person(user),
        sender_key=key,
    )
    correction.full_clean()
    correction.save()
    notify(
        to=staff_addresses(),
        subject=_("Correction proposée : %(place)s") % {"place": place},
        template="places/emails/correction_submitted_staff.txt",
        context={
            "correction": correction,
            "place": place,
            "url": absolute_url(reverse("places:staff_correction", kwargs={"pk": correction.pk})),
        },
    )
    return correction


def _lock_open_correction(correction: PlaceCorrection) -> PlaceCorrection:
    locked = PlaceCorrection.objects.select_for_update(of=("self",)).select_related("place").get(pk=correction.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise CorrectionError(_("Cette correction a déjà été traitée."))
    return locked


@transaction.atomic
def place_correction_accept(
    *, actor: Any, correction: PlaceCorrection, data: dict[str, Any], note: str = ""
) -> PlaceCorrection:
    """Apply the (possibly adjusted) change through place_update, which logs it; "other" needs a note."""
    if not is_network_staff(actor):
        raise CorrectionError(_("Seule l'équipe du réseau traite les corrections."))
    locked = _lock_open_correction(correction)
    if not data and not note.strip():
        raise CorrectionError(_("Dites ce qui a été fait de cette proposition."))
    changes: dict[str, Any] = {}
    if data:
        try:
            changes = place_update(
                actor=actor,
                place=locked.place,
                data=data,
                message=_("Correction proposée par un visiteur (n° %(pk)s)") % {"pk": locked.pk},
            )
        except ValidationError as error:
            raise CorrectionError(" ".join(error.messages)) from None
    locked.status = CorrectionStatus.ACCEPTED
    locked.handled_by = _person(actor)
    locked.handled_at = timezone.now()
    locked.staff_note = note.strip()
    locked.applied_changes = changes
    _tell_proposer(locked)
    locked.save()
    correction.refresh_from_db()
    return locked


@transaction.atomic
def place_correction_dismiss(*, actor: Any, correction: PlaceCorrection, note: str) -> PlaceCorrection:
    if not is_network_staff(actor):
        raise CorrectionError(_("Seule l'équipe du réseau traite les corrections."))
    if not note.strip():
        raise CorrectionError(_("Dites pourquoi cette proposition est écartée."))
    locked = _lock_open_correction(correction)
    locked.status = CorrectionStatus.DISMISSED
    locked.handled_by = _person(actor)
    locked.handled_at = timezone.now()
    locked.staff_note = note.strip()
    _tell_proposer(locked)
    locked.save()
    correction.refresh_from_db()
    return locked


def _tell_proposer(correction: PlaceCorrection) -> None:
    """Answer the visitor if they left an address, then forget it (and the key of their address): a handled
    correction keeps nothing personal."""
    email, correction.email, correction.sender_key = correction.email, "", ""
    if email:
        notify(
            to=[email],
            subject=_("Votre proposition de correction : %(place)s") % {"place": correction.place},
            template="places/emails/correction_handled.txt",
            context={
                "correction": correction,
                "place": correction.place,
                "accepted": correction.status == CorrectionStatus.ACCEPTED,
                "url": absolute_url(correction.place.get_absolute_url()),
            },
        )
