"""Every registration page for every role, the happy paths through HTTP, bad input (a French message and what was
typed kept, never a 500) and the query counts of the lists."""

import csv
import datetime as dt
import html
import io
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from solozere.events.models import QuestionKind, Registration
from solozere.events.services_registration import (
    CONFIRMATION_HOURS,
    registration_cancel,
    registration_register,
    registration_request,
)
from solozere.events.workflow import RegistrationStatus
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventSiteFactory, QuestionFactory, RegistrationFactory, in_days
from tests.events.registration_helpers import calendars, people, sent_to
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def scene():
    """A breakfast organised by a place, held there (2 seats) and online (5 seats), with a choice question; its
    organiser manages the place. One person registered, one visitor still to confirm."""
    organiser = UserFactory(email="organisatrice@example.org", first_name="Odile", last_name="Rouvière")
    place = PlaceFactory(name="Tiers-lieu du Causse")
    place.managers.add(organiser)
    event = EventFactory(organiser_place=place, title="Petit-déjeuner du Causse")
    here = EventSiteFactory(event=event, place=place, capacity=2, position=0)
    online = EventSiteFactory(event=event, online=True, capacity=5, position=1)
    question = QuestionFactory(
        event=event, label="Votre boisson", kind=QuestionKind.CHOICE, choices="Café\nThé", required=True
    )
    registered = registration_register(
        actor=UserFactory(email="inscrite@example.org"), site=here, answers={str(question.pk): "Thé"}
    )
    pending = registration_request(site=here, name="Visiteur", email="visiteur.attente@example.org").registration
    return SimpleNamespace(
        organiser=organiser,
        place=place,
        event=event,
        here=here,
        online=online,
        question=question,
        registered=registered,
        pending=pending,
    )


def _organiser_urls(scene):
    slug = scene.event.slug
    return [
        reverse("events:registrations", args=[slug]),
        reverse("events:registrations_csv", args=[slug]),
        reverse("events:registration_detail", args=[slug, scene.registered.pk]),
        reverse("events:attendance", args=[slug]) + f"?site={scene.here.pk}",
    ]


def _organiser_posts(scene):
    slug = scene.event.slug
    return [
        reverse("events:registration_cancel", args=[slug, scene.registered.pk]),
        reverse("events:attendance_mark", args=[slug, scene.registered.pk]),
    ]


def _public_urls(scene):
    return [
        reverse("events:detail", args=[scene.event.slug]),
        reverse("events:register", args=[scene.event.slug]),
        reverse("events:registration_private", args=[scene.registered.token]),
        reverse("events:registration_confirm", args=[scene.pending.token]),
    ]


# --- Permissions: every role and every page -------------------------------------------------------------------------


