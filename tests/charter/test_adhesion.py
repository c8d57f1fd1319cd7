"""A place's adhesion to the charter: the manager applies (details, evidence, acceptance), staff review criterion by
criterion, approval makes the place a member with its label; data that breaks a criterion suspends the label."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from solozere.charter.models import EvidenceKind, PlaceMembership, ReviewState
from solozere.charter.services import (
    CharterError,
    CriterionReview,
    membership_reinstate,
    membership_review,
    version_criteria,
)
from solozere.charter.workflow import Action, MembershipStatus
from solozere.core.audit import entries_for
from solozere.core.dates import one_year_from
from solozere.core.models import AuditLogEntry
from solozere.places.models import NetworkStatus, PlaceKind, Wifi
from solozere.places.services import place_update
from tests.places.factories import (
    apply_for,
    approve,
    comptoir_ready,
    member_place,
    telecentre_ready,
    tiny_jpeg,
    tiny_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ready(territory, charter_v1):  # type: ignore[no-untyped-def]
    """Real communes and the published first version of the charter."""


@pytest.fixture
def comptoir(manager):  # type: ignore[no-untyped-def]
    place = comptoir_ready(name="Comptoir de Florac")
    place.managers.add(manager)
    return place


def adhesion_post(version, kind: str, **overrides) -> dict:
    """A complete adhesion form for `kind`, as a browser sends it (files included)."""
    data: dict = {"type": kind, "accept": "on"}
    for criterion in version_criteria(version, kind):
        prefix = f"critere-{criterion.pk}"
        data[f"{prefix}-text"] = f"Comment « {criterion.label} » est rempli."
        if criterion.evidence_kind == EvidenceKind.PHOTO:
            data[f"{prefix}-file"] = SimpleUploadedFile("espace.jpg", tiny_jpeg(), content_type="image/jpeg")
        elif criterion.evidence_kind == EvidenceKind.DOCUMENT:
            data[f"{prefix}-file"] = SimpleUploadedFile("programme.pdf", tiny_pdf(), content_type="application/pdf")
        elif criterion.evidence_kind == EvidenceKind.SPEED_TEST:
            data[f"{prefix}-speed_mbps"] = "95,5"
    data.update(overrides)
    return data


def details_post(place, prefix: str = "lieu") -> dict:
    """The place's current details, as the adhesion form shows them (unchanged)."""
    from solozere.places.forms_manage import PlaceManageForm

    form = PlaceManageForm(instance=place, prefix=prefix)
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            value = "unknown" if field.name in ("dedicated_telework_space",) else ""
        if isinstance(value, bool):
            value = "true" if value else "false"
        data[field.html_name] = value
    for name in (
        "private_offices",
        "open_space",
        "meeting_room",
        "videoconference",
        "printing",
        "reception_animation",
        "kitchen",
        "wheelchair_access",
        "parking",
    ):
        key = f"{prefix}-{name}"
        if data.get(key) == "":
            data[key] = "unknown"
    return data


# --- Applying -----------------------------------------------------------------------------------------------------


def test_a_manager_applies_with_evidence_and_the_acceptance_is_recorded(
    client, comptoir, manager, charter_v1, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, PlaceKind.COMPTOIR)}
    data["lieu-opening_hours"] = "Mo-Fr 09:00-17:00"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/lieux/{comptoir.slug}/adhesion/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    membership = PlaceMembership.objects.get(place=comptoir)
    assert membership.status == MembershipStatus.SUBMITTED
    assert membership.charter_version == charter_v1
    assert membership.accepted_by == manager
    assert membership.applicant == manager
    assert abs(membership.accepted_at - timezone.now()) < dt.timedelta(minutes=1)
    assert membership.kind == PlaceKind.COMPTOIR
    assert membership.evidence.count() == 4
    photo = membership.evidence.get(criterion__evidence_kind=EvidenceKind.PHOTO)
    assert photo.file_content_type == "image/jpeg"
    assert photo.file_name == "espace.jpg"
    # Stored outside MEDIA_ROOT: no URL serves it.
    stored = Path(photo.file.path)
    assert stored.exists()
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    # The details typed in the form are the place's, logged.
    comptoir.refresh_from_db()
    assert comptoir.opening_hours == "Mo-Fr 09:00-17:00"
    assert any("opening_hours" in entry.changes for entry in entries_for(comptoir))
    assert membership.events.get().action == Action.SUBMIT
    assert {tuple(m.to) for m in mail.outbox} == {(manager.email,), (settings.CONTACT_EMAIL,)}


