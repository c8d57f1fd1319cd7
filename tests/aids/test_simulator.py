"""The public scheme page and its simulator."""

from decimal import Decimal

import pytest

from solozere.aids.models import AidScheme
from solozere.aids.workflow import Status
from tests.aids.factories import AidApplicationFactory, AidSchemeFactory

pytestmark = pytest.mark.django_db


def plain(response):
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


def test_the_aid_page_presents_the_scheme_and_its_simulator(client, telework_scheme):
    response = client.get("/aide-teletravail/")
    assert response.status_code == 200
    html = plain(response)
    assert "Aide à l'installation d'un télétravailleur" in html
    assert "jusqu'à 3 000 € par salarié" in html
    assert "Convention de revitalisation du bassin du Malzieu-Ville" in html
    assert "Simuler l'aide" in html
    assert "Javols" in html  # the zone's communes, old names included


def test_the_nav_link_points_to_the_aid_page(client, telework_scheme):
    html = plain(client.get("/"))
    assert 'href="/aide-teletravail/"' in html


def test_what_is_not_known_is_said_on_the_page(client, territory):
    from solozere.aids.services import aid_schemes_load

    aid_schemes_load()
    html = plain(client.get("/aide-teletravail/"))
    assert "à fixer par l'équipe" in html
    assert "Ce qui reste à confirmer" in html


def test_an_employee_of_javols_is_eligible_and_gets_the_maximum(client, telework_scheme):
    response = client.get(
        "/aide-teletravail/",
        {
            "commune": "Javols",
            "company_departement": "75",
            "new_setup": "yes",
            "amount_equipment": "1 200",
            "amount_home_office": "900,50",
        },
    )
    html = plain(response)
    assert "Éligible" in html and "Non éligible" not in html
    assert "Montant maximal de l'aide : <strong>2 100,50 €</strong>" in html
    assert "Le salarié habite Javols (Peyre en Aubrac), dans la zone" in html
    assert "Déposer une demande avec ces réponses" in html
    # The answers carry over into the application, in a signed link (test_answers_link.py).
    assert f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/?reponses=" in html
    assert "amount_equipment" not in html.split("Déposer une demande avec ces réponses")[0].rsplit("<a ", 1)[1]


def test_an_employee_of_mende_is_not_eligible_and_told_why(client, telework_scheme):
    html = plain(client.get("/aide-teletravail/", {"commune": "Mende", "new_setup": "yes"}))
    assert "Non éligible" in html
    assert "Le salarié habite Mende, hors de la zone de l'aide" in html
    assert "Déposer une demande avec ces réponses" not in html


def test_a_postal_code_offers_the_choice_of_communes(client, telework_scheme):
    html = plain(client.get("/aide-teletravail/", {"commune": "48700"}))
    assert "Précisez la commune où habite le salarié" in html
    assert "Fontans" in html and "Serverette" in html
    assert "Éligible" not in html


def test_choosing_the_commune_decides(client, telework_scheme):
    html = plain(
        client.get("/aide-teletravail/", {"commune": "48700", "commune_choice": "actuelle:48063", "new_setup": "yes"})
    )
    assert "Le salarié habite Fontans, dans la zone" in html


def test_the_simulator_answers_htmx_with_the_result_only(client, telework_scheme):
    response = client.get(
        "/aide-teletravail/", {"commune": "Javols", "partial": "simulation"}, headers={"HX-Request": "true"}
    )
    html = plain(response)
    assert "<html" not in html
    assert "Éligible sous réserve" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"commune": "Javols", "amount_equipment": "-50"}, "doit être supérieur à zéro"),
        ({"commune": "Javols", "amount_equipment": "9999999"}, "vérifiez la saisie"),
        ({"commune": "Javols", "amount_equipment": "beaucoup"}, "nombre d'euros"),
        ({"commune": "Javols", "company_departement": "999"}, "n'est pas un numéro de département"),
        ({"commune": "Javols", "company_departement": "Lyon"}, "indiquez plutôt son département, Rhône (69)"),
        ({"commune": "Nulle-Part-sur-Mer"}, "Aucune commune de Lozère ne correspond"),
        ({"commune": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_input_is_explained_and_kept(client, telework_scheme, params, message):
    response = client.get("/aide-teletravail/", params)
    assert response.status_code == 200
    html = plain(response)
    assert message in html
    # The one error summary (components/error_summary.html) counts the errors and says nothing typed is lost.
    assert "Le formulaire contient une erreur" in html
    assert "Rien de ce que vous avez saisi n'est perdu" in html
    for value in params.values():
        if value:
            assert f'value="{value}"' in html


def test_an_exhausted_envelope_is_said_everywhere(client, telework_scheme):
    telework_scheme.budget_envelope = Decimal("2400")
    telework_scheme.save()
    AidApplicationFactory(scheme=telework_scheme, status=Status.ACCEPTED, granted_amount=Decimal("2400"))
    html = plain(client.get("/aide-teletravail/"))
    assert "Enveloppe épuisée" in html
    assert "Dispositif enveloppe épuisée" in html
    assert "Commencer une demande" not in html
    html = plain(client.get("/aide-teletravail/", {"commune": "Javols", "new_setup": "yes"}))
    assert "Non éligible" in html and "Enveloppe épuisée : le budget du dispositif est entièrement engagé" in html


def test_several_schemes_are_listed(client, telework_scheme):
    AidSchemeFactory(title="Autre aide", zone=telework_scheme.zone)
    html = plain(client.get("/aide-teletravail/"))
    assert "Autre aide" in html and "Aide à l'installation d'un télétravailleur" in html
    assert client.get(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/").status_code == 200


def test_a_closed_scheme_says_so(client, telework_scheme):
    telework_scheme.status = AidScheme.Status.CLOSED
    telework_scheme.save()
    html = plain(client.get("/aide-teletravail/"))
    assert "Dispositif fermé" in html


def test_the_rules_page(client, telework_scheme):
    html = plain(client.get(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/reglement/"))
    assert "Article 4" in html and "3 000 €" in html


def test_an_unknown_scheme_is_a_404(client, telework_scheme):
    assert client.get("/aide-teletravail/dispositifs/inconnu/").status_code == 404


def test_the_departement_of_the_company_is_typed_in_full(client, telework_scheme):
    """ "Lyon" was cut to "Lyo" by a maxlength of 3: a département is now given by its name or its number."""
    html = plain(client.get("/aide-teletravail/"))
    assert 'maxlength="3"' not in html
    html = plain(
        client.get("/aide-teletravail/", {"commune": "Javols", "company_departement": "Rhône", "new_setup": "yes"})
    )
    assert "Éligible" in html and "Le formulaire contient" not in html


def test_an_ineligible_simulation_shows_what_else_exists(client, telework_scheme):
    html = plain(client.get("/aide-teletravail/", {"commune": "Mende", "new_setup": "yes"}))
    assert "Non éligible" in html
    assert "Ce qui existe aussi" in html
    assert 'href="/lieux/"' in html and 'href="/accompagnement/"' in html and 'href="/communaute/"' in html


def test_an_eligible_simulation_does_not_send_elsewhere(client, telework_scheme):
    html = plain(client.get("/aide-teletravail/", {"commune": "Javols", "new_setup": "yes"}))
    assert "Ce qui existe aussi" not in html
