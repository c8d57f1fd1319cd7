"""/ressources/ is cached for visitors (core.page_cache) and changes at once when a resource is published, withdrawn
or corrected; a proposal never reaches a cached page."""

import pytest
from django.test import Client

from solozere.core.page_cache import HIT_HEADER
from solozere.resources.services import item_publish, item_unpublish
from tests.core.test_page_cache import LOCAL_CACHE
from tests.resources.factories import propose, published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_cache(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = LOCAL_CACHE
    settings.PAGE_CACHE_SECONDS = 600
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_list_is_served_from_the_cache_until_a_resource_is_published(member, staff_user, django_assert_num_queries):
    waiting = propose(member, title="Bientôt publiée")
    assert Client().get("/ressources/")[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        cached = Client().get("/ressources/")
    assert cached[HIT_HEADER] == "hit" and "Bientôt publiée" not in cached.content.decode()

    item_publish(actor=staff_user, item=waiting)

    fresh = Client().get("/ressources/")
    assert fresh[HIT_HEADER] == "miss" and "Bientôt publiée" in fresh.content.decode()


def test_a_withdrawn_resource_leaves_its_cached_page_at_once(member, staff_user):
    item = published(member, staff_user, title="Guide périmé")
    assert Client().get(item.get_absolute_url()).status_code == 200
    assert Client().get(item.get_absolute_url())[HIT_HEADER] == "hit"

    item_unpublish(actor=staff_user, item=item, reason="Remplacé.")

    assert Client().get(item.get_absolute_url()).status_code == 404
    assert "Guide périmé" not in Client().get("/ressources/").content.decode()
