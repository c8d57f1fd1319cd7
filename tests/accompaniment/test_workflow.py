"""The workflows of a project request and of each organisation's part in it, as whole matrices, without the
database. The tables below are written out from the issue (12) and the modules' docstring, not read from the
workflows: every (state, action, role) not listed is refused."""

import itertools

import pytest

from solozere.accompaniment.workflow import (
    ACTIVE_ASSIGNMENT_STATES,
    ASSIGNMENT_WORKFLOW,
    LIVE_REQUEST_STATES,
    REQUEST_WORKFLOW,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    RequestAction,
    RequestRole,
    RequestStatus,
)
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from tests.workflow_matrix import assert_available, assert_cell

# --- The request --------------------------------------------------------------------------------------------------

RA, RS, RR = RequestAction, RequestStatus, RequestRole
REQUEST_ALLOWED = {
    # The person files it; a visitor's waits for their e-mail address to be confirmed.
    (NOTHING, RA.SUBMIT, RR.REQUESTER): RS.PENDING,
    # Confirmed (or filed by someone signed in): routed at once, to partners or to the staff.
    (NOTHING, RA.OPEN, RR.REQUESTER): RS.OPEN,
    (NOTHING, RA.OPEN, RR.SYSTEM): RS.OPEN,
    (RS.PENDING, RA.OPEN, RR.REQUESTER): RS.OPEN,
    (RS.PENDING, RA.OPEN, RR.SYSTEM): RS.OPEN,
    (NOTHING, RA.LEAVE_UNROUTED, RR.REQUESTER): RS.UNROUTED,
    (NOTHING, RA.LEAVE_UNROUTED, RR.SYSTEM): RS.UNROUTED,
    (RS.PENDING, RA.LEAVE_UNROUTED, RR.REQUESTER): RS.UNROUTED,
    (RS.PENDING, RA.LEAVE_UNROUTED, RR.SYSTEM): RS.UNROUTED,
    # The staff route by hand an unrouted request, or add an organisation to an open one.
    (RS.UNROUTED, RA.ROUTE_BY_HAND, RR.STAFF): RS.OPEN,
    (RS.OPEN, RA.ROUTE_BY_HAND, RR.STAFF): RS.OPEN,
    # Every organisation declined ("pas pour nous"): back to the staff.
    (RS.OPEN, RA.BACK_TO_ROUTING, RR.AGENT): RS.UNROUTED,
    (RS.OPEN, RA.BACK_TO_ROUTING, RR.SYSTEM): RS.UNROUTED,
    # The lead's part is done.
    (RS.OPEN, RA.CLOSE, RR.AGENT): RS.CLOSED,
    (RS.OPEN, RA.CLOSE, RR.STAFF): RS.CLOSED,
    # The person, or the staff, withdraw a live request.
    (RS.PENDING, RA.WITHDRAW, RR.REQUESTER): RS.WITHDRAWN,
    (RS.PENDING, RA.WITHDRAW, RR.STAFF): RS.WITHDRAWN,
    (RS.UNROUTED, RA.WITHDRAW, RR.REQUESTER): RS.WITHDRAWN,
    (RS.UNROUTED, RA.WITHDRAW, RR.STAFF): RS.WITHDRAWN,
    (RS.OPEN, RA.WITHDRAW, RR.REQUESTER): RS.WITHDRAWN,
    (RS.OPEN, RA.WITHDRAW, RR.STAFF): RS.WITHDRAWN,
}
REQUEST_STATES = [NOTHING, *RequestStatus]


@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product(REQUEST_STATES, RequestAction, RequestRole))
)
def test_every_state_action_and_role_of_a_request(state, action, role):
    assert_cell(REQUEST_WORKFLOW, REQUEST_ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product(REQUEST_STATES, RequestRole)))
def test_available_is_the_request_matrix_seen_from_one_state_and_role(state, role):
    assert_available(REQUEST_WORKFLOW, REQUEST_ALLOWED, state, role)


def test_the_request_table_covers_every_action_and_state():
    assert {action for (_, action, _) in REQUEST_ALLOWED} == set(RequestAction)
    assert set(REQUEST_ALLOWED.values()) == set(RequestStatus)
    assert set(LIVE_REQUEST_STATES) == {RS.PENDING, RS.UNROUTED, RS.OPEN}


def test_closed_and_withdrawn_requests_are_final():
    for state in (RS.CLOSED, RS.WITHDRAWN):
        assert all(REQUEST_WORKFLOW.available(state, role) == [] for role in RequestRole)


def test_no_request_action_needs_a_reason():
    for (state, action, role), target in REQUEST_ALLOWED.items():
        assert REQUEST_WORKFLOW.check(state=state, action=action, role=role, reason="").target == target


def test_an_agent_cannot_withdraw_the_persons_request():
    with pytest.raises(TransitionNotAllowed, match="elle revient à la personne qui a déposé la demande ou l'équipe"):
        REQUEST_WORKFLOW.check(state=RS.OPEN, action=RA.WITHDRAW, role=RR.AGENT)


