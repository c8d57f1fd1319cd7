"""GET /api/v1/aid-schemes and POST /api/v1/aid-schemes/{id}/simulate."""

import json
from decimal import Decimal

import pytest

from solozere.aids.workflow import Status
from tests.aids.factories import AidApplicationFactory
from tests.aids.test_zone import COMMUNES, _expected

pytestmark = pytest.mark.django_db


def simulate(client, scheme_id, payload):
    return client.post(
        f"/api/v1/aid-schemes/{scheme_id}/simulate", data=json.dumps(payload), content_type="application/json"
    )


def test_the_schemes_are_listed_with_their_id(client, telework_scheme):
    response = client.get("/api/v1/aid-schemes")
    assert response.status_code == 200
    [scheme] = response.json()
    assert scheme["id"] == telework_scheme.pk
    assert scheme["ceiling"] == 3000
    assert scheme["state"] == "open"
    assert scheme["legal_basis"] == "Convention de revitalisation du bassin du Malzieu-Ville"
    assert {c["code"] for c in scheme["categories"]} == {"equipment", "connection", "consulting", "home_office"}
    assert scheme["envelope"] == {
        "total": 30000.0,
        "committed": 0.0,
        "paid": 0.0,
        "remaining": 30000.0,
        "to_confirm": False,
    }
    assert "Javols" in {c["name"] for c in scheme["zone"]["communes"]}
    assert scheme["url"].endswith(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/")


def test_the_list_costs_the_same_whatever_the_number_of_schemes(client, telework_scheme, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/api/v1/aid-schemes")


def test_the_operations_are_documented_in_the_openapi_file(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/aid-schemes"]
    operation = paths["/api/v1/aid-schemes/{id}/simulate"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "404"}


def test_an_eligible_simulation(client, telework_scheme):
    response = simulate(
        client,
        telework_scheme.pk,
        {"commune": "48076", "company_departement": "75", "expenses": [{"category": "equipment", "amount": 1200}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True
    assert body["max_amount"] == 1200
    assert body["commune"] == {
        "insee_code": "48076",
        "name": "Javols",
        "kind": "deleguee",
        "current_commune": "Peyre en Aubrac",
    }
    statuses = {r["rule"]: r["status"] for r in body["reasons"]}
    assert statuses == {
        "scheme_open": "passed",
        "residence": "passed",
        "company": "passed",
        "new_setup": "unknown",
        "expenses": "passed",
    }
    assert body["complete"] is False and body["verdict"] == "incomplete"


def test_without_expenses_the_maximum_is_the_ceiling(client, telework_scheme):
    body = simulate(client, telework_scheme.pk, {"commune": "Le Malzieu-Ville", "new_setup": True}).json()
    assert body["eligible"] is True and body["max_amount"] == 3000


def test_an_ineligible_simulation_gives_the_reason(client, telework_scheme):
    body = simulate(client, telework_scheme.pk, {"commune": "48095", "company_departement": "48"}).json()
    assert body["eligible"] is False
    assert body["max_amount"] == 0
    [failed] = [r for r in body["reasons"] if r["status"] == "failed"]
    assert failed["rule"] == "residence" and "Mende" in failed["message"]


def test_every_row_of_communes_csv_by_code_and_by_name(client, telework_scheme):
    wrong = []
    for row in COMMUNES:
        for value in (row["code_insee"], row["nom"]):
            response = simulate(client, telework_scheme.pk, {"commune": value})
            if response.status_code != 200 or response.json()["eligible"] != _expected(row):
                wrong.append((row["type"], row["code_insee"], row["nom"], value, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("commune", ["48200", "48700"])
def test_a_postal_code_is_not_an_insee_code(client, telework_scheme, commune):
    response = simulate(client, telework_scheme.pk, {"commune": commune})
    assert response.status_code == 400
    body = response.json()
    assert "n'est pas un code INSEE mais un code postal" in body["message"]
    assert len(body["choices"]) > 1  # the communes it serves, to choose from: never a guess


def test_an_ambiguous_commune_is_a_400_with_the_choices(client, telework_scheme):
    response = simulate(client, telework_scheme.pk, {"commune": "Saint-"})
    assert response.status_code == 400
    body = response.json()
    assert "plusieurs communes" in body["message"]
    assert len(body["choices"]) > 1


def test_an_unknown_commune_is_a_400(client, telework_scheme):
    response = simulate(client, telework_scheme.pk, {"commune": "Paris"})
    assert response.status_code == 400
    assert response.json()["message"] == "Aucune commune de Lozère ne correspond à « Paris »."


@pytest.mark.parametrize(
    ("expenses", "message"),
    [
        ([{"category": "yacht", "amount": 100}], "Catégorie de dépense inconnue : « yacht »"),
        ([{"category": "equipment", "amount": -100}], "supérieur à zéro"),
        ([{"category": "equipment", "amount": 0}], "supérieur à zéro"),
        ([{"category": "equipment", "amount": 1e12}], "vérifiez la saisie"),
    ],
)
def test_bad_expenses_are_a_400_with_a_message(client, telework_scheme, expenses, message):
    response = simulate(client, telework_scheme.pk, {"commune": "48076", "expenses": expenses})
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_bad_departement_is_a_400(client, telework_scheme):
    response = simulate(client, telework_scheme.pk, {"commune": "48076", "company_departement": "Atlantide"})
    assert response.status_code == 400
    assert "département" in response.json()["message"]


def test_malformed_json_is_refused_without_a_500(client, telework_scheme):
    response = simulate(
        client, telework_scheme.pk, {"commune": "48076", "expenses": [{"category": "equipment", "amount": "beaucoup"}]}
    )
    assert response.status_code in (400, 422)
    response = client.post(
        f"/api/v1/aid-schemes/{telework_scheme.pk}/simulate", data="{", content_type="application/json"
    )
    assert response.status_code in (400, 422)


def test_an_unknown_scheme_is_a_404(client, telework_scheme):
    response = simulate(client, 999999, {"commune": "48076"})
    assert response.status_code == 404
    assert response.json()["message"]


def test_an_exhausted_envelope_makes_the_simulation_say_so(client, telework_scheme):
    telework_scheme.budget_envelope = Decimal("3000")
    telework_scheme.save()
    AidApplicationFactory(scheme=telework_scheme, status=Status.ACCEPTED, granted_amount=Decimal("3000"))
    body = simulate(client, telework_scheme.pk, {"commune": "48076"}).json()
    assert body["eligible"] is False
    assert "Enveloppe épuisée" in body["reasons"][0]["message"]
    assert client.get("/api/v1/aid-schemes").json()[0]["state"] == "exhausted"
