"""The organiser's pages and services: who may, create (one event, a series), edit, publish, cancel, hold."""

import datetime as dt

import pytest
from django.urls import reverse

from solozere.events import services
from solozere.events.models import Event, EventLog, EventSeries
from solozere.events.recurrence import PARIS
from solozere.events.services import (
    EVENT_CANCELLED,
    EventError,
    Organiser,
    SiteData,
    event_cancel,
    event_create,
    event_save,
    event_update,
)
from solozere.events.workflow import EventStatus
from solozere.organisations.selectors import organisations_of_agent
from solozere.places.models import NetworkStatus
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventSiteFactory, in_days
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

DAY = (dt.datetime.now(tz=PARIS).date() + dt.timedelta(days=20)).isoformat()


def _post(place, **overrides):
    data = {
        "title": "Petit-déjeuner du télétravail",
        "kind": "petit_dejeuner",
        "organiser": f"place:{place.pk}",
        "summary": "Un café entre télétravailleurs.",
        "description": "",
        "day": DAY,
        "start_time": "08:30",
        "end_time": "10:00",
        "end_day": "",
        "registration_open": "on",
        "frequency": "",
        "count": "",
        "sites-TOTAL_FORMS": "3",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "1",
        "sites-MAX_NUM_FORMS": "12",
        "sites-0-kind": "place",
        "sites-0-place": str(place.pk),
        "sites-0-capacity": "12",
        "sites-1-kind": "",
        "sites-2-kind": "",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "10",
        "questions-0-label": "",
        "questions-0-kind": "",
    }
    data.update(overrides)
    return data


def _fields(**overrides):
    """An event's own fields, as the form gives them to the services."""
    starts_at = in_days(20, 9)
    return {
        "title": "Atelier du télétravail",
        "kind": "atelier",
        "summary": "",
        "description": "",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        "registration_open": True,
        "contributions_open": False,
        **overrides,
    }


def _online(capacity=20):
    return SiteData(kind="online", online_url="https://visio.example/atelier", capacity=capacity)


@pytest.fixture
def my_place(manager):
    place = PlaceFactory(name="Télécentre de Mende")
    place.managers.add(manager)
    return place


# Who may ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["plain_user", "member", "company_representative"])
def test_people_who_organise_nothing_are_refused_the_organiser_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("events:organise")).status_code == 403
    assert client.get(reverse("events:create")).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("events:create"))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["place_manager", "partner_agent", "staff_user"])
def test_organisers_open_their_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("events:organise")).status_code == 200
    assert client.get(reverse("events:create")).status_code == 200


@pytest.mark.parametrize("persona", ["plain_user", "member", "place_manager", "partner_agent"])
def test_another_organisers_event_is_a_404(client, request, persona):
    event = EventSiteFactory().event  # organised by the staff
    client.force_login(request.getfixturevalue(persona))
    for name in ("manage", "edit", "cancel"):
        assert client.get(reverse(f"events:{name}", args=[event.slug])).status_code == 404
    assert client.post(reverse("events:publish", args=[event.slug])).status_code == 404


def test_the_staff_manage_every_event(client, staff_user):
    event = EventSiteFactory().event
    client.force_login(staff_user)
    assert client.get(reverse("events:manage", args=[event.slug])).status_code == 200


def test_a_manager_manages_the_events_of_their_place_only(client, manager, my_place):
    mine = EventSiteFactory(event__organiser_place=my_place).event
    other = EventSiteFactory(event__organiser_place=PlaceFactory()).event
    client.force_login(manager)
    assert client.get(reverse("events:manage", args=[mine.slug])).status_code == 200
    assert client.get(reverse("events:manage", args=[other.slug])).status_code == 404


def test_an_agent_organises_for_their_organisation(client):
    agent = OrganisationAgentFactory()
    event = EventSiteFactory().event
    event.organisations.add(agent.organisation)
    client.force_login(agent.user)
    assert client.get(reverse("events:manage", args=[event.slug])).status_code == 200


# Create ----------------------------------------------------------------------------------------------------------


def test_a_manager_creates_a_draft_event_at_their_place(client, manager, my_place):
    client.force_login(manager)
    response = client.post(reverse("events:create"), _post(my_place))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:manage", args=[event.slug])
    assert event.status == EventStatus.DRAFT
    assert event.organiser_place == my_place
    assert event.starts_at == dt.datetime.combine(dt.date.fromisoformat(DAY), dt.time(8, 30), tzinfo=PARIS)
    site = event.sites.get()
    assert (site.place, site.capacity) == (my_place, 12)
    assert EventLog.objects.filter(event=event, to_state=EventStatus.DRAFT).count() == 1


