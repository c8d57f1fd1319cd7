"""The simulator's answers travel to the application in a signed link, through log-in and sign-up."""

import time
from unittest import mock
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core import signing

from solozere.aids import answers
from solozere.aids.models import AidApplication
from tests.aids.conftest import represent
from tests.aids.test_application import plain

pytestmark = pytest.mark.django_db

SIMULATION = {
    "commune": "Javols",
    "company_departement": "75",
    "new_setup": "yes",
    "amount_equipment": "1 200",
}


def link_of(client, params=SIMULATION):
    html = plain(client.get("/aide-teletravail/", params))
    start = html.index(f"/demande/?{answers.PARAM}=")
    start = html.rindex('href="', 0, start) + 6
    return html[start : html.index('"', start)].replace("&amp;", "&")


def token_of(url):
    return parse_qs(urlsplit(url).query)[answers.PARAM][0]


def test_the_answers_survive_a_round_trip_through_the_signed_token():
    sent = answers.Answers(
        commune="Javols", commune_choice="deleguee:48076", new_setup="yes", amounts={"equipment": "1 200"}
    )
    found, problem = answers.read(answers.sign(sent))
    assert problem is None and found == sent


def test_a_tampered_token_is_refused():
    token = answers.sign(answers.Answers(commune="Javols"))
    payload, _dot, rest = token.partition(":")
    forged = signing.dumps({"commune": "Mende"}, salt="another-salt", compress=True)
    for bad in (token[:-2] + "xx", forged, "nimporte-quoi", f"{payload}x:{rest}", ""):
        found, problem = answers.read(bad)
        assert found is None and problem == answers.LinkProblem.INVALID


def test_an_old_token_has_expired():
    past = time.time() - answers.MAX_AGE - 60
    with mock.patch("time.time", return_value=past):
        token = answers.sign(answers.Answers(commune="Javols"))
    found, problem = answers.read(token)
    assert found is None and problem == answers.LinkProblem.EXPIRED


def test_a_token_carrying_other_types_reads_safely():
    token = signing.dumps({"commune": ["x"], "amounts": "1200", "new_setup": 3}, salt=answers.SALT, compress=True)
    found, problem = answers.read(token)
    assert problem is None and found == answers.Answers()


def test_the_simulator_link_carries_only_a_signed_token(client, telework_scheme):
    url = link_of(client)
    assert url.startswith(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/?reponses=")
    found, problem = answers.read(token_of(url))
    assert problem is None
    assert found.commune == "Javols" and found.commune_choice == "deleguee:48076"
    assert found.new_setup == "yes" and found.amounts == {"equipment": "1 200"}


def test_a_visitor_is_sent_to_log_in_with_the_link_as_next(client, telework_scheme):
    url = link_of(client)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    assert token_of(unquote(urlsplit(response["Location"]).query.removeprefix("next="))) == token_of(url)


def test_signed_in_the_person_lands_on_the_application_prefilled(client, telework_scheme, applicant):
    url = link_of(client)
    represent(applicant)
    client.force_login(applicant)
    html = plain(client.get(url))
    assert "Vos réponses au simulateur sont reprises dans la demande" in html
    assert "Commune du salarié : Javols" in html and "Matériel" in html and "1 200 €" in html
    assert f'name="{answers.PARAM}" value="{token_of(url)}"' in html
    # Step 1 saved: the draft takes up the commune and the new set-up, the expenses step the amounts.
    response = client.post(
        url, {"siret": "73282932000074", "company_name": "Fromagerie", "go": "next", answers.PARAM: token_of(url)}
    )
    assert response.status_code == 302
    application = AidApplication.objects.get()
    assert application.employee_commune.name == "Javols" and application.new_setup is True
    assert token_of(response["Location"]) == token_of(url)
    html = plain(client.get(f"/aide-teletravail/demandes/{application.pk}/modifier/salarie/"))
    assert 'value="Javols"' in html
    html = plain(
        client.get(f"/aide-teletravail/demandes/{application.pk}/modifier/depenses/", {answers.PARAM: token_of(url)})
    )
    assert 'value="1200"' in html


@pytest.mark.parametrize("token", ["abc", "eyJjb21tdW5lIjoiTWVuZGUifQ:1tZ:xxxx", "x" * 5000])
def test_a_bad_link_only_leaves_the_form_empty_with_a_note(client, telework_scheme, applicant, token):
    client.force_login(applicant)
    response = client.get(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/", {answers.PARAM: token})
    assert response.status_code == 200
    html = plain(response)
    assert "Le lien de la simulation n'est pas valide : la demande n'est pas pré-remplie." in html
    assert "Vos réponses au simulateur" not in html


def test_an_expired_link_says_so(client, telework_scheme, applicant):
    with mock.patch("time.time", return_value=time.time() - answers.MAX_AGE - 60):
        token = answers.sign(answers.Answers(commune="Javols"))
    client.force_login(applicant)
    response = client.get(f"/aide-teletravail/dispositifs/{telework_scheme.slug}/demande/", {answers.PARAM: token})
    assert response.status_code == 200
    assert "Le lien de la simulation a expiré" in plain(response)
