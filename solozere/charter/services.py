"""Use cases of the quality charter: versions, places' adhesion (apply, review, suspend, renew). Views, commands and the place_update hook call these; every transition goes through core's apply_transition
(one PlaceMembershipEvent row, not an audit-log row), and e-mails leave after commit (solozere.core.mail).
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accounts.roles import is_network_staff
from solozere.charter import reference as charter_reference
from solozere.charter.models import (
    CHARTER_KINDS,
    Charter,
    CharterCriterion,
    CharterVersion,
    EvidenceKind,
    MembershipEvidence,
    PlaceMembership,
    PlaceMembershipEvent,
    RenewalReason,
    ReviewState,
)
from solozere.charter.workflow import LABEL_STATES, WORKFLOW, Action, MembershipStatus, Role
from solozere.core.audit import log_change
from solozere.core.dates import one_year_from
from solozere.core.mail import absolute_url, notify
from solozere.core.models import AuditLogEntry
from solozere.core.uploads import StoredFile
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.places import criteria
from solozere.places.corrections import staff_addresses
from solozere.places.models import NetworkStatus, Place
from solozere.places.services import place_set_status, place_update

# The yearly reminder leaves this many days before the label's term.
RENEWAL_NOTICE_DAYS = 30


class CharterError(Exception):
    """A refusal with a French message for the person who tried."""


# --- Small helpers ------------------------------------------------------------------------------------------------


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def manager_addresses(place: Place, *extra: Any) -> list[str]:
    """The place's active managers, and anyone else concerned (the applicant), each once."""
    people = [*place.managers.filter(is_active=True).order_by("pk"), *(p for p in extra if p is not None)]
    addresses: list[str] = []
    for person in people:
        if person.email and person.email not in addresses:
            addresses.append(person.email)
    return addresses


def _transition(
    membership: PlaceMembership,
    *,
    action: str,
    role: str,
    actor: Any,
    reason: str = "",
    save_fields: Iterable[str] = (),
) -> None:
    """Move `membership` (locked by the caller, or new) along the workflow: its state, `save_fields`, one event."""
    try:
        apply_transition(
            workflow=WORKFLOW,
            obj=membership,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=PlaceMembershipEvent,
            save_fields=save_fields,
            membership=membership,
        )
    except TransitionNotAllowed as error:
        raise CharterError(error.message) from None


# --- The charter and its versions ---------------------------------------------------------------------------------


def version_criteria(version: CharterVersion, kind: str) -> list[CharterCriterion]:
    return [criterion for criterion in version.criteria.all() if criterion.kind == kind]


def assess_place(place: Any, version: CharterVersion, kind: str) -> criteria.KindAssessment:
    """The criteria of `version` for `kind`, checked against the facts of `place` (a Place or any look-alike)."""
    codes = [criterion.code for criterion in version_criteria(version, kind)]
    return criteria.assess_charter(place, codes, kind=kind, minimum_mbps=version.min_download_mbps)


@transaction.atomic
def charter_load_reference(*, actor: Any = None, now: dt.datetime | None = None) -> tuple[CharterVersion, bool]:
    """The charter and its first published version (charter_reference). Idempotent: (version, created)."""
    charter, _created = Charter.objects.get_or_create(
        slug=charter_reference.CHARTER_SLUG, defaults={"title": charter_reference.CHARTER_TITLE}
    )
    existing = charter.versions.filter(number=charter_reference.FIRST_VERSION_NUMBER).first()
    if existing is not None:
        return existing, False
    version = CharterVersion.objects.create(
        charter=charter,
        number=charter_reference.FIRST_VERSION_NUMBER,
        text=charter_reference.FIRST_VERSION_TEXT,
        min_download_mbps=charter_reference.FIRST_VERSION_MIN_DOWNLOAD_MBPS,
        published_at=now or timezone.now(),
        published_by=_person(actor),
    )
    for position, (kind, code, label, guidance, evidence_kind) in enumerate(charter_reference.FIRST_VERSION_CRITERIA):
        CharterCriterion.objects.create(
            version=version,
            kind=kind,
            code=code,
            label=label,
            guidance=guidance,
            evidence_kind=evidence_kind,
            position=position,
        )
    log_change(actor=actor, obj=version, action=AuditLogEntry.Action.CREATE, message=str(version))
    return version, True


