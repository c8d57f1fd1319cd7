"""Every role on every page the charter, adhesion, manager and correction features add.

Roles: anonymous, a plain signed-in user, the manager of another place, the manager of this place, network staff.
Another person's place, application or evidence is a 404 (its existence is not confirmed); staff pages are a 403
for everyone signed in but staff; anonymous visitors are sent to the login page.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.charter.models import EvidenceKind
from solozere.places.corrections import place_correction_submit
from solozere.places.models import PlaceCorrection
from solozere.places.services import place_photo_add
from tests.places.factories import apply_for, comptoir_ready, tiny_jpeg

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain_user", "other_manager", "manager", "staff"]


@pytest.fixture
def world(territory, charter_v1, manager, other_manager, plain_user, staff_user):  # type: ignore[no-untyped-def]
    place = comptoir_ready(name="Comptoir gardé")
    place.managers.add(manager)
    elsewhere = comptoir_ready(name="Comptoir d'à côté")
    elsewhere.managers.add(other_manager)
    membership = apply_for(place, manager)
    photo = place_photo_add(
        actor=None, place=place, image_file=SimpleUploadedFile("p.jpg", tiny_jpeg()), alt_text="Salle"
    )
    evidence = membership.evidence.get(criterion__evidence_kind=EvidenceKind.PHOTO)
    correction = place_correction_submit(place=place, field="phone", proposed_value="1", reason="r")
    people = {
        "anonymous": None,
        "plain_user": plain_user,
        "other_manager": other_manager,
        "manager": manager,
        "staff": staff_user,
    }
    return {
        "place": place,
        "membership": membership,
        "photo": photo,
        "evidence": evidence,
        "correction": correction,
        "people": people,
    }


def as_role(client, world, role: str):  # type: ignore[no-untyped-def]
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    return client


def manager_get_pages(w) -> list[str]:
    slug = w["place"].slug
    return [
        f"/lieux/{slug}/gerer/",
        f"/lieux/{slug}/gerer/modifier/",
        f"/lieux/{slug}/gerer/photos/",
        f"/lieux/{slug}/adhesion/",
        f"/lieux/{slug}/adhesion/{w['membership'].pk}/",
        f"/lieux/{slug}/adhesion/justificatifs/{w['evidence'].pk}/",
    ]


def manager_post_pages(w) -> list[str]:
    slug = w["place"].slug
    return [
        f"/lieux/{slug}/gerer/modifier/",
        f"/lieux/{slug}/gerer/photos/",
        f"/lieux/{slug}/gerer/photos/{w['photo'].pk}/retirer/",
        f"/lieux/{slug}/adhesion/",
    ]


def staff_get_pages(w) -> list[str]:
    return [
        "/equipe/charte/adhesions/",
        "/equipe/charte/adhesions/?vue=toutes",
        f"/equipe/charte/adhesions/{w['membership'].pk}/",
        "/equipe/lieux/corrections/",
        f"/equipe/lieux/corrections/{w['correction'].pk}/",
        "/equipe/charte/versions/",
        "/equipe/charte/versions/1/",
    ]


def staff_post_pages(w) -> list[str]:
    pk, correction = w["membership"].pk, w["correction"].pk
    return [
        f"/equipe/charte/adhesions/{pk}/",
        f"/equipe/charte/adhesions/{pk}/retablir/",
        f"/equipe/lieux/corrections/{correction}/appliquer/",
        f"/equipe/lieux/corrections/{correction}/ecarter/",
        "/equipe/charte/versions/",
        "/equipe/charte/versions/1/publier/",
    ]


EXPECTED_MANAGER = {"anonymous": 302, "plain_user": 404, "other_manager": 404, "manager": 200, "staff": 200}
EXPECTED_STAFF = {"anonymous": 302, "plain_user": 403, "other_manager": 403, "manager": 403, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_manager_pages_are_for_this_places_managers_and_staff(client, world, role):
    client = as_role(client, world, role)

    codes = {url: client.get(url).status_code for url in manager_get_pages(world)}

    assert codes == dict.fromkeys(codes, EXPECTED_MANAGER[role])
    if role == "anonymous":
        assert client.get(manager_get_pages(world)[0])["Location"].startswith("/compte/login/")


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "other_manager"])
def test_nobody_else_changes_a_place_or_applies_for_it(client, world, role):
    client = as_role(client, world, role)
    place = world["place"]

    codes = {
        url: client.post(url, {"wifi": "paid", "type": "comptoir"}).status_code for url in manager_post_pages(world)
    }

    assert set(codes.values()) == {EXPECTED_MANAGER[role]}
    place.refresh_from_db()
    assert place.wifi == "free"
    assert place.photos.count() == 1
    assert place.memberships.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_are_for_staff_only(client, world, role):
    client = as_role(client, world, role)

    codes = {url: client.get(url).status_code for url in staff_get_pages(world)}

    assert codes == dict.fromkeys(codes, EXPECTED_STAFF[role])


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "other_manager", "manager"])
def test_nobody_but_staff_acts_in_the_staff_queues(client, world, role):
    client = as_role(client, world, role)

    codes = {url: client.post(url, {"decision": "approve", "note": "x"}).status_code for url in staff_post_pages(world)}

    assert set(codes.values()) == {EXPECTED_STAFF[role]}
    world["membership"].refresh_from_db()
    assert world["membership"].status == "submitted"
    assert PlaceCorrection.objects.get().status == "open"


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(client, world, role):
    client = as_role(client, world, role)
    slug = world["place"].slug

    for url in ("/lieux/charte/", "/lieux/charte/1/", f"/lieux/{slug}/signaler/", f"/lieux/{slug}/"):
        assert client.get(url).status_code == 200, url


def test_actions_refuse_get(client, world):
    client = as_role(client, world, "staff")
    slug = world["place"].slug
    for url in (
        f"/lieux/{slug}/gerer/photos/{world['photo'].pk}/retirer/",
        f"/equipe/charte/adhesions/{world['membership'].pk}/retablir/",
        f"/equipe/lieux/corrections/{world['correction'].pk}/appliquer/",
        f"/equipe/lieux/corrections/{world['correction'].pk}/ecarter/",
        "/equipe/charte/versions/1/publier/",
    ):
        assert client.get(url).status_code == 405, url


def test_an_inactive_staff_account_is_not_staff(client, world):
    staff = world["people"]["staff"]
    staff.is_active = False
    staff.save()
    client.force_login(staff)

    assert client.get("/equipe/charte/adhesions/").status_code in (302, 403)


def test_unknown_objects_are_404_for_staff(client, world):
    client = as_role(client, world, "staff")

    for url in (
        "/equipe/charte/adhesions/999999/",
        "/equipe/lieux/corrections/999999/",
        "/equipe/charte/versions/99/",
        "/lieux/nulle-part/gerer/",
        f"/lieux/{world['place'].slug}/adhesion/999999/",
        f"/lieux/{world['place'].slug}/adhesion/justificatifs/999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_staff_queue_costs_the_same_with_more_applications(client, world, django_assert_max_num_queries):
    client = as_role(client, world, "staff")
    with django_assert_max_num_queries(20) as few:
        assert client.get("/equipe/charte/adhesions/?vue=toutes").status_code == 200
    manager = world["people"]["manager"]
    for n in range(6):
        place = comptoir_ready(name=f"Comptoir en file {n}")
        place.managers.add(manager)
        apply_for(place, manager)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/equipe/charte/adhesions/?vue=toutes")

    assert response.content.decode().count("Comptoir en file") == 6
