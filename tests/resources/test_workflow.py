"""The review workflow of a resource as a whole matrix, without the database."""

import itertools

import pytest

from solozere.core.workflow import NOTHING, TransitionNotAllowed
from solozere.resources.workflow import WORKFLOW, Action, Role, Status
from tests.workflow_matrix import assert_available, assert_cell

A, S = Action, Status
ALLOWED = {
    (NOTHING, A.PROPOSE, Role.PROPOSER): S.PROPOSED,
    (S.PROPOSED, A.PUBLISH, Role.STAFF): S.PUBLISHED,
    (S.PROPOSED, A.REJECT, Role.STAFF): S.REJECTED,
    (S.PROPOSED, A.WITHDRAW, Role.PROPOSER): S.WITHDRAWN,
    (S.PUBLISHED, A.UNPUBLISH, Role.STAFF): S.WITHDRAWN,
    (NOTHING, A.FROM_EVENT, Role.EVENT): S.PUBLISHED,
    (S.PUBLISHED, A.EVENT_WITHDRAWN, Role.EVENT): S.WITHDRAWN,
}


@pytest.mark.parametrize(("state", "action", "role"), list(itertools.product([NOTHING, *Status], Action, Role)))
def test_every_state_action_and_role(state, action, role):
    assert_cell(WORKFLOW, ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product([NOTHING, *Status], Role)))
def test_available_is_the_matrix_seen_from_one_state_and_role(state, role):
    assert_available(WORKFLOW, ALLOWED, state, role)


def test_rejected_and_withdrawn_resources_are_final():
    for state in (Status.REJECTED, Status.WITHDRAWN):
        assert all(WORKFLOW.available(state, role) == [] for role in Role)


@pytest.mark.parametrize(("state", "action"), [(S.PROPOSED, A.REJECT), (S.PUBLISHED, A.UNPUBLISH)])
def test_a_refusal_or_a_withdrawal_by_the_staff_needs_a_reason(state, action):
    with pytest.raises(TransitionNotAllowed, match="Indiquez le motif"):
        WORKFLOW.check(state=state, action=action, role=Role.STAFF, reason="  ")


def test_the_proposer_cannot_publish_their_own_resource():
    with pytest.raises(TransitionNotAllowed, match="elle revient à l'équipe du réseau"):
        WORKFLOW.check(state=S.PROPOSED, action=A.PUBLISH, role=Role.PROPOSER)


def test_a_published_resource_is_not_withdrawn_by_its_proposer():
    with pytest.raises(TransitionNotAllowed, match="la ressource est « publiée »"):
        WORKFLOW.check(state=S.PUBLISHED, action=A.WITHDRAW, role=Role.PROPOSER)
