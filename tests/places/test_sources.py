"""The "Sources" text of a place page is a function of the place as it is now (no database: unsaved places)."""

import pytest

from solozere.places.content import DEMO_SOURCE_NOTE
from solozere.places.models import Access, NetworkStatus, Place, Wifi
from solozere.places.sources import missing_topics, place_sources

IMPORTED_NOTE = (
    "Sources : articles de presse et pages institutionnelles (2012-2024). Statut d'après ces sources : « x »."
)


def imported(**fields) -> Place:  # type: ignore[no-untyped-def]
    return Place(**{"name": "Télécentre", "status": NetworkStatus.OPEN, "source_note": IMPORTED_NOTE, **fields})


def test_an_imported_place_says_where_its_facts_come_from_and_what_is_missing():
    sentences = place_sources(imported(location_is_approximate=True))

    assert sentences[0] == IMPORTED_NOTE
    assert (
        "n'a pas le label de la charte SoLozère : l'équipe du réseau n'a pas vérifié ces informations."
        in (sentences[1])
    )
    assert "Position sur la carte : la mairie de la commune (approximative)." in sentences
    assert sentences[-1] == (
        "Non renseignés : adresse, accès, Wi-Fi, services, débit de la connexion, horaires, capacité, tarifs, contact."
    )


def test_filled_hours_are_never_said_missing():
    place = imported(opening_hours="Mo-Fr 09:00-12:00,14:00-18:00; PH off")

    assert "horaires" not in missing_topics(place)
    assert not any("horaires" in sentence for sentence in place_sources(place))


def test_unreadable_hours_are_said_unreadable_not_missing():
    sentences = place_sources(imported(opening_hours="le matin"))

    assert "Les horaires sont donnés sous une forme que le site ne sait pas lire." in sentences
    assert "horaires" not in sentences[-1]


@pytest.mark.parametrize(
    ("status", "says", "never"),
    [
        (NetworkStatus.MEMBER, "a le label de la charte SoLozère", ("n'a pas le label", "pas vérifié")),
        (NetworkStatus.SUSPENDED, "est suspendu", ("n'a pas le label",)),
        (NetworkStatus.OPEN, "n'a pas le label", ("a le label de la charte SoLozère :",)),
        (NetworkStatus.PLANNED, "n'a pas le label", ("examiné",)),
    ],
)
def test_the_label_sentence_follows_the_status(status, says, never):
    text = " ".join(place_sources(imported(status=status)))

    assert says in text
    for words in never:
        assert words not in text


def test_one_missing_topic_is_singular_and_a_complete_place_says_so():
    place = imported(
        address="1 rue Basse",
        access=Access.OPEN,
        wifi=Wifi.FREE,
        printing=True,
        download_mbps=100,
        opening_hours="Mo 09:00-12:00",
        desks=4,
        prices="Gratuit",
    )
    assert place_sources(place)[-1] == "Non renseigné : contact."

    place.phone = "04 66 00 00 00"
    assert place_sources(place)[-1] == "Toutes les rubriques de la fiche sont renseignées."


def test_a_place_without_a_stored_origin_says_so():
    assert place_sources(imported(source_note=""))[0] == "L'origine des informations n'est pas précisée."


def test_a_demo_place_only_says_it_is_fictional():
    place = Place(name="Démo", is_demo=True, status=NetworkStatus.OPEN, source_note=DEMO_SOURCE_NOTE)

    assert place_sources(place) == [DEMO_SOURCE_NOTE]
