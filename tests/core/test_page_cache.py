"""The cached anonymous pages (solozere/core/page_cache.py): served from the shared cache to visitors, never to
signed-in people, with no other visitor's CSRF token, and changed at once when what they show changes."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from solozere.core import cache_version
from solozere.core.page_cache import CSRF_PLACEHOLDER, HIT_HEADER
from solozere.places import services
from solozere.places.models import Place
from tests.places.factories import PlaceFactory
from tests.places.test_manage import form_data

# A cache in this process for these tests only, so that a hit can be shown to run no SQL query at all (the site's
# own cache is the database cache, or Redis in production: never the memory of one process).
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}}


@pytest.fixture
def local_cache(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = LOCAL_CACHE
    settings.PAGE_CACHE_SECONDS = 600  # off for the other tests (config/settings/test.py)
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def place(territory, local_cache):  # type: ignore[no-untyped-def]
    return PlaceFactory(name="Tiers-lieu du Foirail", opening_hours="Mo-Fr 09:00-18:00")


def _csrf_in_page(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content.decode())
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


@pytest.mark.django_db
def test_a_second_visit_is_served_from_the_cache_without_any_query(place, django_assert_num_queries):
    first = Client().get("/lieux/")
    assert first.status_code == 200
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/lieux/")
    assert second[HIT_HEADER] == "hit"
    assert "Tiers-lieu du Foirail" in second.content.decode()

    detail_miss = Client().get(place.get_absolute_url())
    assert detail_miss[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        detail_hit = Client().get(place.get_absolute_url())
    assert detail_hit[HIT_HEADER] == "hit"
    assert detail_hit.content.decode().count("Tiers-lieu du Foirail") == detail_miss.content.decode().count(
        "Tiers-lieu du Foirail"
    )


@pytest.mark.django_db
def test_a_change_of_the_place_shows_at_once_on_the_list_and_on_its_page(place, staff_user):
    visitor = Client()
    assert "Tiers-lieu du Foirail" in visitor.get("/lieux/").content.decode()
    assert "Tiers-lieu du Foirail" in visitor.get(place.get_absolute_url()).content.decode()
    assert visitor.get("/lieux/")[HIT_HEADER] == "hit"

    services.place_update(actor=staff_user, place=place, data={"name": "Tiers-lieu de la Halle", "printing": True})

    listing = visitor.get("/lieux/")
    assert listing[HIT_HEADER] == "miss"
    assert "Tiers-lieu de la Halle" in listing.content.decode()
    assert "Tiers-lieu du Foirail" not in listing.content.decode()
    detail = visitor.get(place.get_absolute_url())
    assert "Tiers-lieu de la Halle" in detail.content.decode()
    assert "Impression" in detail.content.decode()


@pytest.mark.django_db
def test_a_change_through_the_managers_edit_form_shows_at_once(place, manager):
    place.managers.add(manager)
    visitor = Client()
    assert "Salle voûtée" not in visitor.get(place.get_absolute_url()).content.decode()
    assert visitor.get(place.get_absolute_url())[HIT_HEADER] == "hit"
    editor = Client()
    editor.force_login(manager)

    answer = editor.post(
        f"{place.get_absolute_url()}gerer/modifier/", form_data(place, description="Salle voûtée au rez-de-chaussée.")
    )

    assert answer.status_code == 302
    assert "Salle voûtée au rez-de-chaussée." in visitor.get(place.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_signed_in_person_never_gets_a_cached_page(place, staff_user):
    Client().get("/lieux/")
    assert Client().get("/lieux/")[HIT_HEADER] == "hit"
    person = Client()
    person.force_login(staff_user)
    response = person.get("/lieux/")
    assert HIT_HEADER not in response
    assert "Se déconnecter" in response.content.decode()
    # And their page is not stored for the visitors either.
    assert "Se déconnecter" not in Client().get("/lieux/").content.decode()


@pytest.mark.django_db
def test_a_cached_page_carries_the_csrf_token_of_its_own_visitor(place):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/lieux/")
    second_page = second.get("/lieux/")
    assert second_page[HIT_HEADER] == "hit"
    assert CSRF_PLACEHOLDER not in second_page.content.decode()
    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert _unmask_cipher_token(_csrf_in_page(first_page)) == first_secret
    assert _unmask_cipher_token(_csrf_in_page(second_page)) == second_secret
    # The form of the cached page works for its visitor: the language switch accepts the token.
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/lieux/", "csrfmiddlewaretoken": _csrf_in_page(second_page)}
    )
    assert switched.status_code == 302


@pytest.mark.django_db
def test_the_query_string_is_part_of_the_key_in_any_order(place):
    Client().get("/lieux/?kind=tiers-lieu&demo=all")
    assert Client().get("/lieux/?demo=all&kind=tiers-lieu")[HIT_HEADER] == "hit"
    assert Client().get("/lieux/?kind=comptoir")[HIT_HEADER] == "miss"
    assert "Tiers-lieu du Foirail" not in Client().get("/lieux/?kind=comptoir").content.decode()


@pytest.mark.django_db
def test_a_visitor_with_a_session_or_a_message_is_not_served_from_the_cache(place, client):
    Client().get("/lieux/")
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert HIT_HEADER not in with_session.get("/lieux/")
    with_message = Client()
    with_message.cookies["messages"] = "whatever"
    assert HIT_HEADER not in with_message.get("/lieux/")


@pytest.mark.django_db
def test_the_language_is_part_of_the_key(place):
    Client().get("/lieux/")
    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get("/lieux/")
    assert response[HIT_HEADER] == "miss"
    assert 'lang="en"' in response.content.decode()
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_each_app_declares_the_models_that_bump_its_version(local_cache):
    from solozere.aids.models import AidScheme
    from solozere.charter.models import PlaceMembership
    from solozere.community.models import Membership

    assert cache_version.namespaces_of(Place) == {"places"}
    assert cache_version.namespaces_of(PlaceMembership) == {"charter"}
    assert cache_version.namespaces_of(Membership) == {"community"}
    assert cache_version.namespaces_of(AidScheme) == {"aids"}
    before = cache_version.get("places")
    cache_version.bump("places")
    assert cache_version.get("places") != before


@pytest.mark.django_db
def test_the_api_list_of_places_is_cached_and_changes_at_once(place, staff_user, django_assert_num_queries):
    assert Client().get("/api/v1/places")[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        cached = Client().get("/api/v1/places")
    assert cached[HIT_HEADER] == "hit"
    assert cached.json()["results"][0]["name"] == "Tiers-lieu du Foirail"

    services.place_update(actor=staff_user, place=place, data={"name": "Tiers-lieu de la Halle"})

    assert Client().get("/api/v1/places").json()["results"][0]["name"] == "Tiers-lieu de la Halle"
    # An API client with credentials is never served from the cache.
    assert HIT_HEADER not in Client().get("/api/v1/places", headers={"Authorization": "Bearer x"})