def test_a_telecentre_speed_test_figure_becomes_the_places_connection(client, manager, charter_v1):
    place = telecentre_ready(name="Télécentre du Malzieu", download_mbps=None)
    place.managers.add(manager)
    client.force_login(manager)

    response = client.post(
        f"/lieux/{place.slug}/adhesion/", {**details_post(place), **adhesion_post(charter_v1, PlaceKind.TELECENTRE)}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    place.refresh_from_db()
    assert place.download_mbps == Decimal("95.5")
    assert place.connectivity_measured_on == timezone.localdate()
    speed = PlaceMembership.objects.get(place=place).evidence.get(criterion__code="professional_connectivity")
    assert speed.speed_mbps == Decimal("95.5")


def test_a_speed_below_the_versions_minimum_is_refused_with_the_threshold(client, manager, charter_v1):
    place = telecentre_ready(name="Télécentre lent")
    place.managers.add(manager)
    client.force_login(manager)
    speed = version_criteria(charter_v1, PlaceKind.TELECENTRE)
    speed_pk = next(c.pk for c in speed if c.evidence_kind == EvidenceKind.SPEED_TEST)
    data = {**details_post(place), **adhesion_post(charter_v1, PlaceKind.TELECENTRE)}
    data[f"critere-{speed_pk}-speed_mbps"] = "12"

    response = client.post(f"/lieux/{place.slug}/adhesion/", data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "sous le seuil de 30 Mbit/s" in text
    assert 'value="12"' in text  # what was typed is kept
    assert not PlaceMembership.objects.filter(place=place).exists()


def test_data_that_does_not_meet_a_criterion_blocks_the_application(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, PlaceKind.COMPTOIR)}
    data["lieu-wifi"] = Wifi.PAID

    response = client.post(f"/lieux/{comptoir.slug}/adhesion/", data)

    assert response.status_code == 400
    assert "ce critère n&#x27;est pas rempli : Le Wi-Fi est payant." in response.content.decode()
    comptoir.refresh_from_db()
    assert comptoir.wifi == Wifi.FREE  # nothing saved
    assert not PlaceMembership.objects.exists()


def test_the_charter_must_be_accepted(client, comptoir, manager, charter_v1):
    client.force_login(manager)
    data = {**details_post(comptoir), **adhesion_post(charter_v1, PlaceKind.COMPTOIR)}
    del data["accept"]

    response = client.post(f"/lieux/{comptoir.slug}/adhesion/", data)

    assert response.status_code == 400
    assert "Cochez la case pour accepter la charte" in response.content.decode()
    assert not PlaceMembership.objects.exists()


def test_an_other_tiers_lieu_chooses_its_kind_first(client, manager, charter_v1):
    place = comptoir_ready(name="Tiers-lieu de Langogne", kind=PlaceKind.TIERS_LIEU)
    place.managers.add(manager)
    client.force_login(manager)

    choose = client.get(f"/lieux/{place.slug}/adhesion/")
    form = client.get(f"/lieux/{place.slug}/adhesion/?type=comptoir")

    assert "Sous quel type adhérer" in choose.content.decode()
    assert "Wi-Fi gratuit" in form.content.decode()
    assert 'name="type" value="comptoir"' in form.content.decode()


def test_approval_as_another_kind_sets_the_places_kind(manager, staff_user, charter_v1):
    place = comptoir_ready(name="Devient Comptoir", kind=PlaceKind.TIERS_LIEU)
    place.managers.add(manager)

    approve(apply_for(place, manager, kind=PlaceKind.COMPTOIR), staff_user)

    place.refresh_from_db()
    assert place.kind == PlaceKind.COMPTOIR
    assert place.status == NetworkStatus.MEMBER


def test_a_second_application_waits_for_the_first(comptoir, manager):
    apply_for(comptoir, manager)

    with pytest.raises(CharterError, match="déjà une demande"):
        apply_for(comptoir, manager)


def test_only_managers_or_staff_may_apply(comptoir, other_manager):
    with pytest.raises(CharterError, match="gestionnaires"):
        apply_for(comptoir, other_manager)


# --- Review -------------------------------------------------------------------------------------------------------


def test_approval_makes_the_place_a_member_with_a_dated_history_row_and_the_label(
    client, comptoir, manager, staff_user, charter_v1, django_capture_on_commit_callbacks
):
    membership = apply_for(comptoir, manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approve(membership, staff_user)

    membership.refresh_from_db()
    comptoir.refresh_from_db()
    today = timezone.localdate()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.valid_from == today
    assert membership.valid_until == one_year_from(today)
    assert membership.decided_by == staff_user
    assert comptoir.status == NetworkStatus.MEMBER
    row = comptoir.status_history.first()
    assert (row.status, row.date, row.actor) == (NetworkStatus.MEMBER, today, staff_user)
    assert "version 1" in row.note
    assert [m.to for m in mail.outbox] == [[manager.email]]
    page = client.get(comptoir.get_absolute_url()).content.decode()
    assert "Membre du réseau" in page
    assert "Charte qualité des lieux SoLozère, version 1" in page


def test_staff_review_each_criterion_through_the_page(client, comptoir, manager, staff_user):
    membership = apply_for(comptoir, manager)
    client.force_login(staff_user)
    data = {"decision": "approve", "note": ""}
    for row in membership.evidence.all():
        data[f"etat_{row.pk}"] = ReviewState.ACCEPTED

    response = client.post(f"/equipe/charte/adhesions/{membership.pk}/", data)

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert set(membership.evidence.values_list("review_state", flat=True)) == {ReviewState.ACCEPTED}


def test_a_rejected_criterion_prevents_approval(client, comptoir, manager, staff_user):
    membership = apply_for(comptoir, manager)
    client.force_login(staff_user)
    rows = list(membership.evidence.all())
    data = {"decision": "approve", "note": ""}
    for row in rows:
        data[f"etat_{row.pk}"] = ReviewState.ACCEPTED
        data[f"note_{row.pk}"] = ""
    data[f"etat_{rows[0].pk}"] = ReviewState.REJECTED
    data[f"note_{rows[0].pk}"] = "La photo ne montre pas l'espace."

    response = client.post(f"/equipe/charte/adhesions/{membership.pk}/", data)

    assert response.status_code == 400
    assert "Un critère non conforme empêche de valider" in response.content.decode()
    assert "La photo ne montre pas l&#x27;espace." in response.content.decode()  # kept
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUBMITTED


def test_refusal_gives_the_reasons_to_the_manager(comptoir, manager, staff_user, django_capture_on_commit_callbacks):
    membership = apply_for(comptoir, manager)
    rows = list(membership.evidence.all())
    reviews = {row.pk: CriterionReview(state=ReviewState.ACCEPTED) for row in rows}
    reviews[rows[2].pk] = CriterionReview(state=ReviewState.REJECTED, note="Aucun espace dédié sur la photo.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        membership_review(
            actor=staff_user, membership=membership, reviews=reviews, decision=Action.REFUSE, note="À revoir."
        )

    membership.refresh_from_db()
    comptoir.refresh_from_db()
    assert membership.status == MembershipStatus.REFUSED
    assert membership.decision_note == "À revoir."
    assert comptoir.status == NetworkStatus.OPEN
    assert "Aucun espace dédié sur la photo." in mail.outbox[0].body
    assert "À revoir." in mail.outbox[0].body


def test_refusing_needs_a_reason(comptoir, manager, staff_user):
    membership = apply_for(comptoir, manager)
    reviews = {row.pk: CriterionReview(state=ReviewState.ACCEPTED) for row in membership.evidence.all()}

    with pytest.raises(CharterError, match="motif"):
        membership_review(actor=staff_user, membership=membership, reviews=reviews, decision=Action.REFUSE)


def test_a_decided_application_cannot_be_decided_again(comptoir, manager, staff_user):
    membership = apply_for(comptoir, manager)
    approve(membership, staff_user)

    with pytest.raises(CharterError):
        approve(membership, staff_user)


def test_only_staff_review(comptoir, manager):
    membership = apply_for(comptoir, manager)

    with pytest.raises(CharterError, match="équipe"):
        approve(membership, manager)


# --- Suspension ---------------------------------------------------------------------------------------------------


def test_wifi_no_longer_free_suspends_the_label_and_tells_manager_and_staff(
    manager, staff_user, django_capture_on_commit_callbacks
):
    place = member_place(manager, staff_user, name="Comptoir de Marvejols")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        place_update(actor=manager, place=place, data={"wifi": Wifi.PAID}, message="Wi-Fi désormais payant")

    place.refresh_from_db()
    membership = place.memberships.get()
    assert membership.status == MembershipStatus.SUSPENDED
    assert "Le Wi-Fi est payant." in membership.suspension_reason
    assert place.status == NetworkStatus.SUSPENDED
    assert place.status_history.first().status == NetworkStatus.SUSPENDED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([manager.email, settings.CONTACT_EMAIL])
    assert all("Label suspendu" in m.subject for m in mail.outbox)


def test_erasing_a_fact_the_label_relies_on_suspends_it(manager, staff_user):
    place = member_place(manager, staff_user)

    place_update(actor=manager, place=place, data={"dedicated_telework_space": None})

    assert place.memberships.get().status == MembershipStatus.SUSPENDED


def test_a_change_that_keeps_the_criteria_keeps_the_label(manager, staff_user):
    place = member_place(manager, staff_user)

    place_update(actor=manager, place=place, data={"phone": "04 66 11 22 33", "parking": True})

    place.refresh_from_db()
    assert place.status == NetworkStatus.MEMBER
    assert place.memberships.get().status == MembershipStatus.APPROVED


def test_a_suspended_label_is_not_suspended_twice(manager, staff_user):
    place = member_place(manager, staff_user)
    place_update(actor=manager, place=place, data={"wifi": Wifi.PAID})

    place_update(actor=manager, place=place, data={"wifi": Wifi.NONE})

    assert place.memberships.get().events.filter(action=Action.SUSPEND).count() == 1


def test_a_suspension_is_logged_once_as_an_event_and_once_in_the_places_history(manager, staff_user):
    place = member_place(manager, staff_user)
    membership = place.memberships.get()
    events, history = membership.events.count(), place.status_history.count()
    audit = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.TRANSITION).count()

    place_update(actor=manager, place=place, data={"wifi": Wifi.PAID})

    [suspension] = membership.events.all()[events:]
    assert (suspension.action, suspension.from_state, suspension.to_state, suspension.actor) == (
        Action.SUSPEND,
        MembershipStatus.APPROVED,
        MembershipStatus.SUSPENDED,
        manager,
    )
    assert suspension.reason  # which criterion broke
    assert place.status_history.count() == history + 1  # the place's own, public history
    # No audit-log row for the decision (the membership's or the place's): the audit log records field edits.
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.TRANSITION).count() == audit == 0
    assert not entries_for(membership).exists()


