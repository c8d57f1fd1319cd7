"""Who organises an event, read both ways: the events a person organises and the people who organise an event
name the same pairs."""

import pytest

from solozere.events.selectors import may_organise, organisers_of
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "plain_user",
    "member",
    "place_manager",
    "other_manager",
    "partner_agent",
    "staff_user",
    "superuser",
    "inactive_staff",
    "company_representative",
]


def test_the_people_who_organise_an_event_are_those_who_may_organise_it(request):
    people = [request.getfixturevalue(name) for name in PERSONAS]
    place = request.getfixturevalue("place_manager").managed_places.get()
    agency = request.getfixturevalue("partner_agent").organisation_memberships.get().organisation
    closed = OrganisationAgentFactory(organisation__closed=True).user
    gone = UserFactory(inactive=True)
    place.managers.add(gone)
    people += [closed, gone]
    events = [
        EventFactory(),  # the network's own
        EventFactory(organiser_place=place),
        EventFactory(organiser_place=PlaceFactory()),
        EventFactory(draft=True, organiser_place=place),
    ]
    events[0].organisations.add(agency)
    events[2].organisations.add(agency, closed.organisation_memberships.get().organisation)
    for event in events:
        organisers = set(organisers_of(event))
        for person in people:
            assert (person in organisers) == may_organise(person, event), (event, person.email)


def test_the_list_of_organisers_costs_one_query(django_assert_num_queries, place_manager, partner_agent):
    event = EventFactory(organiser_place=place_manager.managed_places.get())
    event.organisations.add(partner_agent.organisation_memberships.get().organisation)
    with django_assert_num_queries(1):
        assert place_manager in list(organisers_of(event))
