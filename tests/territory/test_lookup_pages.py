"""The one commune lookup as the places search and the aid simulator show it, through HTTP."""

import re

import pytest

from tests.aids.conftest import telework_scheme  # noqa: F401  (the scheme of the simulator)

pytestmark = pytest.mark.django_db

PLACES = "/lieux/"
SIMULATOR = "/aide-teletravail/"


def plain(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


def commune_input_value(html: str, name: str = "commune") -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, html
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# --- Places search --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["48100", "48120", "48210", "48500"])
def test_places_search_offers_every_commune_of_a_postal_code(client, territory, code):
    from django.conf import settings

    from solozere.territory.postal import communes_by_postal_code, read_communes_csv

    expected = communes_by_postal_code(read_communes_csv(settings.TERRITORY_DATA_DIR / "communes.csv"))[code]
    response = client.get(PLACES, {"commune": code})
    offered = {c.current.insee_code for c in response.context["commune_choices"]}
    assert expected <= offered


def test_picking_a_commune_of_a_postal_code_shows_its_name_in_the_field(client, territory):
    html = plain(client.get(PLACES, {"commune": "48500"}))
    choices = html.split('id="commune-choices"')[1].split("</ul>")[0]
    link = next(
        href for href, label in re.findall(r'<a href="(\?[^"]+)"[^>]*>([^<]+)</a>', choices) if "Massegros" in label
    )
    # A plain link: the whole page reloads, with the commune in the search field.
    assert "data-hx-get" not in choices
    picked = client.get(PLACES + link.replace("&amp;", "&"))
    assert picked.context["result"].filtered_by_distance
    assert "Massegros Causses Gorges" in commune_input_value(plain(picked))


def test_places_search_reads_an_old_insee_code_as_its_commune_and_says_so(client, territory):
    response = client.get(PLACES, {"commune": "48052"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.filtered_by_distance
    assert result.origin.commune.name == "Altier"
    assert response.context["commune_choices"] == []
    assert "48052 : code INSEE d'une ancienne commune, aujourd'hui Altier." in plain(response)


# --- Aid simulator --------------------------------------------------------------------------------------------------


def test_the_simulator_reads_an_old_insee_code_as_its_commune_not_as_a_postal_code(client, telework_scheme):  # noqa: F811
    html = plain(client.get(SIMULATOR, {"commune": "48052", "new_setup": "yes"}))
    assert "Un code postal ne suffit pas" not in html
    assert "Précisez la commune où habite le salarié" not in html
    assert "48052 : code INSEE d'une ancienne commune, aujourd'hui Altier." in html
    assert "Le salarié habite Altier" in html


def test_the_simulator_names_the_old_commune_of_a_commune_deleguee_code(client, telework_scheme):  # noqa: F811
    html = plain(client.get(SIMULATOR, {"commune": "48076", "new_setup": "yes"}))
    assert "48076 : ancienne commune de Javols, aujourd'hui Peyre en Aubrac." in html
    assert "Éligible" in html


def test_the_simulator_offers_every_commune_of_a_postal_code(client, telework_scheme):  # noqa: F811
    html = plain(client.get(SIMULATOR, {"commune": "48500"}))
    assert "Précisez la commune où habite le salarié" in html
    assert 'value="actuelle:48094"' in html  # Massegros Causses Gorges, whose first code is 48210


def test_after_picking_a_commune_the_simulator_field_shows_its_name(client, telework_scheme):  # noqa: F811
    html = plain(client.get(SIMULATOR, {"commune": "48700", "commune_choice": "actuelle:48063", "new_setup": "yes"}))
    assert "Le salarié habite Fontans, dans la zone" in html
    assert commune_input_value(html) == "Fontans"


def test_the_simulators_choice_form_reloads_the_page_so_that_the_field_follows(client, telework_scheme):  # noqa: F811
    response = client.get(SIMULATOR, {"commune": "48700", "partial": "simulation"}, headers={"HX-Request": "true"})
    html = plain(response)
    choice_form = html.split("Choisissez la commune dans la liste")[1].split("</form>")[0]
    assert "data-hx-get" not in choice_form