def test_staff_reinstate_once_the_data_meets_the_charter_again(manager, staff_user):
    place = member_place(manager, staff_user)
    place_update(actor=manager, place=place, data={"wifi": Wifi.PAID})
    membership = place.memberships.get()

    with pytest.raises(CharterError, match="ne peut pas être rétabli"):
        membership_reinstate(actor=staff_user, membership=membership)
    place_update(actor=manager, place=place, data={"wifi": Wifi.FREE})
    membership_reinstate(actor=staff_user, membership=membership, note="Wi-Fi de nouveau gratuit.")

    place.refresh_from_db()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert place.status == NetworkStatus.MEMBER


def test_a_telecentre_below_its_versions_minimum_is_suspended(manager, staff_user):
    place = telecentre_ready(name="Télécentre de Fournels")
    place.managers.add(manager)
    approve(apply_for(place, manager), staff_user)

    place_update(actor=staff_user, place=place, data={"download_mbps": Decimal("20.0")})

    membership = place.memberships.get()
    assert membership.status == MembershipStatus.SUSPENDED
    assert "sous le seuil de 30 Mbit/s" in membership.suspension_reason


# --- Evidence files are private -----------------------------------------------------------------------------------


@pytest.fixture
def photo_url(comptoir, manager):  # type: ignore[no-untyped-def]
    membership = apply_for(comptoir, manager)
    row = membership.evidence.get(criterion__evidence_kind=EvidenceKind.PHOTO)
    return f"/lieux/{comptoir.slug}/adhesion/justificatifs/{row.pk}/"


