"""Visitors propose corrections from any place page; they land in a staff queue, applied through place_update or
dismissed with a note. Minimal personal data, a honeypot and a rate limit."""

import pytest
from django.conf import settings
from django.core import mail

from solozere.core.audit import entries_for
from solozere.places.corrections import CORRECTIONS_PER_HOUR, place_correction_submit
from solozere.places.models import CorrectionField, CorrectionStatus, NetworkStatus, PlaceCorrection, Wifi
from tests.places.factories import PlaceFactory, comptoir_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ready(territory):  # type: ignore[no-untyped-def]
    pass


@pytest.fixture
def place():  # type: ignore[no-untyped-def]
    return comptoir_ready(name="Comptoir de Meyrueis", opening_hours="Mo-Fr 09:00-12:00", phone="04 66 00 00 01")


def propose(client, place, **fields):
    data = {"field": "phone", "proposed_value": "04 66 45 67 89", "reason": "Le numéro a changé.", "email": ""}
    data.update(fields)
    return client.post(f"/lieux/{place.slug}/signaler/", data)


def test_an_anonymous_visitor_proposes_a_correction_that_reaches_the_staff(
    client, place, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, place, email="marie@example.org")

    assert response.status_code == 302
    assert response["Location"] == place.get_absolute_url()
    correction = PlaceCorrection.objects.get()
    assert (correction.field, correction.proposed_value, correction.email) == (
        "phone",
        "04 66 45 67 89",
        "marie@example.org",
    )
    assert correction.submitted_by is None
    # The address is kept only as a keyed hash, never as typed.
    assert correction.sender_key and "127.0.0.1" not in correction.sender_key
    assert mail.outbox[0].to == [settings.CONTACT_EMAIL]
    assert "Le numéro a changé." in mail.outbox[0].body
    follow = client.get(response["Location"]).content.decode()
    assert "votre proposition est transmise" in follow


def test_a_signed_in_visitor_is_recorded(client, place, plain_user):
    client.force_login(plain_user)

    propose(client, place)

    assert PlaceCorrection.objects.get().submitted_by == plain_user


def test_the_honeypot_keeps_nothing_and_says_thanks(client, place):
    response = propose(client, place, website="http://spam.example")

    assert response.status_code == 302
    assert not PlaceCorrection.objects.exists()
    assert mail.outbox == []


def test_too_many_proposals_from_one_address_are_refused_in_french(client, place):
    for _ in range(CORRECTIONS_PER_HOUR):
        assert propose(client, place).status_code == 302

    response = propose(client, place, reason="Encore une.")

    assert response.status_code == 429
    text = response.content.decode()
    assert "réessayez plus tard" in text
    assert "Encore une." in text  # kept
    assert PlaceCorrection.objects.count() == CORRECTIONS_PER_HOUR


def test_the_limit_is_per_address(place):
    for _ in range(CORRECTIONS_PER_HOUR):
        place_correction_submit(place=place, field="other", proposed_value="", reason="r", key="a")

    place_correction_submit(place=place, field="other", proposed_value="", reason="r", key="b")

    assert PlaceCorrection.objects.filter(sender_key="b").count() == 1


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"field": "", "reason": "", "proposed_value": ""}, ["Dites ce qui est inexact.", "Dites-nous pourquoi"]),
        ({"field": "horaires", "reason": "x"}, ["Choix inconnu : « horaires »"]),
        ({"field": "phone", "proposed_value": "", "reason": "x"}, ["Indiquez l&#x27;information correcte"]),
        ({"reason": "x" * 2001}, ["au plus 2000 caractères"]),
        ({"proposed_value": "x" * 1001}, ["au plus 1000 caractères"]),
        ({"email": "pas une adresse"}, ["Cette adresse e-mail n&#x27;est pas valide."]),
    ],
)
def test_bad_input_is_explained_in_french_and_kept(client, place, data, messages):
    response = propose(client, place, **data)

    text = response.content.decode()
    assert response.status_code == 400
    for message in messages:
        assert message in text
    assert not PlaceCorrection.objects.exists()
    if data.get("email"):
        assert 'value="pas une adresse"' in text


def test_hostile_html_is_kept_as_text_and_escaped_everywhere(client, place, staff_user):
    script = '<script>alert("x")</script>'
    propose(client, place, field="other", proposed_value=script, reason=script)
    client.force_login(staff_user)

    queue = client.get("/equipe/lieux/corrections/").content.decode()
    detail = client.get(f"/equipe/lieux/corrections/{PlaceCorrection.objects.get().pk}/").content.decode()

    for page in (queue, detail):
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page


def test_an_unknown_place_is_a_404(client):
    assert client.get("/lieux/nulle-part/signaler/").status_code == 404


# --- Staff queue ----------------------------------------------------------------------------------------------------


def test_staff_apply_a_correction_through_the_logged_update(
    client, place, staff_user, django_capture_on_commit_callbacks
):
    propose(client, place, email="marie@example.org")
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)
    mail.outbox.clear()

    page = client.get(f"/equipe/lieux/corrections/{correction.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/equipe/lieux/corrections/{correction.pk}/appliquer/",
            {"appliquer-phone": "04 66 45 67 89", "appliquer-note": "Vérifié par téléphone."},
        )

    assert 'value="04 66 45 67 89"' in page  # the proposal pre-fills the place's own field
    assert response.status_code == 302
    place.refresh_from_db()
    correction.refresh_from_db()
    assert place.phone == "04 66 45 67 89"
    assert correction.status == CorrectionStatus.ACCEPTED
    assert correction.applied_changes == {"phone": ["04 66 00 00 01", "04 66 45 67 89"]}
    entry = entries_for(place).first()
    assert entry.actor == staff_user
    assert entry.message == f"Correction proposée par un visiteur (n° {correction.pk})"
    # The visitor is told, then their address is forgotten.
    assert mail.outbox[0].to == ["marie@example.org"]
    assert "Vérifié par téléphone." in mail.outbox[0].body
    assert (correction.email, correction.sender_key) == ("", "")


