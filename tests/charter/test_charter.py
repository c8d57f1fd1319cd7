"""The quality charter: its checks (pure), the first version loaded by a command, new versions published by staff
(members asked to re-adhere), the yearly renewal command."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from solozere.charter.models import CharterCriterion, CharterVersion, PlaceMembership, RenewalReason
from solozere.charter.services import (
    CharterError,
    charter_load_reference,
    charter_version_create_draft,
    charter_version_publish,
)
from solozere.charter.workflow import WORKFLOW, MembershipStatus, Role
from solozere.core.dates import one_year_from
from solozere.core.workflow import TransitionNotAllowed
from solozere.places import criteria
from solozere.places.criteria import CriterionState, assess_charter
from solozere.places.models import NetworkStatus, PlaceKind
from tests.places.factories import apply_for, approve, member_place

PASSED, FAILED, UNKNOWN = CriterionState.PASSED, CriterionState.FAILED, CriterionState.UNKNOWN


# --- The checks (pure) ----------------------------------------------------------------------------------------------


@dataclass
class Facts:
    access: str = ""
    wifi: str = ""
    dedicated_telework_space: bool | None = None
    private_offices: bool | None = None
    open_space: bool | None = None
    reception_animation: bool | None = None
    download_mbps: Decimal | None = None
    desks: int | None = None
    meeting_room: bool | None = None
    videoconference: bool | None = None
    printing: bool | None = None


@pytest.fixture
def _french():  # type: ignore[no-untyped-def]
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(
    ("animation", "desks", "state"),
    [
        (True, 6, PASSED),
        (True, 0, FAILED),
        (False, 6, FAILED),
        (None, 6, UNKNOWN),
        (True, None, UNKNOWN),
        (None, None, UNKNOWN),
    ],
)
def test_reception_capacity_needs_desks_and_animation(animation, desks, state):
    facts = Facts(reception_animation=animation, desks=desks)

    assert criteria.reception_capacity_and_animation(facts).state == state


@pytest.mark.parametrize(
    ("room", "visio", "printing", "state"),
    [
        (True, True, None, PASSED),
        (True, False, True, PASSED),
        (True, False, False, FAILED),
        (False, False, None, FAILED),
        (True, None, None, UNKNOWN),
        (None, None, None, UNKNOWN),
    ],
)
def test_wider_services_need_two_of_three(room, visio, printing, state):
    facts = Facts(meeting_room=room, videoconference=visio, printing=printing)

    assert criteria.wider_services(facts).state == state


@pytest.mark.usefixtures("_french")
def test_each_version_sets_its_own_minimum_bandwidth():
    facts = Facts(download_mbps=Decimal("45.5"))

    at_30 = assess_charter(facts, ["professional_connectivity"], kind="telecentre", minimum_mbps=Decimal(30))
    at_50 = assess_charter(facts, ["professional_connectivity"], kind="telecentre", minimum_mbps=Decimal(50))

    assert at_30.state == PASSED
    assert at_50.state == FAILED
    assert at_50.results[0].explanation == "Débit mesuré de 45,5 Mbit/s en réception, sous le seuil de 50 Mbit/s."


def test_the_kinds_own_definition_keeps_the_national_threshold():
    facts = Facts(download_mbps=Decimal(35), private_offices=True, reception_animation=True)

    assert criteria.assess(facts, PlaceKind.TELECENTRE).state == PASSED


def test_charter_checks_run_in_the_versions_order_and_an_unknown_code_is_never_passed():
    facts = Facts(wifi="free", access="open")

    result = assess_charter(facts, ["free_wifi", "moulin", "open_to_public"], kind="comptoir", minimum_mbps=Decimal(30))

    assert [r.code for r in result.results] == ["free_wifi", "moulin", "open_to_public"]
    assert [r.state for r in result.results] == [PASSED, UNKNOWN, PASSED]
    assert result.state == UNKNOWN


def test_every_charter_check_is_offered_to_staff():
    assert {code for code, _label in criteria.CHARTER_CHECK_CHOICES} == set(criteria.CHARTER_CHECKS)


def test_the_workflow_table_allows_only_its_transitions():
    assert WORKFLOW.check(state="submitted", action="approve", role=Role.STAFF).target == MembershipStatus.APPROVED
    assert sorted(t.action for role in Role for t in WORKFLOW.available("approved", role)) == ["end", "suspend"]
    with pytest.raises(TransitionNotAllowed, match="refusée"):
        WORKFLOW.check(state="refused", action="approve", role=Role.STAFF)


def test_a_label_lasts_one_year_to_the_day_before():
    assert one_year_from(dt.date(2026, 3, 2)) == dt.date(2027, 3, 1)
    assert one_year_from(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


# --- The first version, loaded by a command ------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_charter_publishes_the_first_version_once():
    first, second = StringIO(), StringIO()

    call_command("load_charter", stdout=first)
    call_command("load_charter", stdout=second)

    version = CharterVersion.objects.get()
    assert version.number == 1
    assert version.is_published
    assert version.min_download_mbps == Decimal(30)
    kinds = sorted(version.criteria.values_list("kind", flat=True))
    assert kinds.count("comptoir") == 4
    assert kinds.count("telecentre") == 4
    assert "Publiée" in first.getvalue()
    assert "Rien à faire" in second.getvalue()


def test_the_makefile_loads_the_charter_with_the_database():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    setup = makefile.split("setup-db:", 1)[1].split("\n\n", 1)[0]

    assert "load_charter" in setup


@pytest.mark.django_db
def test_the_public_charter_page_shows_text_criteria_and_threshold(client, charter_v1):
    page = client.get("/lieux/charte/").content.decode()

    assert "Charte qualité des lieux SoLozère" in page
    assert "Version 1, publiée le" in page
    assert "Wi-Fi gratuit" in page
    assert "au moins 30 Mbit/s en réception" in page
    assert "Services élargis" in page


@pytest.mark.django_db
def test_without_a_charter_the_page_says_so(client):
    assert "La charte n'est pas encore publiée." in client.get("/lieux/charte/").content.decode()


@pytest.mark.django_db
def test_a_draft_is_not_public(client, charter_v1, staff_user):
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="Brouillon", changes="Tout", min_download_mbps=Decimal(50)
    )

    assert client.get(f"/lieux/charte/{draft.number}/").status_code == 404
    assert client.get("/lieux/charte/99/").status_code == 404
    assert "Brouillon" not in client.get("/lieux/charte/").content.decode()


# --- New versions -------------------------------------------------------------------------------------------------


@pytest.fixture
def member(territory, charter_v1, manager, staff_user):  # type: ignore[no-untyped-def]
    return member_place(manager, staff_user, name="Comptoir de Villefort")


@pytest.mark.django_db
def test_staff_prepare_a_draft_from_the_page_with_the_previous_criteria(client, charter_v1, staff_user):
    client.force_login(staff_user)

    response = client.post(
        "/equipe/charte/versions/",
        {"text": "Texte de la version 2.", "changes": "Débit relevé à 50 Mbit/s.", "min_download_mbps": "50"},
    )

    assert response.status_code == 302
    draft = CharterVersion.objects.get(number=2)
    assert not draft.is_published
    assert draft.min_download_mbps == Decimal(50)
    assert draft.criteria.count() == charter_v1.criteria.count()
    assert client.get("/equipe/charte/versions/2/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            {"text": "", "changes": "", "min_download_mbps": ""},
            ["Écrivez le texte", "Résumez ce qui change", "Indiquez le débit"],
        ),
        (
            {"text": "t", "changes": "c", "min_download_mbps": "rapide"},
            ["Saisissez un nombre, par exemple 45 ou 45,5."],
        ),
        ({"text": "t", "changes": "c", "min_download_mbps": "0"}, ["Ce nombre doit être supérieur à zéro."]),
        ({"text": "t", "changes": "c" * 2001, "min_download_mbps": "50"}, ["au plus 2000 caractères"]),
        ({"text": "<script>alert(1)</script>", "changes": "c", "min_download_mbps": "-1"}, ["&lt;script&gt;alert(1)"]),
    ],
)
def test_bad_input_on_the_draft_form_is_explained_and_kept(client, charter_v1, staff_user, data, messages):
    client.force_login(staff_user)

    response = client.post("/equipe/charte/versions/", data)

    text = response.content.decode()
    assert response.status_code == 400
    for message in messages:
        assert message in text
    assert CharterVersion.objects.count() == 1


@pytest.mark.django_db
def test_only_one_draft_at_a_time(charter_v1, staff_user):
    charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="a", changes="b", min_download_mbps=Decimal(30)
    )

    with pytest.raises(CharterError, match="brouillon existe déjà"):
        charter_version_create_draft(
            actor=staff_user, charter=charter_v1.charter, text="a", changes="b", min_download_mbps=Decimal(30)
        )


@pytest.mark.django_db
def test_publishing_asks_every_member_to_re_adhere(
    client, member, manager, staff_user, charter_v1, django_capture_on_commit_callbacks
):
    draft = charter_version_create_draft(
        actor=staff_user,
        charter=charter_v1.charter,
        text="v2",
        changes="Plus exigeante.",
        min_download_mbps=Decimal(50),
    )
    client.force_login(staff_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/equipe/charte/versions/{draft.number}/publier/", follow=True)

    assert "1 lieu(x) membre(s) invité(s) à ré-adhérer" in response.content.decode()
    draft.refresh_from_db()
    label = member.memberships.get()
    assert draft.is_published and draft.published_by == staff_user
    assert label.renewal_due
    assert label.renewal_reason == RenewalReason.NEW_VERSION
    assert label.status == MembershipStatus.APPROVED  # keeps its label while it re-adheres
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "version 2" in mail.outbox[0].body
    client.logout()
    page = client.get(member.get_absolute_url()).content.decode()
    assert "À renouveler" in page
    assert "/lieux/charte/2/" in client.get("/lieux/charte/").content.decode()


@pytest.mark.django_db
def test_publishing_twice_is_refused(charter_v1, staff_user):
    with pytest.raises(CharterError, match="déjà publiée"):
        charter_version_publish(actor=staff_user, version=charter_v1)


@pytest.mark.django_db
def test_a_version_without_criteria_for_a_kind_cannot_be_published(charter_v1, staff_user):
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v2", changes="c", min_download_mbps=Decimal(30)
    )
    draft.criteria.filter(kind=PlaceKind.TELECENTRE).delete()

    with pytest.raises(CharterError, match="Télécentre"):
        charter_version_publish(actor=staff_user, version=draft)


@pytest.mark.django_db
def test_re_adhering_to_the_new_version_renews_the_label(member, manager, staff_user, charter_v1):
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v2", changes="c", min_download_mbps=Decimal(30)
    )
    charter_version_publish(actor=staff_user, version=draft)
    old = member.memberships.get()

    renewal = apply_for(member, manager)
    member.refresh_from_db()
    assert member.status == NetworkStatus.MEMBER  # while the renewal is reviewed
    approve(renewal, staff_user)

    old.refresh_from_db()
    renewal.refresh_from_db()
    member.refresh_from_db()
    assert old.status == MembershipStatus.ENDED
    assert renewal.status == MembershipStatus.APPROVED
    assert renewal.charter_version == draft
    assert not renewal.renewal_due
    assert member.status == NetworkStatus.MEMBER
    assert member.status_history.first().note == "Membre du réseau : Charte qualité des lieux SoLozère, version 2"


@pytest.mark.django_db
def test_a_published_version_is_read_only_in_the_back_office(client, charter_v1, staff_user):
    client.force_login(staff_user)

    page = client.get(f"/gestion/charter/charterversion/{charter_v1.pk}/change/").content.decode()
    post = client.post(f"/gestion/charter/charterversion/{charter_v1.pk}/change/", {"text": "Changé"})

    assert 'name="text"' not in page
    assert post.status_code == 403
    charter_v1.refresh_from_db()
    assert charter_v1.text != "Changé"


@pytest.mark.django_db
def test_a_draft_is_edited_in_the_back_office_and_logged(client, charter_v1, staff_user):
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v2", changes="c", min_download_mbps=Decimal(30)
    )
    client.force_login(staff_user)

    page = client.get(f"/gestion/charter/charterversion/{draft.pk}/change/").content.decode()

    assert 'name="text"' in page
    assert 'name="criteria-0-label"' in page


# --- Yearly renewal -----------------------------------------------------------------------------------------------


def run_renewal(*args: str) -> str:
    out = StringIO()
    call_command("renew_place_memberships", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_renewal_command_is_a_dry_run_by_default(member, django_capture_on_commit_callbacks):
    label = member.memberships.get()
    soon = label.valid_until - dt.timedelta(days=10)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_renewal("--today", soon.isoformat())

    assert "[simulation] Rappel à envoyer : Comptoir de Villefort" in output
    label.refresh_from_db()
    assert label.renewal_requested_at is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_renewal_reminder_is_sent_once(member, manager, django_capture_on_commit_callbacks):
    label = member.memberships.get()
    soon = (label.valid_until - dt.timedelta(days=10)).isoformat()
    far = (label.valid_until - dt.timedelta(days=60)).isoformat()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        early = run_renewal("--apply", "--today", far)
        first = run_renewal("--apply", "--today", soon)
        second = run_renewal("--apply", "--today", soon)

    assert "0 rappel(s)" in early
    assert "Rappel envoyé : Comptoir de Villefort" in first
    assert "0 rappel(s)" in second
    label.refresh_from_db()
    assert label.renewal_reason == RenewalReason.YEARLY
    assert [m.to for m in mail.outbox] == [[manager.email]]


@pytest.mark.django_db
def test_a_label_past_its_term_ends_and_the_place_is_back_in_service(member, django_capture_on_commit_callbacks):
    label = member.memberships.get()
    after = (label.valid_until + dt.timedelta(days=1)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        first = run_renewal("--apply", "--today", after)
        second = run_renewal("--apply", "--today", after)

    label.refresh_from_db()
    member.refresh_from_db()
    assert label.status == MembershipStatus.ENDED
    assert member.status == NetworkStatus.OPEN
    assert "Label expiré" in member.status_history.first().note
    assert "1 label(s) terminés" in first
    assert "0 label(s) terminés" in second


@pytest.mark.django_db
def test_a_renewal_under_review_keeps_the_label_past_its_term(member, manager):
    label = member.memberships.get()
    apply_for(member, manager)

    run_renewal("--apply", "--today", (label.valid_until + dt.timedelta(days=3)).isoformat())

    label.refresh_from_db()
    assert label.status == MembershipStatus.APPROVED


@pytest.mark.django_db
def test_a_bad_date_is_explained():
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        run_renewal("--today", "demain")


@pytest.mark.django_db
def test_memberships_pointing_to_a_version_keep_it(charter_v1, member):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        charter_v1.delete()


@pytest.mark.django_db
def test_one_label_per_place_is_a_database_rule(member, charter_v1):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PlaceMembership.objects.create(
            place=member,
            charter_version=charter_v1,
            kind="comptoir",
            status=MembershipStatus.APPROVED,
            accepted_at=timezone.now(),
        )


@pytest.mark.django_db
def test_reference_load_is_idempotent_even_after_a_new_version(charter_v1, staff_user):
    draft = charter_version_create_draft(
        actor=staff_user, charter=charter_v1.charter, text="v2", changes="c", min_download_mbps=Decimal(30)
    )
    charter_version_publish(actor=staff_user, version=draft)

    version, created = charter_load_reference()

    assert (version, created) == (charter_v1, False)
    assert CharterCriterion.objects.filter(version=charter_v1).count() == 8


@pytest.mark.django_db
def test_staff_find_their_queues_from_the_staff_area_not_from_the_charter_page(client, charter_v1, staff_user):
    client.force_login(staff_user)
    public = client.get("/lieux/charte/").content.decode()
    dashboard = client.get("/equipe/").content.decode()

    assert 'href="/equipe/"' in public  # the one link of the header
    for url in ("/equipe/charte/adhesions/", "/equipe/lieux/corrections/", "/equipe/charte/versions/"):
        assert f'href="{url}' not in public
        assert f'href="{url}' in dashboard
