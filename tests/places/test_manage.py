"""Place managers edit their own places (hours, services, connectivity, photos); every change is logged."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.charter.workflow import MembershipStatus
from solozere.core.audit import entries_for
from solozere.core.models import AuditLogEntry
from solozere.places.models import Access, NetworkStatus, PlacePhoto, Technology, Wifi
from tests.places.factories import PlaceFactory, comptoir_ready, member_place, tiny_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ready(territory, charter_v1):  # type: ignore[no-untyped-def]
    pass


@pytest.fixture
def place(manager):  # type: ignore[no-untyped-def]
    place = comptoir_ready(name="Comptoir du Bleymard", opening_hours="Mo-Fr 09:00-12:00")
    place.managers.add(manager)
    return place


def form_data(place, **changes) -> dict:
    """The edit form as the page shows it for `place`, with `changes` typed in."""
    from solozere.places.forms_manage import PlaceEditForm

    data = {}
    for field in PlaceEditForm(instance=place):
        value = field.value()
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif value is None:
            value = "unknown" if field.field.__class__.__name__ == "NullBooleanField" else ""
        data[field.html_name] = value
    data.update(changes)
    return data


def test_a_manager_updates_services_and_connectivity_and_the_change_is_logged(client, place, manager):
    client.force_login(manager)
    data = form_data(
        place,
        meeting_room="true",
        printing="false",
        download_mbps="245,5",
        upload_mbps="50",
        technology=Technology.FIBRE,
        connectivity_measured_on="2026-01-15",
        desks="6",
    )

    response = client.post(f"/lieux/{place.slug}/gerer/modifier/", data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.meeting_room, place.printing) == (True, False)
    assert place.download_mbps == Decimal("245.5")
    assert place.desks == 6
    entry = entries_for(place).filter(action=AuditLogEntry.Action.UPDATE).first()
    assert entry.actor == manager
    assert set(entry.changes) == {
        "meeting_room",
        "printing",
        "download_mbps",
        "upload_mbps",
        "technology",
        "connectivity_measured_on",
        "desks",
    }
    assert entry.message == "Modifié par un gestionnaire du lieu"
    dashboard = client.get(f"/lieux/{place.slug}/gerer/").content.decode()
    assert "Débit descendant" in dashboard  # the log in words


def test_submitting_without_a_change_logs_nothing(client, place, manager):
    client.force_login(manager)
    before = entries_for(place).count()

    response = client.post(f"/lieux/{place.slug}/gerer/modifier/", form_data(place), follow=True)

    assert "Rien n&#x27;a changé" in response.content.decode()
    assert entries_for(place).count() == before


def test_the_edit_form_has_no_raw_hours_field_and_links_to_the_weekly_grid(client, place, manager):
    client.force_login(manager)

    html = client.get(f"/lieux/{place.slug}/gerer/modifier/").content.decode()

    assert 'name="opening_hours"' not in html
    assert "OpenStreetMap" not in html
    assert "<legend>Horaires</legend>" in html
    assert "Les horaires du lieu sont renseignés." in html
    assert f'<a href="/lieux/{place.slug}/gerer/horaires/">Saisir les horaires avec la grille de la semaine</a>' in html


def test_raw_hours_posted_to_the_edit_form_are_ignored(client, place, manager):
    """Hours go through the grid's page only: a forged field on the main form changes nothing."""
    client.force_login(manager)

    response = client.post(
        f"/lieux/{place.slug}/gerer/modifier/", form_data(place, opening_hours="Mo-Su 00:00-24:00", desks="7")
    )

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.opening_hours, place.desks) == ("Mo-Fr 09:00-12:00", 7)
    assert "opening_hours" not in entries_for(place).filter(action=AuditLogEntry.Action.UPDATE).first().changes


def test_a_place_without_hours_says_so_on_the_edit_form(client, place, manager):
    place.opening_hours = ""
    place.save(update_fields=["opening_hours"])
    client.force_login(manager)

    html = client.get(f"/lieux/{place.slug}/gerer/modifier/").content.decode()

    assert "Les horaires du lieu ne sont pas encore renseignés." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desks", "douze", "Saisissez un nombre."),
        ("desks", "-3", "Ce nombre ne peut pas être négatif."),
        ("download_mbps", "vite", "Saisissez un nombre."),
        ("download_mbps", "1000000", "Ce nombre ne peut pas dépasser 100000."),
        ("connectivity_measured_on", "hier", "Saisissez une date valide."),
        ("connectivity_measured_on", "2999-01-01", "La date de mesure ne peut pas être dans le futur."),
        ("wifi", "gratuit", "Sélectionnez un choix valide."),
        ("email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("website", "http://", "Saisissez une URL valide."),
        ("description", "x" * 5001, "au plus 5000 caractères"),
        ("phone", "0" * 31, "au plus 30 caractères"),
    ],
)
def test_bad_input_is_explained_in_french_and_kept(client, place, manager, field, value, message):
    client.force_login(manager)

    response = client.post(f"/lieux/{place.slug}/gerer/modifier/", form_data(place, **{field: value}))

    text = response.content.decode()
    assert response.status_code == 400
    assert message in text
    assert 'class="error-summary"' in text
    if len(value) < 100:
        assert value in text