@transaction.atomic
def charter_version_create_draft(
    *, actor: Any, charter: Charter, text: str, changes: str, min_download_mbps: Decimal
) -> CharterVersion:
    """A new draft version numbered after the last one, with the criteria of the last one (edited in /gestion/)."""
    if not is_network_staff(actor):
        raise CharterError(_("Seule l'équipe du réseau prépare les versions de la charte."))
    locked = Charter.objects.select_for_update().get(pk=charter.pk)
    if locked.versions.filter(published_at__isnull=True).exists():
        raise CharterError(_("Une version en brouillon existe déjà : publiez-la ou supprimez-la d'abord."))
    latest = locked.versions.order_by("-number").first()
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = CharterVersion(
        charter=locked, number=number, text=text.strip(), changes=changes.strip(), min_download_mbps=min_download_mbps
    )
    version.full_clean()
    version.save()
    if latest is not None:
        CharterCriterion.objects.bulk_create(
            CharterCriterion(
                version=version,
                kind=criterion.kind,
                code=criterion.code,
                label=criterion.label,
                guidance=criterion.guidance,
                evidence_kind=criterion.evidence_kind,
                position=criterion.position,
            )
            for criterion in latest.criteria.all()
        )
    log_change(actor=actor, obj=version, action=AuditLogEntry.Action.CREATE, message=str(version))
    return version


@transaction.atomic
def charter_version_publish(
    *, actor: Any, version: CharterVersion, now: dt.datetime | None = None
) -> list[PlaceMembership]:
    """Publish a draft; every place holding the label under an older version is asked to re-adhere."""
    if not is_network_staff(actor):
        raise CharterError(_("Seule l'équipe du réseau publie la charte."))
    locked = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise CharterError(_("Cette version est déjà publiée."))
    kinds = set(locked.criteria.values_list("kind", flat=True))
    missing = [str(label) for value, label in CHARTER_KINDS if value not in kinds]
    if missing:
        raise CharterError(
            _("Cette version n'a aucun critère pour : %(kinds)s. Ajoutez-les avant de la publier.")
            % {"kinds": ", ".join(missing)}
        )
    moment = now or timezone.now()
    locked.published_at = moment
    locked.published_by = _person(actor)
    locked.save(update_fields=["published_at", "published_by"])
    log_change(
        actor=actor,
        obj=locked,
        action=AuditLogEntry.Action.TRANSITION,
        changes={"published_at": [None, moment.isoformat()]},
        message=str(locked),
    )
    asked = []
    older = (
        PlaceMembership.objects.filter(status__in=LABEL_STATES, charter_version__charter=locked.charter)
        .exclude(charter_version=locked)
        .select_related("place", "charter_version")
    )
    for membership in older:
        if membership_request_renewal(membership=membership, reason=RenewalReason.NEW_VERSION, now=moment):
            asked.append(membership)
    version.refresh_from_db()
    return asked


# --- Adhesion: applying ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceInput:
    """What the manager gives for one criterion: a text, a measured speed, a checked file (or nothing)."""

    text: str = ""
    speed_mbps: Decimal | None = None
    stored: StoredFile | None = None
    file_name: str = ""


def missing_evidence(criterion: CharterCriterion, given: EvidenceInput | None) -> str | None:
    """A French sentence when `given` is not the evidence the criterion asks for."""
    given = given or EvidenceInput()
    if criterion.evidence_kind == EvidenceKind.TEXT and not given.text.strip():
        return _("Expliquez en quelques mots comment ce critère est rempli.")
    if criterion.evidence_kind == EvidenceKind.PHOTO and given.stored is None:
        return _("Ajoutez une photo.")
    if criterion.evidence_kind == EvidenceKind.DOCUMENT and given.stored is None:
        return _("Ajoutez un document (PDF ou image).")
    if criterion.evidence_kind == EvidenceKind.SPEED_TEST and given.speed_mbps is None:
        return _("Indiquez le débit descendant mesuré, en Mbit/s.")
    return None


