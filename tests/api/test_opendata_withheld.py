"""/opendata/ says, per place in service, what keeps it out of the file (the export's own rule, one source) and who
can fill it in; the link to do it is for those who may; no person is named."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.api.opendata import places as opendata
from solozere.places.models import Place
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

VALID_SIRET = "43493312300029"
ROLES = ["visitor", "plain", "member", "manager", "other_manager", "company", "staff"]


@pytest.fixture
def places(territory, manager, other_manager):
    """One place published whole; one withheld with a manager (`manager`); one withheld with no manager; one
    place of `other_manager`, published."""
    published = PlaceFactory(complete=True, name="Télécentre complet")
    Place.objects.filter(pk=published.pk).update(pivot=VALID_SIRET)
    managed = PlaceFactory(complete=True, name="Tiers-lieu sans SIRET")
    managed.managers.add(manager)
    orphan = PlaceFactory(name="Espace sans adresse")
    theirs = PlaceFactory(complete=True, name="Lieu de l'autre")
    Place.objects.filter(pk=theirs.pk).update(pivot=VALID_SIRET)
    theirs.managers.add(other_manager)
    return {"published": published, "managed": managed, "orphan": orphan, "theirs": theirs}


@pytest.fixture
def people(manager, other_manager, member, company_representative, staff_user):
    return {
        "visitor": None,
        "plain": UserFactory(email="simple.visiteur@example.org"),
        "member": member,
        "manager": manager,
        "other_manager": other_manager,
        "company": company_representative,
        "staff": staff_user,
    }


def _page(client, people, role) -> str:
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get("/opendata/")
    assert response.status_code == 200
    return response.content.decode()


def _cards(html: str) -> dict[str, str]:
    """Place name -> its card in the list of withheld places."""
    section = html.split('id="h-withheld"', 1)[1].split("</ul>", 1)[0]
    cards = re.findall(r'<li class="card">(.*?)</li>', section, flags=re.S)
    return {re.search(r'<a href="[^"]+">([^<]+)</a>', card).group(1): card for card in cards}


def _csv_names(client) -> set[str]:
    text = client.get("/opendata/lieux.csv").content.decode()
    return {row["nom"] for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize("role", ROLES)
def test_the_reasons_are_the_exports_own_rule(client, places, people, role):
    cards = _cards(_page(client, people, role))

    # Exactly the places the file leaves out, each with the required columns the export finds empty.
    in_file = _csv_names(client)
    assert set(cards) == {p.name for p in Place.objects.filter(is_demo=False)} - in_file
    assert set(cards) == {"Tiers-lieu sans SIRET", "Espace sans adresse"}
    for name, card in cards.items():
        place = Place.objects.select_related("commune").get(name=name)
        row = opendata.mediation_row(place, source=settings.SITE_NAME)
        expected = [str(opendata.MISSING_LABELS[column]) for column in opendata.missing_required(row)]
        assert expected, name
        shown = re.search(r"Ce qui manque :</strong> (.*?)\.</p>", card, flags=re.S).group(1)
        assert shown == ", ".join(expected).replace("'", "&#x27;")
    assert "SIRET, SIREN ou RNA" in cards["Tiers-lieu sans SIRET"]
    assert "adresse" in cards["Espace sans adresse"]


@pytest.mark.parametrize("role", ROLES)
def test_who_can_fill_it_in_and_the_link_only_for_those_who_may(client, places, people, role):
    cards = _cards(_page(client, people, role))
    managed, orphan = cards["Tiers-lieu sans SIRET"], cards["Espace sans adresse"]
    assert "ses gestionnaires, depuis la page « Gérer » du lieu." in managed
    assert "ayant pas encore de gestionnaire" in orphan
    # Anyone may report a correction.
    for place, card in ((places["managed"], managed), (places["orphan"], orphan)):
        assert f'href="/lieux/{place.slug}/signaler/"' in card
    edit_managed = f'href="/lieux/{places["managed"].slug}/gerer/modifier/"'
    edit_orphan = f'href="/lieux/{places["orphan"].slug}/gerer/modifier/"'
    assert (edit_managed in managed) == (role in ("manager", "staff"))
    assert (edit_orphan in orphan) == (role == "staff")


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_the_link_given_opens_for_who_is_given_it(client, places, people, role):
    html = _page(client, people, role)
    for link in re.findall(r'href="(/lieux/[^"]+/gerer/modifier/)"', html):
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("role", ROLES)
def test_no_person_is_named(client, places, people, role):
    html = _page(client, people, role)
    for person in (people["manager"], people["other_manager"], people["staff"]):
        assert person.email not in html
        for name in (person.first_name, person.last_name):
            if name and role != "visitor" and person == people.get(role):
                continue  # the header may greet the signed-in person
            if name:
                assert name not in html, name


def test_a_visitor_is_served_the_cached_page_without_anyones_links(client, places, people, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.force_login(people["staff"])
    assert "/gerer/modifier/" in client.get("/opendata/").content.decode()
    client.logout()
    for _time in range(2):  # built, then from the cache
        assert "/gerer/modifier/" not in client.get("/opendata/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_page_works_with_no_place_left_out(client, territory, people, role):
    place = PlaceFactory(complete=True, name="Télécentre complet")
    Place.objects.filter(pk=place.pk).update(pivot=VALID_SIRET)
    html = _page(client, people, role)
    assert "Il contient aujourd'hui 1 lieu." in html
    assert 'id="h-withheld"' not in html and "Qui peut compléter" not in html
    assert "lieu en service est dans ce cas" not in html


def test_the_page_works_with_no_place_at_all(client, territory):
    html = client.get("/opendata/").content.decode()
    assert "Il contient aujourd'hui 0 lieu." in html
    assert 'id="h-withheld"' not in html


def test_signed_in_the_page_costs_the_same_queries_for_few_or_many_places(client, places, people):
    client.force_login(people["manager"])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/opendata/").status_code == 200
        return len(captured)

    few = count()
    for number in range(6):
        PlaceFactory(name=f"Autre lieu sans adresse {number}").managers.add(people["manager"])
    assert count() == few