def test_hostile_html_is_stored_as_text_and_shown_escaped(client, place, manager):
    client.force_login(manager)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    client.post(f"/lieux/{place.slug}/gerer/modifier/", form_data(place, prices=script, description=script))

    place.refresh_from_db()
    assert place.prices == script
    page = client.get(place.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_an_empty_form_is_refused_without_a_500(client, place, manager):
    client.force_login(manager)

    response = client.post(f"/lieux/{place.slug}/gerer/modifier/", {})

    # Every field is optional except the choices with a value: an empty post clears nothing it cannot.
    assert response.status_code in (302, 400)


def test_a_change_that_breaks_the_charter_warns_the_manager(client, manager, staff_user):
    place = member_place(manager, staff_user, name="Comptoir labellisé")
    client.force_login(manager)

    response = client.post(f"/lieux/{place.slug}/gerer/modifier/", form_data(place, wifi=Wifi.PAID), follow=True)

    assert "le label du lieu est suspendu" in response.content.decode()
    place.refresh_from_db()
    assert place.status == NetworkStatus.SUSPENDED
    assert place.memberships.get().status == MembershipStatus.SUSPENDED


def test_access_choice_is_saved(client, place, manager):
    client.force_login(manager)

    client.post(f"/lieux/{place.slug}/gerer/modifier/", form_data(place, access=Access.BOOKING))

    place.refresh_from_db()
    assert place.access == Access.BOOKING


# --- Photos -------------------------------------------------------------------------------------------------------


def test_a_manager_adds_a_photo_checked_by_content(client, place, manager):
    client.force_login(manager)

    response = client.post(
        f"/lieux/{place.slug}/gerer/photos/",
        {"image": SimpleUploadedFile("salle.jpg", tiny_jpeg(), content_type="image/jpeg"), "alt_text": "La salle"},
    )

    assert response.status_code == 302
    photo = place.photos.get()
    assert photo.alt_text == "La salle"
    assert entries_for(place).filter(changes__has_key="photos").exists()


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, place, manager):
    client.force_login(manager)

    response = client.post(
        f"/lieux/{place.slug}/gerer/photos/",
        {
            "image": SimpleUploadedFile(
                "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
            ),
            "alt_text": "Une <b>photo</b>",
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;est pas une image JPEG, PNG ou WebP lisible" in text
    assert 'value="Une &lt;b&gt;photo&lt;/b&gt;"' in text
    assert not PlacePhoto.objects.exists()


def test_a_photo_needs_a_file_and_a_description(client, place, manager):
    client.force_login(manager)

    response = client.post(f"/lieux/{place.slug}/gerer/photos/", {"alt_text": ""})

    text = response.content.decode()
    assert "Choisissez une photo." in text
    assert "Décrivez la photo en quelques mots." in text


def test_a_too_long_description_is_refused(client, place, manager):
    client.force_login(manager)

    response = client.post(
        f"/lieux/{place.slug}/gerer/photos/",
        {"image": SimpleUploadedFile("a.jpg", tiny_jpeg(), content_type="image/jpeg"), "alt_text": "x" * 201},
    )

    assert "au plus 200 caractères" in response.content.decode()


def test_a_manager_removes_a_photo_of_their_place_only(client, place, manager):
    from solozere.places.services import place_photo_add

    own = place_photo_add(actor=None, place=place, image_file=SimpleUploadedFile("a.jpg", tiny_jpeg()), alt_text="A")
    other_place = PlaceFactory(name="Ailleurs")
    other = place_photo_add(
        actor=None, place=other_place, image_file=SimpleUploadedFile("b.jpg", tiny_jpeg()), alt_text="B"
    )
    client.force_login(manager)

    assert client.post(f"/lieux/{place.slug}/gerer/photos/{other.pk}/retirer/").status_code == 404
    assert client.post(f"/lieux/{other_place.slug}/gerer/photos/{other.pk}/retirer/").status_code == 404
    assert client.post(f"/lieux/{place.slug}/gerer/photos/{own.pk}/retirer/").status_code == 302

    assert list(PlacePhoto.objects.all()) == [other]


def test_a_manager_cannot_edit_another_place(client, place, manager):
    other = comptoir_ready(name="Pas à moi")
    client.force_login(manager)

    get = client.get(f"/lieux/{other.slug}/gerer/modifier/")
    post = client.post(f"/lieux/{other.slug}/gerer/modifier/", form_data(other, wifi=Wifi.PAID))

    assert (get.status_code, post.status_code) == (404, 404)
    other.refresh_from_db()
    assert other.wifi == Wifi.FREE


def test_the_place_page_links_its_managers_to_their_pages(client, place, manager, other_manager):
    assert "Gérer ce lieu" not in client.get(place.get_absolute_url()).content.decode()
    client.force_login(other_manager)
    assert "Gérer ce lieu" not in client.get(place.get_absolute_url()).content.decode()
    client.force_login(manager)
    assert f'href="/lieux/{place.slug}/gerer/"' in client.get(place.get_absolute_url()).content.decode()


def test_every_place_page_has_the_correction_button(client, place):
    page = client.get(place.get_absolute_url()).content.decode()

    assert f'href="/lieux/{place.slug}/signaler/"' in page
    assert "Signaler une correction" in page


def test_the_place_page_costs_one_query_more_only_for_a_member(
    client, manager, staff_user, django_assert_max_num_queries
):
    member = member_place(manager, staff_user, name="Membre compté")
    plain = PlaceFactory(name="Pas membre")

    # The place, its status changes, its photos, its bookable resources (the bookings panel), its next events.
    with django_assert_max_num_queries(5):
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(member.get_absolute_url())
