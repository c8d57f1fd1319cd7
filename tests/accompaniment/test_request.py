"""The project request form (/accompagnement/) through HTTP: who may see it, the happy paths of a visitor and of a
signed-in person, and every bad input (a French message, everything typed kept, never a 500)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from solozere.accompaniment.models import Assignment, ProjectRequest, RequestLog
from solozere.accompaniment.workflow import RequestStatus
from solozere.territory.models import Commune
from tests.accompaniment.request_helpers import (
    form_data,
    mail_after_each_post,
    partner,
    sent_to,
    text,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accompagnement/"


@pytest.fixture(autouse=True)
def _routing_and_mail(monkeypatch, on_commit):  # type: ignore[no-untyped-def]
    mail_after_each_post(monkeypatch, on_commit)


@pytest.fixture
def partners(territory):  # type: ignore[no-untyped-def]
    """Lozère Développement over the whole département (a place to work, a job for a partner, telework in a
    company), a community of communes around Saint-Alban (moving, a place to work), the MDECS closed since 2018."""
    saint_alban = Commune.objects.get(name="Saint-Alban-sur-Limagnole", kind=Commune.Kind.CURRENT)
    whole = partner(
        "Lozère Développement",
        ["workplace", "partner_employment", "company_telework", "resource_centre"],
        agents=["agent@lozere-developpement.example"],
        contact_email="contact@lozere-developpement.example",
    )
    local = partner(
        "Communauté de communes des Terres d'Apcher",
        ["moving", "workplace"],
        communes=[saint_alban],
        agents=["accueil@terres-apcher.example"],
    )
    closed = partner("MDECS", ["company_telework", "moving"], closed=True, agents=["ancien@mdecs.example"])
    return whole, local, closed


# --- Who may see it -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "plain_user", "member", "partner_agent", "staff_user"])
def test_everyone_sees_the_form_in_french(client: Client, territory, who, request) -> None:  # type: ignore[no-untyped-def]
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Ce qui se passe ensuite" in page
    assert "les structures du Réseau Accueil qui traitent ces sujets dans votre commune" in page.replace(
        "Les s", "les s"
    )
    assert "POLeN, animé par Lozère Développement, qui a repris les missions de la MDECS" in page
    assert "Vos données" in page and "mois après sa fin" in page
    assert 'href="/accompagnement/" aria-current="page"' in page
    assert reverse("accompaniment:request") == URL


def test_a_verified_account_asks_under_its_address_which_cannot_be_changed(client: Client, territory) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(email="moi@example.org"))
    page = text(client.get(URL))
    assert 'value="moi@example.org"' in page and "disabled" in page
    assert "valable 48 heures" not in page


# --- The happy paths ------------------------------------------------------------------------------------------------


def test_a_visitor_s_request_waits_for_their_address_and_then_goes_to_two_organisations(client, partners) -> None:  # type: ignore[no-untyped-def]
    whole, local, _closed = partners
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accompaniment:sent")
    project_request = ProjectRequest.objects.get()
    assert project_request.status == RequestStatus.PENDING
    assert project_request.commune is not None and project_request.commune.name == "Saint-Alban-sur-Limagnole"
    assert not Assignment.objects.exists()
    [confirmation] = sent_to("camille@example.org")
    confirm = reverse("accompaniment:confirm", args=[project_request.token])
    assert confirm in confirmation.body and "48 heures" in confirmation.body
    assert len(mail.outbox) == 1  # nobody else hears of it before the address is confirmed
    assert "Un e-mail vient de partir vers camille@example.org" in text(client.get(response["Location"]))

    assert client.get(confirm).status_code == 200  # a mail scanner opening the link confirms nothing
    assert ProjectRequest.objects.get().status == RequestStatus.PENDING
    response = client.post(confirm)
    assert response["Location"] == reverse("accompaniment:private", args=[project_request.token])
    project_request.refresh_from_db()
    assert project_request.status == RequestStatus.OPEN
    assert project_request.confirmed_at is not None and project_request.routed_at is not None
    assignments = list(project_request.assignments.order_by("-is_lead"))
    assert {a.organisation for a in assignments} == {whole, local}
    assert [a.is_lead for a in assignments] == [True, False]
    assert assignments[0].organisation == local  # the narrower territory leads when both handle two topics
    assert all(a.status == "new" and a.reason for a in assignments)
    assert project_request.unrouted_topics == []
    assert sent_to("agent@lozere-developpement.example") and sent_to("contact@lozere-developpement.example")
    assert sent_to("accueil@terres-apcher.example")
    assert not sent_to("ancien@mdecs.example")
    routed = sent_to("camille@example.org")[-1]
    assert project_request.reference in routed.subject and "chef de file" in routed.body
    page = text(client.get(response["Location"]))
    assert "Lozère Développement" in page and "chef de file" in page


def test_a_verified_account_skips_the_confirmation(client, partners) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="moi@example.org")
    client.force_login(user)
    response = client.post(URL, form_data(email="quelquun.autre@example.org"))
    project_request = ProjectRequest.objects.get()
    assert response["Location"] == reverse("accompaniment:private", args=[project_request.token])
    assert project_request.status == RequestStatus.OPEN
    assert project_request.email == "moi@example.org" and project_request.user == user
    assert project_request.assignments.filter(is_lead=True).count() == 1
    assert list(RequestLog.objects.values_list("from_state", "to_state")) == [("", "open")]
    assert not any("Confirmez" in message.subject for message in mail.outbox)


def test_an_account_whose_address_is_not_confirmed_confirms_like_a_visitor(client, partners) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(email="pas.confirme@example.org", unverified=True))
    response = client.post(URL, form_data(email="pas.confirme@example.org"))
    assert response["Location"] == reverse("accompaniment:sent")
    assert ProjectRequest.objects.get().status == RequestStatus.PENDING


def test_a_robot_filling_the_hidden_field_is_told_the_same_and_nothing_is_kept(client, partners) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not ProjectRequest.objects.exists() and not mail.outbox


def test_an_ambiguous_postal_code_offers_its_communes_then_takes_the_one_chosen(client, partners) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, form_data(commune="48120"))
    assert response.status_code == 400
    page = text(response)
    assert "« 48120 » correspond à plusieurs communes : précisez laquelle." in page
    assert "Saint-Alban-sur-Limagnole" in page and "Lajo" in page
    chosen = response.context["form"].commune_choice_field.choices
    saint_alban = next(value for value, label in chosen if label.startswith("Saint-Alban"))
    response = client.post(URL, form_data(commune="48120", commune_choice=saint_alban))
    assert response.status_code == 302
    project_request = ProjectRequest.objects.get()
    assert project_request.commune is not None and str(project_request.commune.pk) == saint_alban
    assert project_request.commune_typed == "48120"


def test_a_commune_deleguee_is_kept_as_typed_and_routed_by_its_current_commune(client, partners) -> None:  # type: ignore[no-untyped-def]
    client.post(URL, form_data(commune="Javols"))
    project_request = ProjectRequest.objects.get()
    assert project_request.commune is not None
    assert project_request.commune.kind == Commune.Kind.DELEGATED and project_request.commune.name == "Javols"


def test_not_chosen_yet_goes_to_the_organisations_of_the_whole_departement(client, partners) -> None:  # type: ignore[no-untyped-def]
    whole, _local, _closed = partners
    client.force_login(UserFactory(email="moi@example.org"))
    client.post(URL, form_data(commune="", commune_not_chosen="on"))
    project_request = ProjectRequest.objects.get()
    assert project_request.commune is None and project_request.commune_typed == ""
    assert [a.organisation for a in project_request.assignments.all()] == [whole]
    assert project_request.unrouted_topics == ["moving"]


def test_a_hamlet_is_sent_as_typed_once_the_person_says_so(client, partners) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, form_data(commune="Les Bessons du Haut"))
    assert response.status_code == 400
    page = text(response)
    assert "Aucune commune de Lozère ne correspond à « Les Bessons du Haut »." in page
    assert 'value="Les Bessons du Haut"' in page and "hameau" in page
    client.force_login(UserFactory(email="moi@example.org"))
    response = client.post(URL, form_data(commune="Les Bessons du Haut", commune_as_typed="on"))
    assert response.status_code == 302
    project_request = ProjectRequest.objects.get()
    assert project_request.commune is None and project_request.commune_typed == "Les Bessons du Haut"
    assert project_request.status == RequestStatus.OPEN  # the whole département's organisation has it


def test_no_organisation_for_any_topic_leaves_the_request_to_staff(client, partners) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(email="moi@example.org"))
    response = client.post(URL, form_data(topics=["farming"]))
    project_request = ProjectRequest.objects.get()
    assert project_request.status == RequestStatus.UNROUTED
    assert project_request.unrouted_topics == ["farming"] and not project_request.assignments.exists()
    assert project_request.routed_at is None
    assert "l'équipe du réseau l'oriente elle-même" in text(client.get(response["Location"]))
    [told] = sent_to("moi@example.org")
    assert "l'équipe du réseau l'oriente elle-même" in told.body


def test_topics_nobody_covers_are_kept_for_staff_while_the_others_go_out(client, partners) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(email="moi@example.org"))
    response = client.post(URL, form_data(topics=["moving", "farming"]))
    project_request = ProjectRequest.objects.get()
    assert project_request.status == RequestStatus.OPEN
    assert project_request.unrouted_topics == ["farming"]
    assert [a.organisation.name for a in project_request.assignments.all()] == [
        "Communauté de communes des Terres d'Apcher"
    ]
    assert "Personne ne traite encore dans votre commune : S'installer en agriculture" in text(
        client.get(response["Location"])
    )


def test_a_company_without_siret_is_welcome(client, partners) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        URL, form_data(requester_kind="company", company_name="Scierie du Gévaudan", topics=["company_telework"])
    )
    assert response.status_code == 302
    assert ProjectRequest.objects.get().siret == ""


def test_a_siret_with_spaces_is_kept_as_its_digits(client, partners) -> None:  # type: ignore[no-untyped-def]
    client.post(URL, form_data(requester_kind="company", company_name="Scierie", siret="732 829 320 00074"))
    assert ProjectRequest.objects.get().siret == "73282932000074"


# --- Bad input: a French message, everything typed kept, never a 500 ------------------------------------------------

KEPT_BY_FIELD = {
    "name": "Camille Martin",
    "email": "camille@example.org",
    "description": "Nous arrivons de Lyon au printemps",
}
KEPT = list(KEPT_BY_FIELD.values())


def _refused(client: Client, data: dict, message: str, *, kept=KEPT) -> str:  # type: ignore[type-arg, no-untyped-def]
    response = client.post(URL, data)
    assert response.status_code == 400, response.status_code
    page = text(response)
    assert message in page
    assert "Rien de ce que vous avez saisi n'est perdu" in page
    for value in kept:
        assert value in page, value
    assert not ProjectRequest.objects.exists() and not mail.outbox
    return page


def test_no_topic_is_refused(client, partners) -> None:  # type: ignore[no-untyped-def]
    _refused(client, form_data(topics=None), "Choisissez au moins un sujet.")


def test_an_unknown_topic_is_refused(client, partners) -> None:  # type: ignore[no-untyped-def]
    _refused(client, form_data(topics=["moving", "lune"]), "Choix inconnu : « lune »")


def test_a_100000_character_description_is_refused_and_kept(client, partners) -> None:  # type: ignore[no-untyped-def]
    long = "Un très long projet. " * 4762  # 100,002 characters
    page = _refused(
        client, form_data(description=long), "Votre description est trop longue : 4000 caractères au plus", kept=[]
    )
    assert long.strip() in page
    assert "Camille Martin" in page


def test_a_siret_with_a_wrong_key_is_refused(client, partners) -> None:  # type: ignore[no-untyped-def]
    page = _refused(
        client,
        form_data(requester_kind="company", company_name="Scierie du Gévaudan", siret="732 829 320 00075"),
        "Ce SIRET n'est pas valide : vérifiez les 14 chiffres.",
    )
    assert 'value="732 829 320 00075"' in page and "Scierie du Gévaudan" in page


@pytest.mark.parametrize("siret", ["1234", "7328293200007X", "0" * 14, "9" * 41])
def test_a_siret_that_is_not_fourteen_good_digits_is_refused(client, partners, siret) -> None:  # type: ignore[no-untyped-def]
    _refused(
        client, form_data(requester_kind="company", company_name="Scierie", siret=siret), "Ce SIRET n'est pas valide"
    )


def test_an_unknown_commune_is_said_and_kept(client, partners) -> None:  # type: ignore[no-untyped-def]
    page = _refused(client, form_data(commune="Tataouine"), "Aucune commune de Lozère ne correspond à « Tataouine ».")
    assert 'value="Tataouine"' in page


def test_no_commune_and_not_not_chosen_is_asked_for(client, partners) -> None:  # type: ignore[no-untyped-def]
    _refused(
        client, form_data(commune=""), "Indiquez la commune de votre projet, ou cochez « Je n'ai pas encore choisi"
    )


def test_a_choice_outside_the_communes_offered_is_refused(client, partners) -> None:  # type: ignore[no-untyped-def]
    _refused(client, form_data(commune="48120", commune_choice="999999"), "Choisissez l'une des communes proposées.")


def test_a_company_without_a_name_is_asked_for_it(client, partners) -> None:  # type: ignore[no-untyped-def]
    _refused(client, form_data(requester_kind="company"), "Indiquez le nom de l'entreprise.")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"requester_kind": None}, "Dites qui fait la demande."),
        ({"requester_kind": "martien"}, "Choix inconnu : « martien »"),
        ({"consent": None}, "Cochez l'accord de partage"),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas valide."),
        ({"description": "   "}, "Décrivez votre projet en quelques lignes"),
        ({"commune": "S" * 500}, "Écrivez 120 caractères au plus (vous en avez écrit 500)."),
    ],
)
def test_each_missing_or_wrong_field_is_said_in_french(client, partners, overrides, message) -> None:  # type: ignore[no-untyped-def]
    kept = [value for field, value in KEPT_BY_FIELD.items() if field not in overrides]
    _refused(client, form_data(**overrides), message, kept=kept)


def test_a_nul_byte_or_a_list_where_a_text_is_expected_is_not_a_500(client, partners) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL, form_data(commune="Mende\x00", name=["a", "b"]))
    assert response.status_code in (302, 400)


def test_a_stale_form_comes_back_with_everything_typed(partners) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, form_data(siret="732 829 320 00074", company_name="Scierie"))
    assert response.status_code == 403
    page = text(response)
    assert "Ce formulaire était resté ouvert trop longtemps et n'a pas été envoyé." in page
    for value in [*KEPT, "732 829 320 00074", "Scierie", "Saint-Alban-sur-Limagnole"]:
        assert value in page, value
    assert not ProjectRequest.objects.exists()
    # The page carries a fresh token: sending it again goes through.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(URL, {**form_data(), "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert ProjectRequest.objects.count() == 1


def test_another_stale_form_gets_a_french_page(partner_agent) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner_agent)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "Ce formulaire n'a pas été envoyé" in text(response)


def test_too_many_requests_from_one_address_are_refused_with_what_was_typed(client, partners, rate_limits) -> None:  # type: ignore[no-untyped-def]
    rate_limits(accompaniment_request="1/h/ip")
    assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data(name="Dominique Roux"))
    assert response.status_code == 429
    assert "Vous avez fait trop de demandes" in text(response) and "Dominique Roux" in text(response)
    assert ProjectRequest.objects.count() == 1


def test_the_form_page_reads_a_bounded_number_of_queries(client, partners, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(3):
        client.get(URL)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        client.get(URL)
