import itertools

import pytest

from solozere.community.workflow import STAFF_DECISIONS, WORKFLOW, MembershipAction, MembershipState, Role
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from tests.workflow_matrix import assert_available, assert_cell

A, S = MembershipAction, MembershipState
# The whole table, written out: (state, action, role) -> target. Every other combination is refused.
ALLOWED = {
    (NOTHING, A.SUBMIT, Role.MEMBER): S.SUBMITTED,
    (S.INFO_REQUESTED, A.RESUBMIT, Role.MEMBER): S.SUBMITTED,
    (S.REFUSED, A.RESUBMIT, Role.MEMBER): S.SUBMITTED,
    (S.SUBMITTED, A.APPROVE, Role.STAFF): S.APPROVED,
    (S.SUBMITTED, A.REQUEST_INFO, Role.STAFF): S.INFO_REQUESTED,
    (S.SUBMITTED, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.INFO_REQUESTED, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.APPROVED, A.RENEW, Role.MEMBER): S.APPROVED,
}


@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product([NOTHING, *MembershipState], MembershipAction, Role))
)
def test_every_state_action_and_role(state, action, role):
    assert_cell(WORKFLOW, ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product([NOTHING, *MembershipState], Role)))
def test_available_is_the_matrix_seen_from_one_state_and_role(state, role):
    assert_available(WORKFLOW, ALLOWED, state, role)


def test_staff_approve_a_submitted_application():
    assert (
        WORKFLOW.check(state=MembershipState.SUBMITTED, action=MembershipAction.APPROVE, role=Role.STAFF).target
        == MembershipState.APPROVED
    )


@pytest.mark.parametrize("action", [MembershipAction.APPROVE, MembershipAction.REQUEST_INFO, MembershipAction.REFUSE])
def test_an_applicant_cannot_take_a_staff_decision(action):
    with pytest.raises(TransitionNotAllowed, match="équipe"):
        WORKFLOW.check(state=MembershipState.SUBMITTED, action=action, role=Role.MEMBER, reason="x")


@pytest.mark.parametrize("action", [MembershipAction.REQUEST_INFO, MembershipAction.REFUSE])
def test_asking_for_more_or_refusing_needs_a_reason(action):
    with pytest.raises(TransitionNotAllowed, match="motif"):
        WORKFLOW.check(state=MembershipState.SUBMITTED, action=action, role=Role.STAFF, reason="  ")


def test_an_approved_membership_cannot_be_approved_again():
    with pytest.raises(TransitionNotAllowed, match="impossible : l'adhésion est « validée »"):
        WORKFLOW.check(state=MembershipState.APPROVED, action=MembershipAction.APPROVE, role=Role.STAFF)


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.check(state=MembershipState.SUBMITTED, action="explode", role=Role.STAFF)


def test_every_state_is_reachable_and_every_transition_targets_a_state():
    targets = {t.target for t in WORKFLOW.transitions}
    assert set(MembershipState.values) == targets
    for transition in WORKFLOW.transitions:
        assert all(source == NOTHING or source in MembershipState.values for source in transition.sources)


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        (NOTHING, MembershipAction.SUBMIT, MembershipState.SUBMITTED),
        (MembershipState.INFO_REQUESTED, MembershipAction.RESUBMIT, MembershipState.SUBMITTED),
        (MembershipState.REFUSED, MembershipAction.RESUBMIT, MembershipState.SUBMITTED),
        (MembershipState.APPROVED, MembershipAction.RENEW, MembershipState.APPROVED),
    ],
)
def test_applicant_transitions(state, action, target):
    assert WORKFLOW.check(state=state, action=action, role=Role.MEMBER).target == target


def test_the_review_form_offers_exactly_the_staff_decisions():
    assert STAFF_DECISIONS == (MembershipAction.APPROVE, MembershipAction.REQUEST_INFO, MembershipAction.REFUSE)