class PlaceFactsPreview:
    """The place as it would be with `data` applied, for the criteria (no database write)."""

    def __init__(self, place: Place, data: dict[str, Any]) -> None:
        self._place = place
        self._data = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._data:
            return self._data[name]
        return getattr(self._place, name)


def details_with_evidence(
    version: CharterVersion, kind: str, details: dict[str, Any], evidence: dict[int, EvidenceInput], today: dt.date
) -> dict[str, Any]:
    """The place's details, with the measured speed of a speed-test evidence (it is the place's connection)."""
    data = dict(details)
    for criterion in version_criteria(version, kind):
        given = evidence.get(criterion.pk)
        if criterion.evidence_kind == EvidenceKind.SPEED_TEST and given and given.speed_mbps is not None:
            data["download_mbps"] = given.speed_mbps
            data["connectivity_measured_on"] = today
    return data


@transaction.atomic
def membership_apply(
    *,
    actor: Any,
    place: Place,
    version: CharterVersion,
    kind: str,
    details: dict[str, Any],
    evidence: dict[int, EvidenceInput],
    accepted: bool,
) -> PlaceMembership:
    """A manager applies: the place's details are saved (logged), the evidence stored, the charter acceptance
    recorded (who, when, which version). Raises CharterError with a French message."""
    if not accepted:
        raise CharterError(_("Il faut accepter la charte pour adhérer."))
    locked = Place.objects.select_for_update().get(pk=place.pk)
    if not (is_network_staff(actor) or locked.managers.filter(pk=getattr(actor, "pk", None)).exists()):
        raise CharterError(_("Seuls les gestionnaires du lieu peuvent demander son adhésion."))
    if not version.is_published:
        raise CharterError(_("On ne peut adhérer qu'à une version publiée de la charte."))
    if kind not in dict(CHARTER_KINDS):
        raise CharterError(_("La charte s'applique aux Comptoirs et aux Télécentres."))
    if locked.memberships.filter(status=MembershipStatus.SUBMITTED).exists():
        raise CharterError(_("Ce lieu a déjà une demande d'adhésion en attente d'examen."))
    for criterion in version_criteria(version, kind):
        problem = missing_evidence(criterion, evidence.get(criterion.pk))
        if problem:
            raise CharterError(f"{criterion.label} : {problem}")
    today = timezone.localdate()
    data = details_with_evidence(version, kind, details, evidence, today)
    failing = [r for r in assess_place(PlaceFactsPreview(locked, data), version, kind).results if not r.passed]
    if failing:
        raise CharterError(" ".join(f"{result.label} : {result.explanation}" for result in failing))

    place_update(
        actor=actor,
        place=locked,
        data=data,
        message=_("Demande d'adhésion à la %(version)s") % {"version": version},
    )
    now = timezone.now()
    membership = PlaceMembership(
        place=locked,
        charter_version=version,
        kind=kind,
        applicant=_person(actor),
        accepted_by=_person(actor),
        accepted_at=now,
        status=NOTHING,  # the workflow's submit takes it to "submitted"
    )
    try:
        with transaction.atomic():
            _transition(
                membership,
                action=Action.SUBMIT,
                role=Role.STAFF if is_network_staff(actor) else Role.MANAGER,
                actor=actor,
                reason=_("Charte acceptée : %(version)s") % {"version": version},
            )
    except IntegrityError:
        raise CharterError(_("Ce lieu a déjà une demande d'adhésion en attente d'examen.")) from None
    written: list[str] = []
    try:
        for criterion in version_criteria(version, kind):
            given = evidence.get(criterion.pk) or EvidenceInput()
            row = MembershipEvidence(
                membership=membership,
                criterion=criterion,
                text=given.text.strip(),
                speed_mbps=given.speed_mbps,
            )
            if given.stored is not None:
                row.file_name = given.file_name[:255]
                row.file_content_type = given.stored.content_type
                row.file_size = len(given.stored.content)
                name = f"{uuid.uuid4().hex}.{given.stored.extension}"
                row.file.save(name, ContentFile(given.stored.content), save=False)
                written.append(str(row.file.name))
            row.save()
    except BaseException:
        for name in written:  # the rows are rolled back: their files must not stay on disk
            MembershipEvidence.file.field.storage.delete(name)
        raise
    context = {"membership": membership, "place": locked, "version": version}
    notify(
        to=manager_addresses(locked, _person(actor)),
        subject=_("Demande d'adhésion reçue : %(place)s") % {"place": locked},
        template="charter/emails/membership_submitted.txt",
        context={**context, "url": absolute_url(reverse("charter:adhesion", kwargs={"slug": locked.slug}))},
    )
    notify(
        to=staff_addresses(),
        subject=_("Nouvelle demande d'adhésion : %(place)s") % {"place": locked},
        template="charter/emails/membership_submitted_staff.txt",
        context={**context, "url": absolute_url(reverse("charter:staff_membership", kwargs={"pk": membership.pk}))},
    )
    return membership