def test_a_visitor_sees_the_public_pages_and_is_sent_to_log_in_for_the_others(client, scene):
    for url in _public_urls(scene):
        assert client.get(url).status_code == 200, url
    for url in [*_organiser_urls(scene), reverse("events:mine")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/compte/login/" in response["Location"]
    for url in _organiser_posts(scene):
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("who", ["plain_user", "member", "place_manager", "partner_agent"])
def test_people_who_do_not_organise_the_event_get_404_on_its_organiser_pages(client, scene, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in _organiser_urls(scene):
        assert client.get(url).status_code == 404, url
    for url in _organiser_posts(scene):
        assert client.post(url, {"reason": "x", "attended": "1"}).status_code == 404, url
    for url in [*_public_urls(scene), reverse("events:mine")]:
        assert client.get(url).status_code == 200, url
    assert _status(scene.registered) == RegistrationStatus.REGISTERED


@pytest.mark.parametrize("who", ["organiser", "staff_user", "agent"])
def test_the_organiser_the_organising_partner_and_the_staff_see_the_organiser_pages(client, scene, who, request):
    if who == "organiser":
        person = scene.organiser
    elif who == "agent":
        agent = OrganisationAgentFactory()
        scene.event.organisations.add(agent.organisation)
        person = agent.user
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)
    for url in [*_organiser_urls(scene), *_public_urls(scene), reverse("events:mine")]:
        assert client.get(url).status_code == 200, url
    page = _text(client.get(reverse("events:detail", args=[scene.event.slug])))
    assert "Voir les inscrits" in page


def test_a_draft_events_registration_page_is_a_404_for_others(client, plain_user):
    draft = EventSiteFactory(event__draft=True).event
    client.force_login(plain_user)
    assert client.get(reverse("events:register", args=[draft.slug])).status_code == 404
    assert client.post(reverse("events:register", args=[draft.slug]), {"site": "1"}).status_code == 404


def _status(registration):
    registration.refresh_from_db()
    return registration.status


# --- The visitor, without an account ------------------------------------------------------------------------------


def _visitor_post(client, scene, **data):
    payload = {
        "name": "Anne Bès",
        "email": "anne@example.org",
        f"question_{scene.question.pk}": "Café",
        "site": str(scene.here.pk),
        **data,
    }
    return client.post(reverse("events:register", args=[scene.event.slug]), payload)


def test_a_visitor_registers_confirms_their_address_and_reads_their_private_page(client, scene, on_commit):
    page = _text(client.get(reverse("events:detail", args=[scene.event.slug])))
    assert "Votre boisson" in page
    assert "1 place libre sur 2" in page
    assert "vos données sont effacées 180 jours après l'événement" in page
    assert scene.online.online_url not in page  # the link goes to registrants only
    with on_commit(execute=True):
        response = _visitor_post(client, scene)
    assert response.status_code == 302
    assert "Un e-mail vient de partir vers anne@example.org" in _text(client.get(response["Location"]))
    pending = Registration.objects.get(email="anne@example.org")
    assert pending.status == RegistrationStatus.PENDING
    (message,) = sent_to("anne@example.org", subject="Confirmez")
    confirm = reverse("events:registration_confirm", args=[pending.token])
    assert confirm in message.body
    assert "Confirmer mon inscription" in _text(client.get(confirm))
    assert _status(pending) == RegistrationStatus.PENDING  # a GET (a mail scanner) takes no seat
    with on_commit(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302
    private = _text(client.get(response["Location"]))
    assert "Vous êtes inscrit ou inscrite : Tiers-lieu du Causse, place n° 2" in private
    assert "Café" in private
    (confirmed,) = sent_to("anne@example.org", subject="Inscription confirmée")
    assert calendars(confirmed)[0]["METHOD"] == "REQUEST"


def test_an_online_site_gives_its_link_to_the_registered_only(client, scene, on_commit):
    with on_commit(execute=True):
        _visitor_post(client, scene, site=str(scene.online.pk))
    pending = Registration.objects.get(email="anne@example.org")
    private_url = reverse("events:registration_private", args=[pending.token])
    assert scene.online.online_url not in _text(client.get(private_url))
    with on_commit(execute=True):
        client.post(reverse("events:registration_confirm", args=[pending.token]))
    assert scene.online.online_url in _text(client.get(private_url))
    (confirmed,) = sent_to("anne@example.org", subject="Inscription confirmée")
    assert scene.online.online_url in confirmed.body
    assert scene.online.online_url not in _text(client.get(reverse("events:detail", args=[scene.event.slug])))


def test_an_expired_or_unknown_link_gets_a_french_page(client, scene):
    Registration.objects.filter(pk=scene.pending.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=CONFIRMATION_HOURS + 1)
    )
    confirm = reverse("events:registration_confirm", args=[scene.pending.token])
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 410
        assert "Ce lien a expiré" in _text(response)
    assert _status(scene.pending) == RegistrationStatus.PENDING
    unknown = "x" * 43
    for name in ("registration_private", "registration_confirm"):
        response = client.get(reverse(f"events:{name}", args=[unknown]))
        assert response.status_code == 404
        assert "Ce lien ne mène à aucune inscription" in _text(response)
    for name in ("registration_private_cancel", "registration_private_accept"):
        assert client.post(reverse(f"events:{name}", args=[unknown])).status_code == 404


def test_a_robot_filling_the_hidden_field_is_told_the_same_and_nothing_is_kept(client, scene):
    response = _visitor_post(client, scene, website="http://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.filter(email="anne@example.org").exists()
    assert sent_to("anne@example.org") == []


def test_the_visitor_form_is_rate_limited_with_what_was_typed_kept(client, scene, rate_limits):
    rate_limits(event_registration="1/h/ip")
    assert _visitor_post(client, scene).status_code == 302
    response = _visitor_post(client, scene, email="autre@example.org", name="Bertrand Autre")
    assert response.status_code == 429
    page = _text(response)
    assert "Vous avez fait trop de demandes" in page
    assert "Bertrand Autre" in page


# --- Bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"site": "999999"}, "Choisissez l'un des sites de l'événement"),
        ({"site": "abc"}, "Choisissez l'un des sites de l'événement"),
        ({"site": ""}, "Choisissez l'un des sites de l'événement"),
        ({"question": "Chocolat"}, "Choix inconnu : « Chocolat »"),
        ({"question": ""}, "Répondez à cette question."),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas valide."),
        ({"name": ""}, "Indiquez votre nom"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(client, scene, data, message):
    if "question" in data:
        data = {f"question_{scene.question.pk}": data.pop("question"), **data}
    response = _visitor_post(client, scene, **data)
    assert response.status_code == 400
    page = _text(response)
    assert message in page
    if data.get("email", "anne@example.org") == "anne@example.org":
        assert 'value="anne@example.org"' in page
    assert not Registration.objects.filter(email="anne@example.org").exists()


def test_a_site_of_another_event_is_refused(client, scene, plain_user):
    other = EventSiteFactory(capacity=3)
    client.force_login(plain_user)
    response = client.post(
        reverse("events:register", args=[scene.event.slug]),
        {"site": str(other.pk), f"question_{scene.question.pk}": "Thé"},
    )
    assert response.status_code == 400
    assert "Choisissez l'un des sites" in _text(response)
    assert not Registration.objects.filter(user=plain_user).exists()


def test_a_hundred_thousand_character_answer_is_refused_and_kept(client, plain_user):
    event = EventFactory()
    where = EventSiteFactory(event=event)
    question = QuestionFactory(event=event, label="Une remarque ?", kind=QuestionKind.TEXT)
    client.force_login(plain_user)
    answer = "é" * 100_000
    response = client.post(
        reverse("events:register", args=[event.slug]), {"site": str(where.pk), f"question_{question.pk}": answer}
    )
    assert response.status_code == 400
    page = _text(response)
    assert "Répondez en 1000 caractères au plus (vous en avez écrit 100000)" in page
    assert answer in page
    assert not Registration.objects.exists()


def test_a_yes_no_question_takes_yes_or_no_only(client, plain_user):
    event = EventFactory()
    where = EventSiteFactory(event=event)
    question = QuestionFactory(event=event, label="Venez-vous en covoiturage ?", kind=QuestionKind.YES_NO)
    client.force_login(plain_user)
    url = reverse("events:register", args=[event.slug])
    assert client.post(url, {"site": str(where.pk), f"question_{question.pk}": "peut-être"}).status_code == 400
    assert client.post(url, {"site": str(where.pk), f"question_{question.pk}": "oui"}).status_code == 302
    assert Registration.objects.get(user=plain_user).answers == {str(question.pk): "oui"}


@pytest.mark.parametrize("kind", ["cancelled", "past"])
def test_registering_for_a_cancelled_or_past_event_gets_a_french_message(client, plain_user, kind):
    event = EventFactory(**{kind: True})
    where = EventSiteFactory(event=event)
    client.force_login(plain_user)
    url = reverse("events:register", args=[event.slug])
    response = client.post(url, {"site": str(where.pk)})
    assert response.status_code == 400
    expected = "est annulé" if kind == "cancelled" else "les inscriptions sont closes"
    assert expected in _text(response)
    assert expected in _text(client.get(url))
    assert not Registration.objects.exists()


def test_registering_twice_through_the_page_says_so(client, scene):
    client.force_login(scene.registered.user)
    response = client.post(
        reverse("events:register", args=[scene.event.slug]),
        {"site": str(scene.online.pk), f"question_{scene.question.pk}": "Café"},
    )
    assert response.status_code == 400
    assert "Vous êtes déjà inscrit ou inscrite à cet événement" in _text(response)


# --- The member in one click, and the waiting list -----------------------------------------------------------------


def test_a_member_registers_in_one_click_for_one_site_of_a_multi_site_event(client, member, on_commit):
    event = EventFactory(title="Petit-déjeuner dans trois Comptoirs")
    sites = [EventSiteFactory(event=event, capacity=4, position=n) for n in range(3)]
    client.force_login(member)
    page = _text(client.get(reverse("events:detail", args=[event.slug])))
    for where in sites:
        assert f"S'inscrire — {where.name}" in page
    with on_commit(execute=True):
        response = client.post(reverse("events:register", args=[event.slug]), {"site": str(sites[1].pk)})
    assert response.status_code == 302
    registration = Registration.objects.get(user=member)
    assert registration.site == sites[1]
    assert registration.status == RegistrationStatus.REGISTERED
    page = _text(client.get(reverse("events:detail", args=[event.slug])))
    assert f"Vous êtes inscrit ou inscrite ({sites[1].name})" in page
    assert sent_to(member.email, subject="Inscription confirmée")


def test_a_full_site_offers_the_waiting_list_and_the_offer_is_taken_from_the_private_page(client, on_commit):
    where = EventSiteFactory(capacity=1)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=where)
    client.force_login(waiter)
    assert "Rejoindre la liste d'attente" in _text(client.get(reverse("events:detail", args=[where.event.slug])))
    response = client.post(reverse("events:register", args=[where.event.slug]), {"site": str(where.pk)}, follow=True)
    assert "vous êtes sur la liste d'attente (n° 1)" in _text(response)
    waiting = Registration.objects.get(user=waiter)
    registration_cancel(registration=held, actor=holder)
    private = reverse("events:registration_private", args=[waiting.token])
    assert "Prendre cette place" in _text(client.get(private))
    with on_commit(execute=True):
        response = client.post(reverse("events:registration_private_accept", args=[waiting.token]), follow=True)
    assert "Vous êtes inscrit ou inscrite" in _text(response)
    assert _status(waiting) == RegistrationStatus.REGISTERED


def test_an_expired_offer_link_says_so_in_french_and_hands_the_seat_on(client):
    where = EventSiteFactory(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    one = registration_register(actor=first, site=where)
    two = registration_register(actor=second, site=where)
    registration_cancel(registration=held, actor=holder)
    Registration.objects.filter(pk=one.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(reverse("events:registration_private_accept", args=[one.token]), follow=True)
    page = _text(response)
    assert "Cette proposition a expiré : la place est passée à la personne suivante" in page
    assert "Proposition expirée" in page
    assert _status(one) == RegistrationStatus.LAPSED
    assert _status(two) == RegistrationStatus.OFFERED


def test_the_registrant_cancels_from_the_private_link(client, scene, on_commit):
    with on_commit(execute=True):
        response = client.post(
            reverse("events:registration_private_cancel", args=[scene.registered.token]), follow=True
        )
    assert "Votre inscription est annulée" in _text(response)
    assert _status(scene.registered) == RegistrationStatus.CANCELLED
    again = client.post(reverse("events:registration_private_cancel", args=[scene.registered.token]), follow=True)
    assert "n'est plus en cours" in _text(again)


def test_mine_lists_the_persons_registrations_with_their_private_feed(client, scene):
    person = scene.registered.user
    client.force_login(person)
    page = _text(client.get(reverse("events:mine")))
    assert "Petit-déjeuner du Causse" in page
    assert reverse("events:registration_private", args=[scene.registered.token]) in page
    assert "Vos inscriptions dans votre agenda" in page
    profile = _text(client.get(reverse("accounts:profile")))
    assert reverse("events:mine") in profile
    assert "1 inscription à venir" in profile


def test_a_visitors_registration_is_the_accounts_once_its_address_is_confirmed(client, scene):
    """Made without signing in, with the address the account has confirmed: « Mes inscriptions » and the event's
    panel show it, with its private link, as the person's."""
    visit = RegistrationFactory(site=scene.online, email="camille@example.org")
    client.force_login(UserFactory(email="Camille@example.org"))
    private = reverse("events:registration_private", args=[visit.token])
    assert private in _text(client.get(reverse("events:mine")))
    assert private in _text(client.get(scene.event.get_absolute_url()))


def test_an_address_never_confirmed_opens_nobodys_registration(client, scene):
    """Anyone may put someone else's address on an account: until it is confirmed, the visitor's registration made
    with that address (its private link lets one cancel it) stays out of the account's pages."""
    visit = RegistrationFactory(site=scene.online, email="camille@example.org")
    client.force_login(UserFactory(email="camille@example.org", unverified=True))
    private = reverse("events:registration_private", args=[visit.token])
    mine = _text(client.get(reverse("events:mine")))
    assert "Petit-déjeuner du Causse" not in mine and private not in mine
    assert "1 inscription à venir" not in _text(client.get(reverse("accounts:profile")))
    page = _text(client.get(scene.event.get_absolute_url()))
    assert private not in page and "Voir mon inscription" not in page


def test_another_address_confirmed_on_the_account_does_not_lend_its_own(client, scene):
    """The account's address is the one to confirm: another address confirmed on the same account is not enough."""
    visit = RegistrationFactory(site=scene.online, email="camille@example.org")
    person = UserFactory(email="camille@example.org", unverified=True)
    EmailAddress.objects.create(user=person, email="ancienne@example.org", verified=True)
    client.force_login(person)
    assert reverse("events:registration_private", args=[visit.token]) not in _text(client.get(reverse("events:mine")))


# --- The organiser ------------------------------------------------------------------------------------------------


def test_the_list_shows_each_site_with_answers_and_the_waiting_list_in_order(client, scene):
    waiting = []
    registration_register(actor=UserFactory(), site=scene.here, answers={str(scene.question.pk): "Café"})
    for person in people(2):
        waiting.append(registration_register(actor=person, site=scene.here))
    client.force_login(scene.organiser)
    page = _text(client.get(reverse("events:registrations", args=[scene.event.slug])))
    assert "Liste d'attente, dans l'ordre" in page
    assert page.index(waiting[0].name) < page.index(waiting[1].name)
    assert "Votre boisson" in page
    assert "Thé" in page
    assert "Adresse e-mail à confirmer" in page


def test_the_csv_has_one_column_per_question_and_neutralises_formulas(client, scene):
    registration_register(
        actor=UserFactory(first_name="=HYPERLINK(1)", last_name=""),
        site=scene.here,
        answers={str(scene.question.pk): "Café"},
    )
    client.force_login(scene.organiser)
    response = client.get(reverse("events:registrations_csv", args=[scene.event.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Votre boisson"
    names = [row[4] for row in rows[1:]]
    assert "'=HYPERLINK(1)" in names
    assert {row[-1] for row in rows[1:]} >= {"Thé", "Café"}


def test_the_organiser_cancels_with_a_reason_or_is_told_to_give_one(client, scene, on_commit):
    client.force_login(scene.organiser)
    url = reverse("events:registration_cancel", args=[scene.event.slug, scene.registered.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif" in _text(response)
    with on_commit(execute=True):
        response = client.post(url, {"reason": "Le Comptoir ferme ce jour-là pour travaux."})
    assert response.status_code == 302
    assert _status(scene.registered) == RegistrationStatus.CANCELLED
    (message,) = sent_to("inscrite@example.org", subject="annulée par l'organisateur")
    assert "Le Comptoir ferme ce jour-là pour travaux." in message.body


def test_the_attendance_sheet_marks_with_and_without_htmx(client, scene):
    Registration.objects.filter(pk=scene.registered.pk).update()
    scene.event.starts_at = timezone.now() - dt.timedelta(minutes=30)
    scene.event.ends_at = timezone.now() + dt.timedelta(hours=1)
    scene.event.save()
    client.force_login(scene.organiser)
    sheet = reverse("events:attendance", args=[scene.event.slug]) + f"?site={scene.here.pk}"
    page = _text(client.get(sheet))
    assert "Non pointé" in page
    mark = reverse("events:attendance_mark", args=[scene.event.slug, scene.registered.pk])
    response = client.post(mark, {"attended": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?site={scene.here.pk}#inscrit-{scene.registered.pk}")
    scene.registered.refresh_from_db()
    assert scene.registered.attended is True
    assert scene.registered.attendance_marked_at is not None
    fragment = client.post(mark, {"attended": "0"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert _text(fragment).lstrip().startswith("<li")
    assert "Absent" in _text(fragment)
    scene.registered.refresh_from_db()
    assert scene.registered.attended is False
    bad = client.post(mark, {"attended": "peut-être"}, follow=True)
    assert "Dites si la personne est venue" in _text(bad)


def test_the_attendance_sheet_waits_for_the_day_and_refuses_an_unknown_site(client, scene):
    client.force_login(scene.organiser)
    sheet = reverse("events:attendance", args=[scene.event.slug])
    response = client.get(sheet + "?site=999999")
    assert response.status_code == 400
    assert "Ce site n'est pas un site de l'événement" in _text(response)
    page = _text(client.get(sheet + f"?site={scene.here.pk}"))
    assert "La feuille se remplit à partir du jour de l'événement" in page
    response = client.post(
        reverse("events:attendance_mark", args=[scene.event.slug, scene.registered.pk]), {"attended": "1"}, follow=True
    )
    assert "La feuille de présence se remplit à partir du jour de l'événement" in _text(response)


# --- Query counts ---------------------------------------------------------------------------------------------------


def _crowd(scene, count):
    for person in people(count):
        registration_register(actor=person, site=scene.online, answers={str(scene.question.pk): "Café"})


@pytest.mark.parametrize(
    "url_of",
    [
        lambda s: reverse("events:registrations", args=[s.event.slug]),
        lambda s: reverse("events:registrations_csv", args=[s.event.slug]),
        lambda s: reverse("events:attendance", args=[s.event.slug]) + f"?site={s.online.pk}",
        lambda s: reverse("events:detail", args=[s.event.slug]),
    ],
)
def test_the_organiser_pages_cost_the_same_with_more_registrations(
    client, scene, url_of, django_assert_max_num_queries
):
    client.force_login(scene.organiser)
    url = url_of(scene)
    _crowd(scene, 2)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    _crowd(scene, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_mine_costs_the_same_with_more_registrations(client, django_assert_max_num_queries):
    person = UserFactory()
    for _n in range(2):
        registration_register(actor=person, site=EventSiteFactory())
    client.force_login(person)
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("events:mine")).status_code == 200
    for _n in range(4):
        registration_register(actor=person, site=EventSiteFactory(event__starts_at=in_days(20)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("events:mine")).status_code == 200
    assert mail.outbox == []  # on_commit not run: nothing leaves
