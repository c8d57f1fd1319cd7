"""The statistics' rows read from the database: which requests count, in which territory, each organisation's first
answer; in a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest

from solozere.accompaniment.models import MessageSender
from solozere.accompaniment.selectors_stats import (
    NOT_CHOSEN_KEY,
    accompaniment_stats,
    part_rows,
    request_areas,
    request_rows,
)
from solozere.accompaniment.stats import PartRow, RequestRow
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.community.selectors import UNZONED_KEY
from solozere.organisations.models import Organisation
from solozere.territory.models import Commune, Zone
from tests.accompaniment.stats_data import at, make_message, make_part, make_request
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2025, 6, 20)  # the window starts on 1 July 2024


def commune(name: str) -> Commune:
    return Commune.objects.get(name=name)


def canton(word: str) -> str:
    return Zone.objects.get(kind=Zone.Kind.CANTON_2014, name__contains=word).slug


def test_only_confirmed_requests_of_the_window_count_each_in_its_territory(territory):
    make_request(
        at(D(2025, 6, 2)), Topic.WORKPLACE, Topic.PARTNER_EMPLOYMENT, commune=commune("Saint-Alban-sur-Limagnole")
    )
    make_request(at(D(2025, 6, 3)), Topic.MOVING, commune=commune("Javols"))  # a commune déléguée, in its 2014 canton
    make_request(at(D(2025, 5, 15)), Topic.COMPANY_TELEWORK, commune=commune("Mende"))
    make_request(at(D(2025, 1, 10)), Topic.MOVING)  # no commune chosen yet
    make_request(at(D(2025, 2, 1)), Topic.OTHER, status=RequestStatus.WITHDRAWN)  # withdrawn once confirmed: counts
    make_request(at(D(2024, 7, 1), 0, 30), Topic.MOVING)  # 30 June 22:30 UTC, 1 July in Lozère: counts
    # Not counted: waiting for its address to be confirmed, withdrawn before that, a demo account's or demo
    # address's, too old.
    make_request(at(D(2025, 6, 4)), Topic.MOVING, confirmed=False, status=RequestStatus.PENDING)
    make_request(at(D(2025, 6, 4)), Topic.MOVING, confirmed=False, status=RequestStatus.WITHDRAWN)
    make_request(at(D(2025, 6, 4)), Topic.MOVING, user=UserFactory(is_demo=True))
    make_request(at(D(2025, 6, 4)), Topic.MOVING, email="visiteur@demo.solozere.invalid")  # a demo visitor's
    make_request(at(D(2024, 6, 30), 23, 59), Topic.MOVING)

    mapping, areas = request_areas()
    rows = sorted(request_rows(TODAY, mapping), key=lambda row: row.created_on)
    mende_area = mapping[commune("Mende").pk]
    assert rows == [
        RequestRow(created_on=D(2024, 7, 1), topics=("moving",), area=NOT_CHOSEN_KEY),
        RequestRow(created_on=D(2025, 1, 10), topics=("moving",), area=NOT_CHOSEN_KEY),
        RequestRow(created_on=D(2025, 2, 1), topics=("other",), area=NOT_CHOSEN_KEY),
        RequestRow(created_on=D(2025, 5, 15), topics=("company_telework",), area=mende_area),
        RequestRow(created_on=D(2025, 6, 2), topics=("workplace", "partner_employment"), area=canton("Saint-Alban")),
        RequestRow(created_on=D(2025, 6, 3), topics=("moving",), area=canton("Aumont")),
    ]
    labels = dict(areas)
    assert "(2014)" in labels[canton("Aumont")]
    assert Zone.objects.get(slug=mende_area).kind == Zone.Kind.EPCI
    assert labels[NOT_CHOSEN_KEY] == "Commune pas encore choisie"
    assert "hors-lozere" not in labels and "Hors de Lozère" not in labels.values()

    figures = accompaniment_stats(TODAY)
    assert figures.counted == 6
    assert figures.by_month.total == 6
    assert figures.by_area.total == 6
    assert figures.start == D(2024, 7, 1)


def test_a_commune_in_no_zone_falls_in_the_catch_all_row(territory):
    mende = commune("Mende")
    mapping, _areas = request_areas()
    del mapping[mende.pk]
    make_request(at(D(2025, 6, 2)), commune=mende)
    assert [row.area for row in request_rows(TODAY, mapping)] == [UNZONED_KEY]


def test_an_organisation_answers_with_its_first_message_to_the_person_after_receiving_the_request(db):
    alpha, beta = OrganisationFactory(name="Alpha"), OrganisationFactory(name="Beta")
    request = make_request(at(D(2025, 6, 2), 9))
    make_part(request, alpha, at(D(2025, 6, 2), 9, 5), AssignmentStatus.IN_PROGRESS, is_lead=True)
    make_part(request, beta, at(D(2025, 6, 2), 9, 5), AssignmentStatus.TAKEN)
    make_message(request, alpha, at(D(2025, 6, 2), 11), internal=True)  # a note between organisations
    make_message(request, None, at(D(2025, 6, 2), 12), sender=MessageSender.REQUESTER)
    make_message(request, beta, at(D(2025, 6, 3)))  # Beta's answer is not Alpha's
    make_message(request, alpha, at(D(2025, 6, 5)))
    make_message(request, alpha, at(D(2025, 6, 4)))  # the first one counts, whatever the order of creation
    # Handed to Gamma, which had written in this request before it was its own: that earlier message is no answer.
    gamma = OrganisationFactory(name="Gamma")
    make_message(request, gamma, at(D(2025, 6, 1)))
    make_part(request, gamma, at(D(2025, 6, 10)), AssignmentStatus.NEW)
    unanswered = make_request(at(D(2025, 6, 12)))
    make_part(unanswered, alpha, at(D(2025, 6, 12)), AssignmentStatus.NEW, is_lead=True)
    make_part(
        make_request(at(D(2025, 6, 12)), confirmed=False, status=RequestStatus.PENDING), alpha, at(D(2025, 6, 12))
    )

    rows = sorted(part_rows(TODAY), key=lambda row: (row.organisation, row.received_on))
    assert rows == [
        PartRow(organisation="Alpha", status="in_progress", received_on=D(2025, 6, 2), answered_on=D(2025, 6, 4)),
        PartRow(organisation="Alpha", status="new", received_on=D(2025, 6, 12), answered_on=None),
        PartRow(organisation="Beta", status="taken", received_on=D(2025, 6, 2), answered_on=D(2025, 6, 3)),
        PartRow(organisation="Gamma", status="new", received_on=D(2025, 6, 10), answered_on=None),
    ]
    alpha_delays, beta_delays, gamma_delays = accompaniment_stats(TODAY).delays
    assert (alpha_delays.received, alpha_delays.answered, alpha_delays.median_days) == (2, 1, 2)  # 3, 4 June
    assert (beta_delays.received, beta_delays.median_days) == (1, 1)
    assert (gamma_delays.received, gamma_delays.answered, gamma_delays.due) == (1, 0, 1)  # 11 to 20 June: late


def _batch(size: int, organisations: list[Organisation]) -> None:
    for index in range(size):
        day = D(2025, 1 + index % 6, 1 + index % 27)
        request = make_request(at(day), Topic.MOVING, Topic.WORKPLACE)
        for rank, organisation in enumerate(organisations):
            make_part(request, organisation, at(day, 11), AssignmentStatus.TAKEN, is_lead=rank == 0)
            make_message(request, organisation, at(day + dt.timedelta(days=3)))


def test_the_statistics_cost_the_same_whatever_the_number_of_rows(territory, django_assert_max_num_queries):
    organisations = [OrganisationFactory(), OrganisationFactory()]
    _batch(3, organisations)
    with django_assert_max_num_queries(7):
        small = accompaniment_stats(TODAY)
    _batch(12, [*organisations, OrganisationFactory()])
    with django_assert_max_num_queries(7):
        large = accompaniment_stats(TODAY)
    assert (small.counted, large.counted) == (3, 15)
    assert sum(row.received for row in large.delays) == 15 * 2 + 12
