"""The services of a project request without HTTP: creation, confirmation on a frozen clock, routing into
assignments (exactly one lead, real partner profiles built here), the logs (one row per transition), e-mails."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from solozere.accompaniment.models import Assignment, AssignmentLog, ProjectRequest, RequestLog
from solozere.accompaniment.services import (
    NewRequest,
    RequestError,
    confirm_email,
    recipients_of,
    request_create,
    request_reply,
    request_withdraw,
    route_request,
)
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.core.demo import DEMO_EMAIL_DOMAIN
from solozere.territory.models import Commune
from tests.accompaniment.request_helpers import partner, sent_to
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)  # the night summer time starts in Paris


@pytest.fixture
def saint_alban(territory):  # type: ignore[no-untyped-def]
    return Commune.objects.get(name="Saint-Alban-sur-Limagnole", kind=Commune.Kind.CURRENT)


@pytest.fixture
def partners(saint_alban):  # type: ignore[no-untyped-def]
    whole = partner(
        "Lozère Développement",
        ["workplace", "partner_employment", "company_telework"],
        agents=["agent@ld.example"],
        contact_email="Contact@LD.example",
    )
    local = partner("Terres d'Apcher", ["moving", "workplace"], communes=[saint_alban], agents=["agent@tam.example"])
    closed = partner("MDECS", ["company_telework", "moving"], closed=True, agents=["ancien@mdecs.example"])
    paused = partner("Pays du Gévaudan", ["moving"], receives=False, agents=["pays@example.org"])
    return whole, local, closed, paused


def _new(commune, **overrides) -> NewRequest:  # type: ignore[no-untyped-def]
    values = {
        "requester_kind": "newcomer",
        "name": "  Camille   Martin ",
        "email": "Camille@Example.org",
        "topics": ("moving", "workplace", "partner_employment"),
        "description": "Nous arrivons de Lyon au printemps.",
        "commune": commune,
        "commune_typed": "Saint-Alban",
    }
    values.update(overrides)
    return NewRequest(**values)


def _pending(saint_alban, on_commit, **overrides) -> ProjectRequest:  # type: ignore[no-untyped-def]
    with on_commit(execute=True):
        return request_create(actor=None, data=_new(saint_alban, **overrides), now=NOW)


def test_a_visitor_s_request_is_pending_read_by_nobody_and_its_link_is_mailed(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = _pending(saint_alban, on_commit)
    assert project_request.status == RequestStatus.PENDING
    assert project_request.name == "Camille Martin" and project_request.email == "camille@example.org"
    assert project_request.consented_at == NOW and project_request.confirmed_at is None
    assert project_request.user is None
    assert list(RequestLog.objects.values_list("action", "from_state", "to_state", "actor")) == [
        ("submit", "", "pending", None)
    ]
    assert not Assignment.objects.exists()
    [message] = mail.outbox
    assert message.to == ["camille@example.org"] and project_request.token in message.body


def test_confirming_routes_it_with_exactly_one_lead_and_one_log_row_per_transition(
    saint_alban, partners, on_commit
) -> None:  # type: ignore[no-untyped-def]
    whole, local, _closed, _paused = partners
    project_request = _pending(saint_alban, on_commit)
    mail.outbox.clear()
    with on_commit(execute=True):
        confirmed = confirm_email(project_request.token, now=NOW + dt.timedelta(hours=47))
    assert confirmed.status == RequestStatus.OPEN
    assert confirmed.confirmed_at == NOW + dt.timedelta(hours=47) == confirmed.routed_at
    assignments = list(Assignment.objects.filter(request=confirmed))
    assert {a.organisation for a in assignments} == {whole, local}
    assert sum(a.is_lead for a in assignments) == 1
    assert all(a.status == AssignmentStatus.NEW for a in assignments)
    assert list(RequestLog.objects.filter(request=confirmed).values_list("from_state", "to_state")) == [
        ("", "pending"),
        ("pending", "open"),
    ]
    assert AssignmentLog.objects.filter(assignment__request=confirmed).count() == 2
    assert set(AssignmentLog.objects.values_list("action", "from_state", "to_state")) == {("assign", "", "new")}
    # The person, then one e-mail per address of each organisation (each agent with their own answer link, the
    # organisation's own address without one); nothing to the closed one.
    assert sent_to("camille@example.org")
    [to_whole] = sent_to("agent@ld.example")
    [to_contact] = sent_to("contact@ld.example")
    assert to_whole.to == ["agent@ld.example"] and confirmed.reference in to_whole.subject
    assert "/accompagnement/partenaires/reponse/" in to_whole.body
    assert "/accompagnement/partenaires/reponse/" not in to_contact.body
    assert sent_to("agent@tam.example")
    assert not sent_to("ancien@mdecs.example") and not sent_to("pays@example.org")
    assert len(mail.outbox) == 4


def test_a_link_past_its_time_routes_nothing(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = _pending(saint_alban, on_commit)
    ProjectRequest.objects.filter(pk=project_request.pk).update(created_at=NOW)
    with pytest.raises(RequestError) as refused:
        confirm_email(project_request.token, now=NOW + dt.timedelta(hours=48))
    assert refused.value.code == "expired"
    assert "a expiré (il était valable 48 heures)" in refused.value.message
    project_request.refresh_from_db()
    assert project_request.status == RequestStatus.PENDING and project_request.confirmed_at is None
    assert not Assignment.objects.exists()


def test_an_unknown_token_is_refused(partners) -> None:  # type: ignore[no-untyped-def]
    for token in ("", "A" * 43):
        with pytest.raises(RequestError) as refused:
            confirm_email(token)
        assert refused.value.code == "unknown"


def test_a_confirmed_address_gives_the_request_to_its_only_verified_account(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    account = UserFactory(email="camille@example.org")
    UserFactory(email="autre@example.org")
    project_request = _pending(saint_alban, on_commit)
    assert project_request.user is None  # anyone may type someone else's address
    confirmed = confirm_email(project_request.token, now=NOW)
    assert confirmed.user == account
    assert ProjectRequest.objects.get().user == account


def test_an_unconfirmed_account_with_that_address_gets_nothing(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="camille@example.org", unverified=True)
    confirmed = confirm_email(_pending(saint_alban, on_commit).token, now=NOW)
    assert confirmed.user is None


def test_a_verified_account_is_routed_at_once_under_its_own_address(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="moi@example.org")
    with on_commit(execute=True):
        project_request = request_create(actor=user, data=_new(saint_alban), now=NOW)
    assert project_request.status == RequestStatus.OPEN
    assert project_request.email == "moi@example.org" and project_request.user == user
    assert project_request.confirmed_at == NOW
    assert list(RequestLog.objects.values_list("from_state", "to_state", "actor")) == [("", "open", user.pk)]
    assert Assignment.objects.filter(request=project_request, is_lead=True).count() == 1
    assert not any("Confirmez" in message.subject for message in mail.outbox)


def test_route_request_routes_only_a_confirmed_pending_request(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = _pending(saint_alban, on_commit)
    with pytest.raises(RequestError):
        route_request(project_request)  # not confirmed yet
    ProjectRequest.objects.filter(pk=project_request.pk).update(confirmed_at=NOW)
    result = route_request(project_request, now=NOW)
    assert project_request.status == RequestStatus.OPEN
    assert result.lead is not None
    assert Assignment.objects.filter(request=project_request).count() == len(result.matches) == 2
    with pytest.raises(RequestError):
        route_request(project_request)  # already routed: never twice
    assert Assignment.objects.filter(request=project_request).count() == 2


def test_topics_nobody_covers_are_kept_and_no_topic_covered_leaves_it_to_staff(saint_alban, partners) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="moi@example.org")
    partly = request_create(actor=user, data=_new(saint_alban, topics=("farming", "moving")), now=NOW)
    assert partly.status == RequestStatus.OPEN and partly.unrouted_topics == ["farming"]
    nobody = request_create(actor=user, data=_new(saint_alban, topics=("farming", "tourism")), now=NOW)
    assert nobody.status == RequestStatus.UNROUTED
    assert nobody.unrouted_topics == ["farming", "tourism"] and nobody.routed_at is None
    assert not nobody.assignments.exists()
    assert RequestLog.objects.filter(request=nobody).get().action == "leave_unrouted"


def test_a_commune_deleguee_is_routed_by_its_current_commune(territory) -> None:  # type: ignore[no-untyped-def]
    javols = Commune.objects.get(name="Javols", kind=Commune.Kind.DELEGATED)
    local = partner("Des Hautes Terres", ["moving"], communes=[javols.current])
    project_request = request_create(
        actor=UserFactory(), data=_new(javols, topics=("moving",), commune_typed="Javols"), now=NOW
    )
    assert [a.organisation for a in project_request.assignments.all()] == [local]
    assert project_request.commune == javols


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topics": ()}, "Choisissez au moins un sujet."),
        ({"topics": ("lune",)}, "Sujet inconnu"),
        ({"description": "x" * 4001}, "trop longue"),
        ({"description": "  "}, "Décrivez votre projet"),
        ({"siret": "73282932000075"}, "Ce SIRET n'est pas valide : vérifiez les 14 chiffres."),
        ({"requester_kind": "martien"}, "Dites qui fait la demande."),
        ({"email": " "}, "Indiquez votre nom et votre adresse e-mail."),
    ],
)
def test_the_service_refuses_what_the_form_would_in_french(saint_alban, partners, overrides, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RequestError) as refused:
        request_create(actor=None, data=_new(saint_alban, **overrides))
    assert message in refused.value.message
    assert not ProjectRequest.objects.exists() and not RequestLog.objects.exists()


def test_recipients_are_the_active_agents_and_the_profile_address_each_once(partners) -> None:  # type: ignore[no-untyped-def]
    whole, local, _closed, _paused = partners
    gone = UserFactory(email="parti@ld.example", is_active=False)
    whole.agents.create(user=gone)
    whole.agents.create(user=UserFactory(email="CONTACT@ld.example"))
    found = recipients_of([whole.pk, local.pk])
    assert {key: sorted(addresses) for key, addresses in found.items()} == {
        whole.pk: ["agent@ld.example", "contact@ld.example"],
        local.pk: ["agent@tam.example"],
    }
    assert len(found[whole.pk]) == 2  # each once, whatever its case


def test_a_reply_is_mailed_to_the_organisations_that_still_have_the_request(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = request_create(actor=UserFactory(email="moi@example.org"), data=_new(saint_alban), now=NOW)
    Assignment.objects.filter(request=project_request, is_lead=False).update(status=AssignmentStatus.DECLINED)
    mail.outbox.clear()
    with on_commit(execute=True):
        message = request_reply(project_request=project_request, body="  Une précision.  ")
    assert message.body == "Une précision." and message.author is None
    assert [m.to for m in mail.outbox] == [["agent@tam.example"]]


def test_withdrawing_ends_every_part_once(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = request_create(actor=UserFactory(email="moi@example.org"), data=_new(saint_alban), now=NOW)
    request_withdraw(project_request=project_request, now=NOW)
    assert project_request.status == RequestStatus.WITHDRAWN
    assert set(Assignment.objects.values_list("status", flat=True)) == {AssignmentStatus.WITHDRAWN}
    assert set(Assignment.objects.values_list("ended_at", flat=True)) == {NOW}
    with pytest.raises(RequestError):
        request_withdraw(project_request=project_request)
    assert RequestLog.objects.filter(action="withdraw").count() == 1
    assert AssignmentLog.objects.filter(action="withdraw").count() == 2


def test_the_confirmation_expiry_crosses_the_change_to_summer_time(saint_alban, partners, on_commit) -> None:  # type: ignore[no-untyped-def]
    project_request = _pending(saint_alban, on_commit)
    ProjectRequest.objects.filter(pk=project_request.pk).update(created_at=NOW)
    # 48 real hours, whatever the clocks of Paris did meanwhile (they skipped an hour that night).
    confirmed = confirm_email(project_request.token, now=NOW + dt.timedelta(hours=47, minutes=59))
    assert confirmed.status == RequestStatus.OPEN
    assert timezone.localtime(confirmed.confirmed_at).utcoffset() == dt.timedelta(hours=2)


def test_a_new_request_for_an_organisation_with_nobody_to_receive_it_goes_to_staff(
    saint_alban, on_commit, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    partner("Lozère Développement", ["workplace"], agents=["agent@ld.example"])
    partner("Terres d'Apcher", ["moving"], communes=[saint_alban])  # no agent, no contact address
    with on_commit(execute=True):
        project_request = request_create(
            actor=UserFactory(email="moi@example.org"), data=_new(saint_alban, topics=("moving", "workplace")), now=NOW
        )
    assert project_request.status == RequestStatus.OPEN
    assert len(sent_to("agent@ld.example")) == 1
    [to_staff] = sent_to("accompagnement@solozere.example")
    assert "personne pour la recevoir à Terres d'Apcher" in to_staff.subject
    assert project_request.reference in to_staff.subject
    assert "Terres d'Apcher n'a personne pour recevoir ses demandes" in to_staff.body
    assert f"/equipe/accompagnement/demandes/{project_request.reference}/" in to_staff.body
    assert "/accompagnement/partenaires/" not in to_staff.body
    assert len(mail.outbox) == 3  # the person, the agent, staff


def test_a_message_on_an_unrouted_request_reaches_the_staff_who_route_it(
    saint_alban, partners, on_commit, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    with on_commit(execute=True):
        project_request = request_create(
            actor=UserFactory(email="moi@example.org"), data=_new(saint_alban, topics=("business_takeover",)), now=NOW
        )
    assert project_request.status == RequestStatus.UNROUTED
    mail.outbox.clear()
    with on_commit(execute=True):
        request_reply(project_request=project_request, body="Je précise : une boulangerie.")
    [told] = mail.outbox
    assert told.to == ["accompagnement@solozere.example"]
    assert project_request.reference in told.subject and "à orienter" in told.subject
    assert "Je précise : une boulangerie." in told.body and "moi@example.org" in told.body
    assert f"/equipe/accompagnement/demandes/{project_request.reference}/" in told.body


def test_a_message_for_an_organisation_with_nobody_to_receive_it_goes_to_staff(
    saint_alban, on_commit, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    partner("Terres d'Apcher", ["moving"], communes=[saint_alban])
    project_request = request_create(
        actor=UserFactory(email="moi@example.org"), data=_new(saint_alban, topics=("moving",)), now=NOW
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        request_reply(project_request=project_request, body="Une précision.")
    [told] = mail.outbox
    assert told.to == ["accompagnement@solozere.example"]
    assert "Terres d'Apcher n'a personne pour recevoir ses demandes" in told.body and "Une précision." in told.body


def test_a_demo_request_never_falls_back_to_the_staff_s_real_address(saint_alban, on_commit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    partner("Terres d'Apcher", ["moving"], communes=[saint_alban])  # nobody to receive it
    with on_commit(execute=True):
        project_request = request_create(
            actor=UserFactory(email=f"demo-personne@{DEMO_EMAIL_DOMAIN}"),
            data=_new(saint_alban, topics=("moving",)),
            now=NOW,
        )
        request_reply(project_request=project_request, body="Une précision.")
    assert not sent_to("accompagnement@solozere.example")