# --- Adhesion: review ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionReview:
    state: str  # ReviewState.ACCEPTED or REJECTED
    note: str = ""


def _lock_membership(membership: PlaceMembership) -> PlaceMembership:
    return (
        PlaceMembership.objects.select_for_update(of=("self",))
        .select_related("place", "charter_version", "charter_version__charter")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_review(
    *,
    actor: Any,
    membership: PlaceMembership,
    reviews: dict[int, CriterionReview],
    decision: str,
    note: str = "",
) -> PlaceMembership:
    """The staff's decision, criterion by criterion. `decision` is Action.APPROVE or Action.REFUSE.

    Approving needs every criterion accepted and the place's data meeting them today; it makes the place
    "membre du réseau" (status history row) for one year and ends the label it replaces. Refusing needs a reason.
    """
    if not is_network_staff(actor):
        raise CharterError(_("Seule l'équipe du réseau examine les demandes d'adhésion."))
    locked = _lock_membership(membership)
    evidence = list(locked.evidence.select_related("criterion").order_by("criterion__position", "pk"))
    for row in evidence:
        review = reviews.get(row.pk)
        if review is None or review.state not in (ReviewState.ACCEPTED, ReviewState.REJECTED):
            raise CharterError(
                _("Donnez un avis sur chaque critère : « %(label)s » n'en a pas.") % {"label": row.criterion.label}
            )
        if review.state == ReviewState.REJECTED and not review.note.strip():
            raise CharterError(
                _("Dites pourquoi le critère « %(label)s » n'est pas conforme.") % {"label": row.criterion.label}
            )
    rejected = [row for row in evidence if reviews[row.pk].state == ReviewState.REJECTED]
    if decision == Action.APPROVE:
        if rejected:
            raise CharterError(
                _("Un critère non conforme empêche de valider l'adhésion : refusez-la en donnant les motifs.")
            )
        failing = [r for r in assess_place(locked.place, locked.charter_version, locked.kind).results if not r.passed]
        if failing:
            raise CharterError(
                _("Les informations du lieu ne remplissent pas la charte aujourd'hui : %(reasons)s")
                % {"reasons": " ".join(f"{r.label} : {r.explanation}" for r in failing)}
            )
    elif decision == Action.REFUSE:
        if not rejected and not note.strip():
            raise CharterError(_("Pour refuser, marquez au moins un critère non conforme ou donnez un motif."))
    else:
        raise CharterError(_("Choisissez de valider ou de refuser l'adhésion."))

    try:
        WORKFLOW.check(state=locked.status, action=decision, role=Role.STAFF)  # already decided: say so first
    except TransitionNotAllowed as error:
        raise CharterError(error.message) from None
    for row in evidence:
        row.review_state = reviews[row.pk].state
        row.review_note = reviews[row.pk].note.strip()
        row.save(update_fields=["review_state", "review_note"])
    now = timezone.now()
    locked.decided_at = now
    locked.decided_by = _person(actor)
    locked.decision_note = note.strip()
    decided = ["decided_at", "decided_by", "decision_note"]
    place = locked.place
    if decision == Action.APPROVE:
        # The label it replaces ends first: a place holds one label at a time (place_membership_one_label).
        for previous in PlaceMembership.objects.select_for_update().filter(place=place, status__in=LABEL_STATES):
            previous.ended_at = now
            _transition(
                previous,
                action=Action.END,
                role=Role.SYSTEM,
                actor=actor,
                reason=_("Renouvelée par l'adhésion à la %(version)s") % {"version": locked.charter_version},
                save_fields=["ended_at"],
            )
        today = timezone.localdate(now)
        locked.valid_from = today
        locked.valid_until = one_year_from(today)
        _transition(
            locked,
            action=decision,
            role=Role.STAFF,
            actor=actor,
            reason=note.strip(),
            save_fields=[*decided, "valid_from", "valid_until"],
        )
        if place.kind != locked.kind:
            place_update(
                actor=actor, place=place, data={"kind": locked.kind}, message=_("Type fixé par l'adhésion à la charte")
            )
        place_set_status(
            actor=actor,
            place=place,
            status=NetworkStatus.MEMBER,
            date=today,
            note=_("Membre du réseau : %(version)s") % {"version": locked.charter_version},
        )
    else:
        _transition(locked, action=decision, role=Role.STAFF, actor=actor, reason=note.strip(), save_fields=decided)
    notify(
        to=manager_addresses(place, locked.applicant),
        subject=(_("Adhésion validée : %(place)s") if decision == Action.APPROVE else _("Adhésion refusée : %(place)s"))
        % {"place": place},
        template="charter/emails/membership_approved.txt"
        if decision == Action.APPROVE
        else "charter/emails/membership_refused.txt",
        context={
            "membership": locked,
            "place": place,
            "version": locked.charter_version,
            "rejected": rejected,
            "note": note.strip(),
            "url": absolute_url(place.get_absolute_url()),
            "adhesion_url": absolute_url(reverse("charter:adhesion", kwargs={"slug": place.slug})),
        },
    )
    membership.refresh_from_db()
    return locked


# --- Label: suspension, reinstatement, renewal, expiry ------------------------------------------------------------


def current_label(place: Place) -> PlaceMembership | None:
    return (
        PlaceMembership.objects.filter(place=place, status__in=LABEL_STATES)
        .select_related("charter_version", "charter_version__charter")
        .first()
    )


def membership_check_place(*, actor: Any, place: Place) -> PlaceMembership | None:
    """Called by place_update after every change of a place, inside its transaction: when the data no longer
    meets a criterion of its label (failed, or no longer given), the label is suspended. Returns the membership
    it suspended, if any."""
    membership = (
        PlaceMembership.objects.filter(place=place, status=MembershipStatus.APPROVED)
        .select_related("charter_version")
        .prefetch_related("charter_version__criteria")
        .first()
    )
    if membership is None:
        return None
    broken = [r for r in assess_place(place, membership.charter_version, membership.kind).results if not r.passed]
    if not broken:
        return None
    reason = " ".join(f"{r.label} : {r.explanation}" for r in broken)
    return membership_suspend(actor=actor, membership=membership, reason=reason)


@transaction.atomic
def membership_suspend(*, actor: Any, membership: PlaceMembership, reason: str) -> PlaceMembership:
    locked = _lock_membership(membership)
    locked.suspended_at = timezone.now()
    locked.suspension_reason = reason
    _transition(
        locked,
        action=Action.SUSPEND,
        role=Role.SYSTEM,
        actor=actor,
        reason=reason,
        save_fields=["suspended_at", "suspension_reason"],
    )
    place = locked.place
    place_set_status(
        actor=actor,
        place=place,
        status=NetworkStatus.SUSPENDED,
        note=_("Label suspendu : %(reason)s") % {"reason": reason},
    )
    context = {
        "membership": locked,
        "place": place,
        "reason": reason,
        "url": absolute_url(reverse("places:manage", kwargs={"slug": place.slug})),
        "staff_url": absolute_url(reverse("charter:staff_membership", kwargs={"pk": locked.pk})),
    }
    notify(
        to=manager_addresses(place),
        subject=_("Label suspendu : %(place)s") % {"place": place},
        template="charter/emails/label_suspended.txt",
        context=context,
    )
    notify(
        to=staff_addresses(),
        subject=_("Label suspendu : %(place)s") % {"place": place},
        template="charter/emails/label_suspended_staff.txt",
        context=context,
    )
    return locked


@transaction.atomic
def membership_reinstate(*, actor: Any, membership: PlaceMembership, note: str = "") -> PlaceMembership:
    """Staff give the label back once the place's data meets every criterion again."""
    if not is_network_staff(actor):
        raise CharterError(_("Seule l'équipe du réseau rétablit un label."))
    locked = _lock_membership(membership)
    failing = [r for r in assess_place(locked.place, locked.charter_version, locked.kind).results if not r.passed]
    if failing:
        raise CharterError(
            _("Le label ne peut pas être rétabli : %(reasons)s")
            % {"reasons": " ".join(f"{r.label} : {r.explanation}" for r in failing)}
        )
    locked.suspended_at = None
    locked.suspension_reason = ""
    _transition(
        locked,
        action=Action.REINSTATE,
        role=Role.STAFF,
        actor=actor,
        reason=note.strip(),
        save_fields=["suspended_at", "suspension_reason"],
    )
    place_set_status(
        actor=actor,
        place=locked.place,
        status=NetworkStatus.MEMBER,
        note=note.strip() or _("Label rétabli : %(version)s") % {"version": locked.charter_version},
    )
    notify(
        to=manager_addresses(locked.place),
        subject=_("Label rétabli : %(place)s") % {"place": locked.place},
        template="charter/emails/label_reinstated.txt",
        context={"membership": locked, "place": locked.place, "url": absolute_url(locked.place.get_absolute_url())},
    )
    return locked


@transaction.atomic
def membership_request_renewal(*, membership: PlaceMembership, reason: str, now: dt.datetime | None = None) -> bool:
    """Mark the label "à renouveler" and tell the managers. Idempotent: False when already asked."""
    locked = _lock_membership(membership)
    if locked.status not in LABEL_STATES or locked.renewal_requested_at is not None:
        return False
    locked.renewal_requested_at = now or timezone.now()
    locked.renewal_reason = reason
    locked.save(update_fields=["renewal_requested_at", "renewal_reason", "updated_at"])
    log_change(
        actor=None,
        obj=locked,
        action=AuditLogEntry.Action.UPDATE,
        changes={"renewal_reason": ["", reason]},
        message=str(RenewalReason(reason).label),
    )
    place = locked.place
    current = current_published_version(locked.charter_version.charter)
    notify(
        to=manager_addresses(place),
        subject=_("Adhésion à renouveler : %(place)s") % {"place": place},
        template="charter/emails/renewal_requested.txt",
        context={
            "membership": locked,
            "place": place,
            "reason": reason,
            "new_version": current,
            "url": absolute_url(reverse("charter:adhesion", kwargs={"slug": place.slug})),
        },
    )
    membership.refresh_from_db()
    return True


@transaction.atomic
def membership_expire(*, membership: PlaceMembership, today: dt.date) -> bool:
    """End a label past its term (the place goes back to "en service"). Idempotent: False when nothing to do."""
    locked = _lock_membership(membership)
    if locked.status not in LABEL_STATES or locked.valid_until is None or locked.valid_until >= today:
        return False
    if locked.place.memberships.filter(status=MembershipStatus.SUBMITTED).exists():
        return False  # a renewal is being reviewed: the staff's decision ends this one
    note = _("Label expiré le %(date)s : adhésion non renouvelée") % {"date": locked.valid_until.strftime("%d/%m/%Y")}
    locked.ended_at = timezone.now()
    _transition(locked, action=Action.END, role=Role.SYSTEM, actor=None, reason=note, save_fields=["ended_at"])
    if locked.place.status in (NetworkStatus.MEMBER, NetworkStatus.SUSPENDED):
        place_set_status(actor=None, place=locked.place, status=NetworkStatus.OPEN, date=today, note=note)
    notify(
        to=manager_addresses(locked.place),
        subject=_("Label expiré : %(place)s") % {"place": locked.place},
        template="charter/emails/label_expired.txt",
        context={
            "membership": locked,
            "place": locked.place,
            "url": absolute_url(reverse("charter:adhesion", kwargs={"slug": locked.place.slug})),
        },
    )
    return True


def memberships_to_remind(today: dt.date) -> Iterable[PlaceMembership]:
    limit = today + dt.timedelta(days=RENEWAL_NOTICE_DAYS)
    return (
        PlaceMembership.objects.filter(
            status__in=LABEL_STATES, renewal_requested_at__isnull=True, valid_until__gte=today, valid_until__lte=limit
        )
        .select_related("place")
        .order_by("valid_until", "pk")
    )


def memberships_to_expire(today: dt.date) -> Iterable[PlaceMembership]:
    return (
        PlaceMembership.objects.filter(status__in=LABEL_STATES, valid_until__lt=today)
        .select_related("place")
        .order_by("valid_until", "pk")
    )


def current_published_version(charter: Charter | None = None) -> CharterVersion | None:
    qs = CharterVersion.objects.filter(published_at__isnull=False)
    qs = qs.filter(charter=charter) if charter else qs.filter(charter__slug=charter_reference.CHARTER_SLUG)
    return qs.select_related("charter").order_by("-number").first()


# --- Demo content -------------------------------------------------------------------------------------------------


@transaction.atomic
def demo_label_grant(*, place: Place, version: CharterVersion, today: dt.date) -> PlaceMembership | None:
    """A fictional label for a demo place (data/places/demo.json says "member"): an adhesion submitted and approved
    by nobody, logged as such, so that "membre du réseau" comes from an adhesion there too. A real place is refused;
    a place that already carries a label is left as it is (None)."""
    locked = Place.objects.select_for_update().get(pk=place.pk)
    if not locked.is_demo:
        raise CharterError(_("Seul un lieu de démonstration reçoit un label fictif."))
    if locked.kind not in dict(CHARTER_KINDS):
        raise CharterError(_("La charte s'applique aux Comptoirs et aux Télécentres."))
    if PlaceMembership.objects.filter(place=locked, status__in=LABEL_STATES).exists():
        return None
    now = timezone.now()
    note = _("Label fictif du jeu de démonstration.")
    membership = PlaceMembership(
        place=locked,
        charter_version=version,
        kind=locked.kind,
        status=NOTHING,
        accepted_at=now,
        decided_at=now,
        decision_note=note,
    )
    _transition(membership, action=Action.SUBMIT, role=Role.MANAGER, actor=None, reason=note)
    membership.valid_from, membership.valid_until = today, one_year_from(today)
    _transition(
        membership,
        action=Action.APPROVE,
        role=Role.STAFF,
        actor=None,
        reason=note,
        save_fields=["valid_from", "valid_until"],
    )
    place_set_status(
        actor=None,
        place=locked,
        status=NetworkStatus.MEMBER,
        date=today,
        note=_("Membre du réseau : %(version)s (démonstration)") % {"version": version},
    )
    return membership
