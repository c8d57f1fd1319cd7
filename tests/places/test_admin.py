"""The places back office (/gestion/): who gets in, and every change written to the audit log through the services."""

from io import BytesIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from solozere.core.models import AuditLogEntry
from solozere.places.models import SERVICE_FLAGS, NetworkStatus, Place, PlacePhoto, PlaceStatusChange
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(territory):
    return PlaceFactory(name="Télécentre de Mende", operator="Mairie de Mende")


@pytest.fixture
def staff_client(client):
    staff = UserFactory(staff=True, email="equipe@solozere.fr")
    client.force_login(staff)
    client.user = staff
    return client


def entries(place):
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Place), object_id=str(place.pk)
    ).order_by("pk")


def change_url(place):
    return f"/gestion/places/place/{place.pk}/change/"


def form_data(place, **overrides):
    """What the change form posts back untouched (inline management forms included)."""
    data = {
        "name": place.name,
        "slug": place.slug,
        "kind": place.kind,
        "status": place.status,
        "operator": place.operator,
        "description": place.description,
        "source_note": place.source_note,
        "commune": place.commune_id,
        "address": place.address,
        "latitude": place.latitude if place.latitude is not None else "",
        "longitude": place.longitude if place.longitude is not None else "",
        "access": place.access,
        "wifi": place.wifi,
        "technology": place.technology,
        "opening_hours": place.opening_hours,
        "prices": place.prices,
        "phone": place.phone,
        "email": place.email,
        "website": place.website,
        "managers": [user.pk for user in place.managers.all()] if place.pk else [],
        "change_reason": "",
        "status_history-TOTAL_FORMS": "0",
        "status_history-INITIAL_FORMS": str(place.status_history.count()) if place.pk else "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    for field in SERVICE_FLAGS:
        value = getattr(place, field)
        data[field] = "unknown" if value is None else ("true" if value else "false")
    if place.location_is_approximate:
        data["location_is_approximate"] = "on"
    if place.is_demo:
        data["is_demo"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(size=(2400, 1200)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("vue.jpg", buffer.getvalue(), content_type="image/jpeg")


# --- Who gets in -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/gestion/", "/gestion/places/place/", "/gestion/core/auditlogentry/"])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/gestion/login/")


@pytest.mark.parametrize("role", ["member", "manager"])
def test_non_staff_roles_are_refused_the_back_office(client, place, role):
    user = UserFactory()
    if role == "manager":
        place.managers.add(user)
    client.force_login(user)

    for url in ("/gestion/", "/gestion/places/place/", change_url(place)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/gestion/login/")


def test_network_staff_reach_the_back_office_in_french(staff_client, place):
    response = staff_client.get("/gestion/")
    assert response.status_code == 200
    assert "SoLozère — gestion du réseau" in response.text
    assert "Lieux" in response.text
    assert "Journal des modifications" in response.text


def test_network_staff_open_a_place_change_page_with_its_audit_log(staff_client, place):
    response = staff_client.get(change_url(place))
    assert response.status_code == 200
    assert "Journal des modifications" in response.text
    assert "création" in response.text  # the entry written by place_create


def test_network_staff_may_add_but_not_delete_places(staff_client, place):
    assert staff_client.get("/gestion/places/place/add/").status_code == 200
    assert staff_client.get(f"/gestion/places/place/{place.pk}/delete/").status_code == 403


def test_a_superuser_may_delete_a_place_and_the_deletion_is_logged(client, place):
    admin = UserFactory(superuser=True)
    client.force_login(admin)

    response = client.post(f"/gestion/places/place/{place.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    deletion = entries(place).last()
    assert deletion.action == AuditLogEntry.Action.DELETE
    assert deletion.actor == admin
    assert deletion.changes["name"] == ["Télécentre de Mende", None]


def test_staff_cannot_edit_users_but_can_look_them_up(staff_client):
    other = UserFactory()
    assert staff_client.get("/gestion/accounts/user/").status_code == 200
    page = staff_client.get(f"/gestion/accounts/user/{other.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text  # view only
    refused = staff_client.post(f"/gestion/accounts/user/{other.pk}/change/", {"email": other.email, "is_staff": "on"})
    assert refused.status_code == 403
    other.refresh_from_db()
    assert not other.is_staff


def test_staff_only_read_communes(staff_client, territory):
    mende = commune("48095")
    assert staff_client.get("/gestion/territory/commune/").status_code == 200
    assert staff_client.get("/gestion/territory/commune/add/").status_code == 403
    assert 'name="name"' not in staff_client.get(f"/gestion/territory/commune/{mende.pk}/change/").text


# --- Changes go through the services and the audit log -----------------------------------------------------------


def test_a_change_made_in_the_admin_writes_an_audit_entry_with_the_diff_and_the_actor(staff_client, place):
    response = staff_client.post(
        change_url(place),
        form_data(place, name="Télécentre de Mende — Le Quai", desks="8", change_reason="Visite du 3 mars"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    place.refresh_from_db()
    assert place.name == "Télécentre de Mende — Le Quai"
    entry = entries(place).last()
    assert entry.action == AuditLogEntry.Action.UPDATE
    assert entry.actor == staff_client.user
    assert entry.changes == {"desks": [None, 8], "name": ["Télécentre de Mende", "Télécentre de Mende — Le Quai"]}
    assert entry.message == "Visite du 3 mars"
    # ...and it is shown, read-only, on the place's page.
    page = staff_client.get(change_url(place)).text
    assert "Visite du 3 mars" in page
    assert "equipe@solozere.fr" in page or str(staff_client.user) in page


def test_saving_without_changes_writes_nothing(staff_client, place):
    before = entries(place).count()
    response = staff_client.post(change_url(place), form_data(place))
    assert response.status_code == 302
    assert entries(place).count() == before


def test_changing_the_status_in_the_admin_adds_a_history_row(staff_client, place):
    staff_client.post(change_url(place), form_data(place, status=NetworkStatus.CLOSED, change_reason="Fermé en mai"))

    place.refresh_from_db()
    assert place.status == NetworkStatus.CLOSED
    latest = place.status_history.first()
    assert (latest.status, latest.note, latest.actor) == (NetworkStatus.CLOSED, "Fermé en mai", staff_client.user)
    assert entries(place).last().changes["status"] == ["open", "closed"]


@pytest.mark.parametrize("status", [NetworkStatus.MEMBER, NetworkStatus.SUSPENDED])
def test_the_label_statuses_cannot_be_set_by_hand_in_the_admin(staff_client, place, status):
    response = staff_client.post(change_url(place), form_data(place, status=status, change_reason="Charte signée"))

    place.refresh_from_db()
    assert response.status_code == 200
    assert place.status == NetworkStatus.OPEN
    assert not place.status_history.filter(status=status).exists()


@pytest.mark.parametrize("status", [NetworkStatus.MEMBER, NetworkStatus.SUSPENDED])
def test_the_label_statuses_cannot_be_set_by_any_edit(place, status):
    from django.core.exceptions import ValidationError

    from solozere.places.services import place_update

    with pytest.raises(ValidationError) as error:
        place_update(actor=None, place=place, data={"status": status})

    assert "viennent de l'adhésion à la charte" in str(error.value)
    place.refresh_from_db()
    assert place.status == NetworkStatus.OPEN


def test_a_labelled_places_status_is_shown_but_not_editable_in_the_admin(staff_client, place):
    place.status = NetworkStatus.MEMBER
    place.save(update_fields=["status"])

    staff_client.post(change_url(place), form_data(place, status=NetworkStatus.CLOSED, description="Modifiée"))

    place.refresh_from_db()
    assert (place.status, place.description) == (NetworkStatus.MEMBER, "Modifiée")


def test_a_place_created_in_the_admin_gets_a_slug_a_first_status_and_a_creation_entry(staff_client, territory):
    blank = Place(commune=commune("48140"), name="", kind="telecentre", status="planned")
    data = form_data(
        blank,
        name="Télécentre de Saint-Chély",
        slug="",
        kind="telecentre",
        status="planned",
        commune=commune("48140").pk,
    )

    response = staff_client.post("/gestion/places/place/add/", data)

    assert response.status_code == 302
    created = Place.objects.get(name="Télécentre de Saint-Chély")
    assert created.slug == "telecentre-de-saint-chely"
    assert created.location_is_approximate  # put at the town hall by place_create
    assert created.status_history.get().status == "planned"
    creation = entries(created).get()
    assert creation.action == AuditLogEntry.Action.CREATE
    assert creation.actor == staff_client.user


def test_naming_managers_in_the_admin_is_logged(staff_client, place):
    camille = UserFactory(email="camille@example.org")

    staff_client.post(change_url(place), form_data(place, managers=[camille.pk]))

    assert list(place.managers.all()) == [camille]
    assert entries(place).last().changes == {"managers": [[], ["camille@example.org"]]}
    assert entries(place).last().actor == staff_client.user


def test_a_past_status_step_added_inline_is_logged_without_changing_the_current_status(staff_client, place):
    data = form_data(
        place,
        **{
            "status_history-TOTAL_FORMS": "2",
            "status_history-0-id": str(place.status_history.get().pk),
            "status_history-0-place": str(place.pk),
            "status_history-1-status": "planned",
            "status_history-1-date_text": "printemps 2013",
            "status_history-1-note": "Appel à projets de 2012",
            "status_history-1-place": str(place.pk),
        },
    )

    response = staff_client.post(change_url(place), data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == NetworkStatus.OPEN
    added = PlaceStatusChange.objects.get(place=place, date_text="printemps 2013")
    assert added.actor == staff_client.user
    assert entries(place).last().changes["status_history"][1].startswith("Ouverture prévue")


def test_a_photo_uploaded_in_the_admin_is_resized_and_logged(staff_client, place):
    data = form_data(
        place,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": jpeg(),
            "photos-0-alt_text": "La salle commune, vue depuis l'entrée",
            "photos-0-position": "0",
            "photos-0-place": str(place.pk),
        },
    )

    response = staff_client.post(change_url(place), data)

    assert response.status_code == 302
    photo = PlacePhoto.objects.get(place=place)
    assert (photo.width, photo.height) == (1600, 800)
    assert photo.image.name.startswith(f"places/{place.pk}/")
    logged = entries(place).last()
    assert logged.changes == {"photos": [None, "La salle commune, vue depuis l'entrée"]}
    assert logged.actor == staff_client.user


def test_a_text_file_uploaded_as_a_photo_is_refused_in_french_and_nothing_is_saved(staff_client, place):
    before = entries(place).count()
    data = form_data(
        place,
        name="Nouveau nom",
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": SimpleUploadedFile("photo.jpg", b"bonjour", content_type="image/jpeg"),
            "photos-0-alt_text": "Une photo",
            "photos-0-position": "0",
            "photos-0-place": str(place.pk),
        },
    )

    response = staff_client.post(change_url(place), data)

    assert response.status_code == 200
    assert "n&#x27;est pas une image JPEG, PNG ou WebP" in response.text
    assert 'value="Nouveau nom"' in response.text  # nothing typed is lost
    assert not PlacePhoto.objects.exists()
    assert entries(place).count() == before
    place.refresh_from_db()
    assert place.name == "Télécentre de Mende"


def test_editing_and_removing_a_photo_are_logged(staff_client, place):
    from solozere.places.services import place_photo_add

    photo = place_photo_add(actor=None, place=place, image_file=jpeg((800, 600)), alt_text="Façade")
    base = {
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "1",
        "photos-0-id": str(photo.pk),
        "photos-0-place": str(place.pk),
        "photos-0-alt_text": "Façade côté rue",
        "photos-0-position": "0",
    }
    staff_client.post(change_url(place), form_data(place, **base))
    photo.refresh_from_db()
    assert photo.alt_text == "Façade côté rue"
    assert entries(place).last().changes == {"photo_alt_text": ["Façade", "Façade côté rue"]}

    staff_client.post(change_url(place), form_data(place, **base, **{"photos-0-DELETE": "on"}))
    assert not PlacePhoto.objects.exists()
    assert entries(place).last().changes == {"photos": ["Façade côté rue", None]}


def test_the_audit_log_is_read_only_for_everyone(client, place):
    client.force_login(UserFactory(superuser=True))
    entry = entries(place).first()
    assert client.get("/gestion/core/auditlogentry/").status_code == 200
    assert client.get("/gestion/core/auditlogentry/add/").status_code == 403
    assert client.get(f"/gestion/core/auditlogentry/{entry.pk}/delete/").status_code == 403
    page = client.get(f"/gestion/core/auditlogentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert "<textarea" not in page.text
    client.post(f"/gestion/core/auditlogentry/{entry.pk}/change/", {"message": "effacé"})
    entry.refresh_from_db()
    assert entry.message == ""


def test_the_place_list_filters_by_epci_and_searches_by_commune(staff_client, place, territory):
    PlaceFactory(name="Comptoir de Saint-Chély", commune=commune("48140"))
    epci = commune("48095").epci_name

    by_epci = staff_client.get("/gestion/places/place/", {"epci": epci})
    assert "Télécentre de Mende" in by_epci.text
    assert "Comptoir de Saint-Chély" not in by_epci.text
    by_commune = staff_client.get("/gestion/places/place/", {"q": "Saint-Chély"})
    assert "Comptoir de Saint-Chély" in by_commune.text
    assert "Télécentre de Mende" not in by_commune.text


def test_the_place_list_costs_the_same_number_of_queries_with_more_places(
    staff_client, place, territory, django_assert_max_num_queries
):
    staff_client.get("/gestion/places/place/")  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/gestion/places/place/")
    for n in range(15):
        PlaceFactory(name=f"Lieu {n}", commune=commune("48140"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/gestion/places/place/")


def test_a_place_and_its_first_photo_are_created_in_one_go(staff_client, territory):
    blank = Place(commune=commune("48095"), name="", kind="comptoir", status="project")
    data = form_data(
        blank, name="Comptoir de Mende", slug="", kind="comptoir", status="project", commune=commune("48095").pk
    )
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": jpeg((1000, 800)),
            "photos-0-alt_text": "La vitrine du comptoir",
            "photos-0-position": "0",
        }
    )

    response = staff_client.post("/gestion/places/place/add/", data)

    assert response.status_code == 302
    created = Place.objects.get(name="Comptoir de Mende")
    assert created.photos.get().alt_text == "La vitrine du comptoir"
    assert [entry.action for entry in entries(created)] == [AuditLogEntry.Action.CREATE, AuditLogEntry.Action.UPDATE]


def test_a_photo_over_the_size_limit_is_refused_in_french(staff_client, place, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1_000
    data = form_data(
        place,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": jpeg(),
            "photos-0-alt_text": "Trop lourde",
            "photos-0-position": "0",
            "photos-0-place": str(place.pk),
        },
    )
    response = staff_client.post(change_url(place), data)
    assert response.status_code == 200
    assert "la limite est de 1000" in response.text
    assert not PlacePhoto.objects.exists()