def test_a_pending_request_is_not_closed():
    with pytest.raises(TransitionNotAllowed, match="la demande est « adresse e-mail à confirmer »"):
        REQUEST_WORKFLOW.check(state=RS.PENDING, action=RA.CLOSE, role=RR.STAFF)


# --- Each organisation's part ----------------------------------------------------------------------------------

AA, AS, AR = AssignmentAction, AssignmentStatus, AssignmentRole
_ACTIVE = (AS.NEW, AS.TAKEN, AS.IN_PROGRESS)
_WORKING = (AS.TAKEN, AS.IN_PROGRESS)
ASSIGNMENT_ALLOWED = {
    # Routing, the staff, or an agent handing it over give an organisation its part.
    (NOTHING, AA.ASSIGN, AR.SYSTEM): AS.NEW,
    (NOTHING, AA.ASSIGN, AR.STAFF): AS.NEW,
    (NOTHING, AA.ASSIGN, AR.AGENT): AS.NEW,
    (AS.NEW, AA.TAKE, AR.AGENT): AS.TAKEN,
    (AS.NEW, AA.TAKE, AR.STAFF): AS.TAKEN,
    (AS.TAKEN, AA.START, AR.AGENT): AS.IN_PROGRESS,
    (AS.TAKEN, AA.START, AR.STAFF): AS.IN_PROGRESS,
    **{(state, AA.FINISH, role): AS.DONE for state in _WORKING for role in (AR.AGENT, AR.STAFF)},
    **{(state, AA.DECLINE, role): AS.DECLINED for state in _ACTIVE for role in (AR.AGENT, AR.STAFF)},
    **{(state, AA.HAND_OVER, role): AS.HANDED_OVER for state in _ACTIVE for role in (AR.AGENT, AR.STAFF)},
    # The agent who had it is absent (or gone): the platform or the staff give it back to their colleagues.
    **{(state, AA.RELEASE, role): AS.NEW for state in _WORKING for role in (AR.SYSTEM, AR.STAFF)},
    **{(state, AA.WITHDRAW, role): AS.WITHDRAWN for state in _ACTIVE for role in (AR.REQUESTER, AR.STAFF, AR.SYSTEM)},
}
ASSIGNMENT_STATES = [NOTHING, *AssignmentStatus]


@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product(ASSIGNMENT_STATES, AssignmentAction, AssignmentRole))
)
def test_every_state_action_and_role_of_an_assignment(state, action, role):
    assert_cell(ASSIGNMENT_WORKFLOW, ASSIGNMENT_ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product(ASSIGNMENT_STATES, AssignmentRole)))
def test_available_is_the_assignment_matrix_seen_from_one_state_and_role(state, role):
    assert_available(ASSIGNMENT_WORKFLOW, ASSIGNMENT_ALLOWED, state, role)


def test_the_assignment_table_covers_every_action_and_state():
    assert {action for (_, action, _) in ASSIGNMENT_ALLOWED} == set(AssignmentAction)
    assert set(ASSIGNMENT_ALLOWED.values()) == set(AssignmentStatus)
    assert set(ACTIVE_ASSIGNMENT_STATES) == set(_ACTIVE)


def test_done_declined_handed_over_and_withdrawn_parts_are_final():
    for state in (AS.DONE, AS.DECLINED, AS.HANDED_OVER, AS.WITHDRAWN):
        assert all(ASSIGNMENT_WORKFLOW.available(state, role) == [] for role in AssignmentRole)


@pytest.mark.parametrize(
    ("state", "action"), [(AS.IN_PROGRESS, AA.FINISH), (AS.NEW, AA.DECLINE), (AS.TAKEN, AA.HAND_OVER)]
)
def test_an_outcome_a_refusal_or_a_hand_over_needs_a_reason(state, action):
    with pytest.raises(TransitionNotAllowed, match="motif"):
        ASSIGNMENT_WORKFLOW.check(state=state, action=action, role=AR.AGENT, reason="  ")


def test_the_other_assignment_actions_need_no_reason():
    needs_reason = {AA.FINISH, AA.DECLINE, AA.HAND_OVER}
    for (state, action, role), target in ASSIGNMENT_ALLOWED.items():
        if action not in needs_reason:
            assert ASSIGNMENT_WORKFLOW.check(state=state, action=action, role=role, reason="").target == target


def test_an_agent_does_not_release_a_colleagues_request():
    with pytest.raises(TransitionNotAllowed, match="elle revient à l'équipe du réseau ou la plateforme"):
        ASSIGNMENT_WORKFLOW.check(state=AS.TAKEN, action=AA.RELEASE, role=AR.AGENT)


def test_a_part_not_taken_yet_is_not_finished():
    with pytest.raises(TransitionNotAllowed, match="la demande est « à prendre »"):
        ASSIGNMENT_WORKFLOW.check(state=AS.NEW, action=AA.FINISH, role=AR.AGENT, reason="Réglé.")