def test_a_multi_site_event_has_a_capacity_per_site(client, manager, my_place):
    other = PlaceFactory(name="Comptoir de Langogne")
    other.managers.add(manager)
    client.force_login(manager)
    data = _post(
        my_place,
        **{"sites-1-kind": "place", "sites-1-place": str(other.pk), "sites-1-capacity": "4"},
        **{"sites-2-kind": "online", "sites-2-online_url": "https://visio.example/cafe", "sites-2-capacity": "30"},
    )
    client.post(reverse("events:create"), data)
    sites = list(Event.objects.get().sites.order_by("position"))
    assert [(s.name, s.capacity) for s in sites] == [
        ("Télécentre de Mende", 12),
        ("Comptoir de Langogne", 4),
        ("En ligne", 30),
    ]


def test_a_manager_cannot_organise_in_the_name_of_another_place(client, manager, my_place):
    other = PlaceFactory()
    client.force_login(manager)
    response = client.post(reverse("events:create"), _post(my_place, organiser=f"place:{other.pk}"))
    assert response.status_code == 200
    assert "organiser au nom de ce choix" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "08:00"}, "L&#x27;événement finit avant de commencer"),
        ({"sites-0-capacity": "0"}, "Un site a au moins 1 place."),
        ({"sites-0-capacity": "-1"}, "Un site a au moins 1 place."),
        ({"sites-0-capacity": "beaucoup"}, "Le nombre de places est un nombre entier."),
        ({"sites-0-place": "999999"}, "Ce lieu n&#x27;existe pas"),
        ({"sites-0-kind": "online", "sites-0-online_url": "javascript:alert(1)"}, "adresse web complète"),
        ({"day": "31/02/2027"}, "Saisissez une date valide"),
        ({"title": ""}, "Donnez un titre"),
        ({"frequency": "weekly", "count": "40"}, "au plus 24 dates"),
        (
            {"questions-0-label": "Menu ?", "questions-0-kind": "choice", "questions-0-choices": "Un seul"},
            "au moins deux choix",
        ),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(client, manager, my_place, overrides, message):
    client.force_login(manager)
    response = client.post(reverse("events:create"), _post(my_place, **overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Petit-déjeuner du télétravail" in body or overrides.get("title") == ""
    assert not Event.objects.exists()


def test_an_address_in_an_unknown_commune_is_refused(client, manager, my_place):
    client.force_login(manager)
    data = _post(
        my_place, **{"sites-0-kind": "address", "sites-0-address": "Salle des fêtes", "sites-0-commune": "Atlantide"}
    )
    response = client.post(reverse("events:create"), data)
    assert "Aucune commune de Lozère ne correspond" in response.content.decode()


def test_no_site_at_all_is_refused(client, manager, my_place):
    client.force_login(manager)
    response = client.post(
        reverse("events:create"), _post(my_place, **{"sites-0-kind": "", "sites-0-place": "", "sites-0-capacity": ""})
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_a_monthly_series_across_the_change_of_time_keeps_its_hour(client, manager, my_place):
    client.force_login(manager)
    data = _post(my_place, day="2027-03-02", frequency="monthly_weekday", count="3")  # first Tuesdays
    response = client.post(reverse("events:create"), data)
    events = list(Event.objects.order_by("starts_at"))
    assert response.status_code == 302
    assert [e.starts_at.astimezone(PARIS).date() for e in events] == [
        dt.date(2027, 3, 2),
        dt.date(2027, 4, 6),
        dt.date(2027, 5, 4),
    ]
    assert {(e.starts_at.astimezone(PARIS).hour, e.starts_at.astimezone(PARIS).minute) for e in events} == {(8, 30)}
    assert events[0].series == events[2].series
    assert events[0].series.rule == "FREQ=MONTHLY;BYDAY=1TU;COUNT=3"
    assert len({e.slug for e in events}) == 3


def test_one_occurrence_of_a_series_is_cancelled_alone(client, manager, my_place):
    client.force_login(manager)
    client.post(reverse("events:create"), _post(my_place, frequency="weekly", count="3"))
    series = Event.objects.first().series
    client.post(reverse("events:series_publish", args=[series.pk]))
    second = series.occurrences.order_by("starts_at")[1]
    client.post(reverse("events:cancel", args=[second.slug]), {"reason": "Salle indisponible"})
    assert list(series.occurrences.order_by("starts_at").values_list("status", flat=True)) == [
        "published",
        "cancelled",
        "published",
    ]


# Publish, edit, cancel, hold ----------------------------------------------------------------------------------------


def test_publish_then_the_event_shows_publicly(client, manager, my_place):
    event = EventSiteFactory(event__organiser_place=my_place, event__draft=True).event
    client.force_login(manager)
    client.post(reverse("events:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    client.logout()
    assert client.get(reverse("events:detail", args=[event.slug])).status_code == 200


def test_a_cancellation_needs_a_reason_and_tells_the_listeners(client, manager, my_place):
    event = EventSiteFactory(event__organiser_place=my_place).event
    told = []
    EVENT_CANCELLED.append(lambda **kw: told.append(kw))
    try:
        client.force_login(manager)
        response = client.post(reverse("events:cancel", args=[event.slug]), {"reason": "  "})
        assert "Indiquez le motif" in response.content.decode()
        client.post(reverse("events:cancel", args=[event.slug]), {"reason": "Intervenant malade"})
    finally:
        EVENT_CANCELLED.pop()
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert told == [{"event": event, "reason": "Intervenant malade", "actor": manager}]
    assert event.log.last().reason == "Intervenant malade"


def test_changing_the_time_grows_the_sequence_but_a_new_summary_does_not(staff_user):
    site = EventSiteFactory()
    event = site.event
    sites = [SiteData(kind="place", place=site.place, capacity=10)]
    event = event_update(actor=staff_user, event=event, fields={"summary": "Autre phrase"}, sites=sites)
    assert event.sequence == 0
    later = event.starts_at + dt.timedelta(hours=1)
    event = event_update(
        actor=staff_user,
        event=event,
        fields={"starts_at": later, "ends_at": later + dt.timedelta(hours=1)},
        sites=sites,
    )
    assert event.sequence == 1


def test_a_site_cannot_shrink_below_its_registrations(staff_user):
    from tests.events.factories import RegistrationFactory

    site = EventSiteFactory(capacity=3)
    RegistrationFactory(site=site, seat=1)
    RegistrationFactory(site=site, seat=2)
    with pytest.raises(EventError, match="déjà 2 inscrits"):
        event_update(
            actor=staff_user, event=site.event, fields={}, sites=[SiteData(kind="place", place=site.place, capacity=1)]
        )


def test_a_cancelled_event_cannot_be_cancelled_again(staff_user):
    event = EventSiteFactory().event
    event_cancel(actor=staff_user, event=event, reason="Neige")
    with pytest.raises(EventError, match="annulé"):
        event_cancel(actor=staff_user, event=event, reason="Neige encore")


def test_an_event_is_marked_held_only_once_begun(client, staff_user):
    event = EventSiteFactory().event
    client.force_login(staff_user)
    client.post(reverse("events:hold", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_command_marks_ended_events_held(staff_user):
    from io import StringIO

    from django.core.management import call_command

    ended = EventFactory(
        starts_at=dt.datetime(2026, 11, 2, 9, tzinfo=PARIS), ends_at=dt.datetime(2026, 11, 2, 11, tzinfo=PARIS)
    )
    upcoming = EventFactory()
    out = StringIO()
    call_command("complete_events", stdout=out)
    ended.refresh_from_db()
    assert ended.status == EventStatus.PUBLISHED  # dry run
    call_command("complete_events", "--wet-run", stdout=out)
    ended.refresh_from_db()
    upcoming.refresh_from_db()
    assert (ended.status, upcoming.status) == (EventStatus.HELD, EventStatus.PUBLISHED)


def test_editing_only_the_title_keeps_the_sites_and_questions(client, manager, my_place):
    from tests.events.factories import QuestionFactory

    other = PlaceFactory(name="Comptoir de Langogne")
    event = EventSiteFactory(event__organiser_place=my_place, place=my_place, capacity=12).event
    EventSiteFactory(event=event, place=other, capacity=4)
    question = QuestionFactory(event=event, label="Régime alimentaire ?")
    client.force_login(manager)
    page = client.get(reverse("events:edit", args=[event.slug]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data["start_time"] = form["start_time"].value().strftime("%H:%M")
    data["end_time"] = form["end_time"].value().strftime("%H:%M")
    data["title"] = "Nouveau titre"
    for formset in (page.context["sites"], page.context["questions"]):
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value not in (None, False, ""):
                    data[sub.add_prefix(name)] = value
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.title == "Nouveau titre"
    assert [(s.name, s.capacity) for s in event.sites.order_by("position")] == [
        ("Télécentre de Mende", 12),
        ("Comptoir de Langogne", 4),
    ]
    assert list(event.questions.values_list("pk", "label")) == [(question.pk, question.label)]


# Sites: a place of the network only by its managers (or the staff) ------------------------------------------------


def test_a_manager_is_offered_only_their_places_as_sites(client, manager, my_place):
    PlaceFactory(name="Comptoir de Langogne")  # another manager's
    client.force_login(manager)
    page = client.get(reverse("events:create"))
    assert list(page.context["sites"].forms[0].fields["place"].queryset) == [my_place]


def test_a_manager_cannot_add_another_managers_place_and_keeps_what_they_typed(client, manager, my_place):
    other = PlaceFactory(name="Comptoir de Langogne")
    other.managers.add(UserFactory())
    client.force_login(manager)
    data = _post(
        my_place,
        summary="Un café bien serré.",
        **{"sites-1-kind": "place", "sites-1-place": str(other.pk), "sites-1-capacity": "4"},
        **{"sites-2-kind": "online", "sites-2-online_url": "https://visio.example/cafe", "sites-2-capacity": "30"},
    )
    response = client.post(reverse("events:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas l&#x27;un de ceux que vous gérez" in body
    assert not Event.objects.exists()
    for typed in ("Petit-déjeuner du télétravail", "Un café bien serré.", "https://visio.example/cafe"):
        assert typed in body


def test_the_service_refuses_a_place_the_actor_does_not_manage(manager, my_place):
    other = PlaceFactory(name="Comptoir de Langogne")
    with pytest.raises(EventError, match="Vous ne gérez pas « Comptoir de Langogne »"):
        event_create(
            actor=manager,
            organiser=Organiser(place=my_place),
            fields=_fields(),
            sites=[SiteData(kind="place", place=my_place, capacity=5), SiteData(kind="place", place=other, capacity=5)],
        )
    assert not Event.objects.exists()


def test_a_partner_agent_organises_at_an_address_or_online_but_not_in_a_place_they_do_not_manage(partner_agent):
    organiser = Organiser(organisations=list(organisations_of_agent(partner_agent)))
    with pytest.raises(EventError, match="Vous ne gérez pas"):
        event_create(
            actor=partner_agent,
            organiser=organiser,
            fields=_fields(),
            sites=[SiteData(kind="place", place=PlaceFactory(), capacity=5)],
        )
    event = event_create(
        actor=partner_agent,
        organiser=organiser,
        fields=_fields(),
        sites=[SiteData(kind="online", online_url="https://visio.example/atelier", capacity=50)],
    )
    assert event.sites.get().online_url == "https://visio.example/atelier"


def test_the_staff_use_any_place_still_in_the_network(staff_user):
    closed = PlaceFactory(status=NetworkStatus.CLOSED, name="Ancien télécentre")
    event = event_create(
        actor=staff_user,
        organiser=Organiser(),
        fields=_fields(),
        sites=[SiteData(kind="place", place=PlaceFactory(), capacity=5)],
    )
    assert event.sites.count() == 1
    with pytest.raises(EventError, match="Vous ne gérez pas « Ancien télécentre »"):
        event_create(
            actor=staff_user,
            organiser=Organiser(),
            fields=_fields(),
            sites=[SiteData(kind="place", place=closed, capacity=5)],
        )


def test_an_edit_keeps_a_place_already_on_the_event_but_adds_no_foreign_one(manager, my_place):
    kept = PlaceFactory(name="Comptoir de Langogne")  # put there by the staff
    added = PlaceFactory(name="Tiers-lieu de Florac")
    event = EventSiteFactory(event__organiser_place=my_place, place=my_place).event
    EventSiteFactory(event=event, place=kept, capacity=4)
    sites = [SiteData(kind="place", place=my_place, capacity=10), SiteData(kind="place", place=kept, capacity=6)]
    event_update(actor=manager, event=event, fields={}, sites=sites)
    assert event.sites.get(place=kept).capacity == 6
    with pytest.raises(EventError, match="Vous ne gérez pas « Tiers-lieu de Florac »"):
        event_update(
            actor=manager, event=event, fields={}, sites=[*sites, SiteData(kind="place", place=added, capacity=3)]
        )
    assert not event.sites.filter(place=added).exists()


# The organiser does not change by an edit --------------------------------------------------------------------------


def _edit_post(event, **overrides):
    """What the edit page sends back unchanged (no organiser: the page shows it as text)."""
    start, end = event.starts_at.astimezone(PARIS), event.ends_at.astimezone(PARIS)
    sites = list(event.sites.order_by("position", "pk"))
    data = {
        "title": event.title,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "day": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "registration_open": "on",
        "sites-TOTAL_FORMS": str(len(sites)),
        "sites-INITIAL_FORMS": str(len(sites)),
        "sites-MIN_NUM_FORMS": "1",
        "sites-MAX_NUM_FORMS": "12",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "10",
    }
    for index, site in enumerate(sites):
        data |= {
            f"sites-{index}-kind": site.kind,
            f"sites-{index}-place": str(site.place_id or ""),
            f"sites-{index}-address": site.address,
            f"sites-{index}-online_url": site.online_url,
            f"sites-{index}-capacity": str(site.capacity),
        }
    data.update(overrides)
    return data


def test_another_manager_of_the_place_edits_without_choosing_the_organiser(client, manager, my_place):
    event = EventSiteFactory(event__organiser_place=my_place, place=my_place, event__created_by=manager).event
    colleague = UserFactory(email="collegue@example.org")
    my_place.managers.add(colleague)
    client.force_login(colleague)
    page = client.get(reverse("events:edit", args=[event.slug]))
    assert "organiser" not in page.context["form"].fields
    assert 'name="organiser"' not in page.content.decode()
    assert "Télécentre de Mende" in page.content.decode()  # shown as text
    response = client.post(reverse("events:edit", args=[event.slug]), _edit_post(event, title="Nouveau titre"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.title, event.organiser_place) == ("Nouveau titre", my_place)


def test_an_agent_co_organising_with_a_place_edits_and_the_organisers_stay(client, my_place):
    agent = OrganisationAgentFactory()
    event = EventSiteFactory(event__organiser_place=my_place, place=my_place).event
    event.organisations.add(agent.organisation)
    client.force_login(agent.user)
    response = client.post(
        reverse("events:edit", args=[event.slug]),
        _edit_post(event, title="Atelier commun", organiser=f"org:{agent.organisation.pk}"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.title == "Atelier commun"
    assert event.organiser_place == my_place
    assert list(event.organisations.all()) == [agent.organisation]


# Slugs: two events of the same title and day at once ---------------------------------------------------------------


def test_a_slug_taken_meanwhile_makes_the_creation_retry_with_the_next_one(staff_user, monkeypatch):
    first = event_create(actor=staff_user, organiser=Organiser(), fields=_fields(), sites=[_online()])
    real = services.unique_slug
    raced: list[str] = []

    def stale_once(title, starts_at, **kwargs):  # type: ignore[no-untyped-def]
        # As if read before the other event was saved: the slug it returns is taken by the time of the insert.
        if not raced:
            raced.append(first.slug)
            return first.slug
        return real(title, starts_at, **kwargs)

    monkeypatch.setattr(services, "unique_slug", stale_once)
    second = event_create(actor=staff_user, organiser=Organiser(), fields=_fields(), sites=[_online()])
    assert raced == [first.slug]
    assert second.slug == f"{first.slug}-2"
    assert second.status == EventStatus.DRAFT
    assert EventLog.objects.filter(event=second).count() == 1
    assert Event.objects.count() == 2


def test_a_slug_that_stays_taken_is_refused_in_french_after_a_few_tries(staff_user, monkeypatch):
    first = event_create(actor=staff_user, organiser=Organiser(), fields=_fields(), sites=[_online()])
    monkeypatch.setattr(services, "unique_slug", lambda *args, **kwargs: first.slug)
    with pytest.raises(EventError, match="renvoyez le formulaire"):
        event_create(actor=staff_user, organiser=Organiser(), fields=_fields(), sites=[_online()])
    assert Event.objects.count() == 1


# event_save: the one service the form calls --------------------------------------------------------------------------


def test_event_save_creates_an_event_a_series_or_saves_an_edit(staff_user):
    created = event_save(
        actor=staff_user, event=None, organiser=Organiser(), fields=_fields(), sites=[_online()], questions=[]
    )
    assert isinstance(created, Event) and created.status == EventStatus.DRAFT
    series = event_save(
        actor=staff_user,
        event=None,
        organiser=Organiser(),
        fields=_fields(),
        sites=[_online()],
        questions=[],
        frequency="weekly",
        count=3,
    )
    assert isinstance(series, EventSeries) and series.occurrences.count() == 3
    edited = event_save(
        actor=staff_user,
        event=created,
        fields={**_fields(), "title": "Autre titre"},
        sites=[_online()],
        questions=[],
        frequency="weekly",  # a repetition is for a new event only
        count=3,
    )
    assert (edited.pk, edited.title) == (created.pk, "Autre titre")
    assert Event.objects.count() == 4