def test_the_manager_and_staff_get_an_evidence_file_with_safe_headers(client, photo_url, manager, staff_user):
    for person in (manager, staff_user):
        client.force_login(person)
        response = client.get(photo_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_nobody_else_gets_an_evidence_file(client, photo_url, other_manager, plain_user):
    assert client.get(photo_url).status_code == 302  # to the login page
    for person in (other_manager, plain_user):
        client.force_login(person)
        assert client.get(photo_url).status_code == 404


def test_an_evidence_file_is_only_found_under_its_own_place(client, photo_url, manager):
    other = comptoir_ready(name="Autre comptoir")
    other.managers.add(manager)
    client.force_login(manager)

    assert client.get(photo_url.replace("/lieux/comptoir-de-florac/", f"/lieux/{other.slug}/")).status_code == 404


def test_a_pdf_is_downloaded_not_shown(client, manager, charter_v1):
    place = telecentre_ready(name="Télécentre PDF")
    place.managers.add(manager)
    membership = apply_for(place, manager)
    row = membership.evidence.get(criterion__evidence_kind=EvidenceKind.DOCUMENT)
    client.force_login(manager)

    response = client.get(f"/lieux/{place.slug}/adhesion/justificatifs/{row.pk}/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


# --- The manager follows the application ------------------------------------------------------------------------


def test_the_manager_sees_the_review_of_each_criterion(client, comptoir, manager, staff_user):
    membership = apply_for(comptoir, manager)
    rows = list(membership.evidence.all())
    reviews = {row.pk: CriterionReview(state=ReviewState.ACCEPTED) for row in rows}
    reviews[rows[0].pk] = CriterionReview(state=ReviewState.REJECTED, note="Horaires d'accueil à préciser.")
    membership_review(actor=staff_user, membership=membership, reviews=reviews, decision=Action.REFUSE)
    client.force_login(manager)

    page = client.get(f"/lieux/{comptoir.slug}/adhesion/{membership.pk}/").content.decode()

    assert "Refusée" in page
    assert "Horaires d&#x27;accueil à préciser." in page
    assert "Non conforme" in page


def test_the_dashboard_shows_the_label_and_its_checks(client, manager, staff_user):
    place = member_place(manager, staff_user)
    client.force_login(manager)

    page = client.get(f"/lieux/{place.slug}/gerer/").content.decode()

    assert "Membre du réseau" in page
    assert "Wi-Fi gratuit" in page
