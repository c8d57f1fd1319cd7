"""The home page searches places directly and says what its figures leave out (issue 9)."""

from tests.places.factories import PlaceFactory


def test_the_home_page_searches_places_by_commune(client, territory):
    html = client.get("/").content.decode()
    assert '<form class="home-search" method="get" action="/lieux/" role="search"' in html
    assert '<label for="home-commune">' in html
    assert 'id="home-commune" name="commune"' in html
    assert 'data-locate-for="home-commune"' in html
    assert "places/locate" in html


def test_the_home_search_lands_on_the_places_of_that_commune(client, territory):
    response = client.get("/lieux/", {"commune": "48200"})
    assert response.status_code == 200


def test_the_home_page_says_how_many_demo_places_its_figures_leave_out(client, territory):
    assert "lieu de démonstration" not in client.get("/").content.decode()
    PlaceFactory(name="Démo", demo=True)
    assert "ne comptent pas le lieu de démonstration" in client.get("/").content.decode()
    PlaceFactory(name="Démo 2", demo=True)
    assert "ne comptent pas les 2 lieux de démonstration" in client.get("/").content.decode()


def test_the_home_figures_take_the_singular_for_zero_and_one(client, territory):
    PlaceFactory(name="Un comptoir", kind="comptoir")
    html = " ".join(client.get("/").content.decode().split())
    assert "<strong>1</strong> Comptoir SoLozère</li>" in html
    assert "<strong>0</strong> télécentre</li>" in html