def test_a_proposal_that_is_not_valid_for_the_field_is_explained(client, place, staff_user):
    propose(client, place, field="opening_hours", proposed_value="tous les jours 9h-18h")
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)

    response = client.post(
        f"/equipe/lieux/corrections/{correction.pk}/appliquer/", {"appliquer-opening_hours": "tous les jours 9h-18h"}
    )

    assert response.status_code == 400
    assert "Ces horaires ne sont pas lisibles" in response.content.decode()
    assert 'value="tous les jours 9h-18h"' in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN


def test_a_closed_place_is_recorded_in_the_status_history(client, place, staff_user):
    propose(client, place, field="status", proposed_value="Fermé depuis janvier", reason="Panneau sur la porte.")
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)

    client.post(f"/equipe/lieux/corrections/{correction.pk}/appliquer/", {"appliquer-status": NetworkStatus.CLOSED})

    place.refresh_from_db()
    assert place.status == NetworkStatus.CLOSED
    assert place.status_history.first().status == NetworkStatus.CLOSED


def test_a_correction_cannot_make_a_place_a_member(client, place, staff_user):
    propose(client, place, field="status", proposed_value="membre", reason="x")
    client.force_login(staff_user)

    response = client.post(
        f"/equipe/lieux/corrections/{PlaceCorrection.objects.get().pk}/appliquer/",
        {"appliquer-status": NetworkStatus.MEMBER},
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_wifi_correction_on_a_member_place_suspends_its_label(client, manager, staff_user, charter_v1):
    from tests.places.factories import member_place

    place = member_place(manager, staff_user, name="Comptoir membre")
    propose(client, place, field="wifi", proposed_value="Le Wi-Fi est payant maintenant", reason="J'ai payé.")
    client.force_login(staff_user)

    client.post(
        f"/equipe/lieux/corrections/{PlaceCorrection.objects.get().pk}/appliquer/", {"appliquer-wifi": Wifi.PAID}
    )

    place.refresh_from_db()
    assert place.status == NetworkStatus.SUSPENDED


def test_other_needs_a_note_to_be_accepted(client, place, staff_user):
    propose(client, place, field=CorrectionField.OTHER, proposed_value="", reason="La photo est floue.")
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)

    refused = client.post(f"/equipe/lieux/corrections/{correction.pk}/appliquer/", {"appliquer-note": ""})
    accepted = client.post(
        f"/equipe/lieux/corrections/{correction.pk}/appliquer/", {"appliquer-note": "Photo remplacée."}
    )

    assert refused.status_code == 400
    assert "Dites ce qui a été fait de cette proposition." in refused.content.decode()
    assert accepted.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.staff_note) == (CorrectionStatus.ACCEPTED, "Photo remplacée.")


def test_dismissing_needs_a_note(client, place, staff_user):
    propose(client, place)
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)

    empty = client.post(f"/equipe/lieux/corrections/{correction.pk}/ecarter/", {"ecarter-note": ""})
    too_long = client.post(f"/equipe/lieux/corrections/{correction.pk}/ecarter/", {"ecarter-note": "x" * 2001})
    done = client.post(f"/equipe/lieux/corrections/{correction.pk}/ecarter/", {"ecarter-note": "Numéro déjà à jour."})

    assert empty.status_code == too_long.status_code == 400
    assert "Dites pourquoi cette proposition est écartée." in empty.content.decode()
    assert "au plus 2000 caractères" in too_long.content.decode()
    assert done.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DISMISSED
    place.refresh_from_db()
    assert place.phone == "04 66 00 00 01"


def test_a_handled_correction_cannot_be_handled_again(client, place, staff_user):
    propose(client, place)
    correction = PlaceCorrection.objects.get()
    client.force_login(staff_user)
    client.post(f"/equipe/lieux/corrections/{correction.pk}/ecarter/", {"ecarter-note": "Non."})

    response = client.post(
        f"/equipe/lieux/corrections/{correction.pk}/ecarter/", {"ecarter-note": "Encore."}, follow=True
    )

    assert "déjà été traitée" in response.content.decode()
    correction.refresh_from_db()
    assert correction.staff_note == "Non."


def test_the_queue_costs_the_same_with_more_corrections(client, staff_user, django_assert_max_num_queries):
    places = [PlaceFactory(name=f"Lieu {n}") for n in range(3)]
    for place in places:
        place_correction_submit(place=place, field="phone", proposed_value="1", reason="r")
    client.force_login(staff_user)
    with django_assert_max_num_queries(20) as few:
        assert client.get("/equipe/lieux/corrections/").status_code == 200
    for place in places * 5:
        place_correction_submit(place=place, field="other", proposed_value="", reason="r")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/equipe/lieux/corrections/")

    assert response.content.decode().count("/equipe/lieux/corrections/") > 15
