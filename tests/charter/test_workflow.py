"""The adhesion workflow as a whole matrix, without the database."""

import itertools

import pytest

from solozere.charter.workflow import LABEL_STATES, WORKFLOW, Action, MembershipStatus, Role
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from tests.workflow_matrix import assert_available, assert_cell

A, S = Action, MembershipStatus
# The whole table, written out: (state, action, role) -> target. Every other combination is refused.
ALLOWED = {
    (NOTHING, A.SUBMIT, Role.MANAGER): S.SUBMITTED,
    (NOTHING, A.SUBMIT, Role.STAFF): S.SUBMITTED,
    (S.SUBMITTED, A.APPROVE, Role.STAFF): S.APPROVED,
    (S.SUBMITTED, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.APPROVED, A.SUSPEND, Role.SYSTEM): S.SUSPENDED,
    (S.SUSPENDED, A.REINSTATE, Role.STAFF): S.APPROVED,
    (S.APPROVED, A.END, Role.SYSTEM): S.ENDED,
    (S.SUSPENDED, A.END, Role.SYSTEM): S.ENDED,
}


@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product([NOTHING, *MembershipStatus], Action, Role))
)
def test_every_state_action_and_role(state, action, role):
    assert_cell(WORKFLOW, ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product([NOTHING, *MembershipStatus], Role)))
def test_available_is_the_matrix_seen_from_one_state_and_role(state, role):
    assert_available(WORKFLOW, ALLOWED, state, role)


def test_refused_and_ended_adhesions_are_final():
    for state in (MembershipStatus.REFUSED, MembershipStatus.ENDED):
        assert all(WORKFLOW.available(state, role) == [] for role in Role)


def test_a_suspension_says_why():
    with pytest.raises(TransitionNotAllowed, match="Indiquez le motif"):
        WORKFLOW.check(state=MembershipStatus.APPROVED, action=Action.SUSPEND, role=Role.SYSTEM)


def test_a_refusal_from_the_wrong_state_names_the_state():
    with pytest.raises(TransitionNotAllowed, match="impossible : l'adhésion est « refusée »"):
        WORKFLOW.check(state=MembershipStatus.REFUSED, action=Action.APPROVE, role=Role.STAFF)


def test_the_label_is_carried_while_approved_or_suspended():
    assert set(LABEL_STATES) == {MembershipStatus.APPROVED, MembershipStatus.SUSPENDED}
    # Every state a label can reach by the table without an application is a label state or its end.
    assert {t.target for s in LABEL_STATES for role in Role for t in WORKFLOW.available(s, role)} == {
        MembershipStatus.APPROVED,
        MembershipStatus.SUSPENDED,
        MembershipStatus.ENDED,
    }
