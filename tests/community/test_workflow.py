import pytest

from solozere.community.workflow import (
    TRANSITIONS,
    MembershipAction,
    MembershipState,
    TransitionError,
    check_transition,
)


def test_staff_approve_a_submitted_application():
    assert (
        check_transition(state=MembershipState.SUBMITTED, action=MembershipAction.APPROVE, by_staff=True)
        == MembershipState.APPROVED
    )


@pytest.mark.parametrize("action", [MembershipAction.APPROVE, MembershipAction.REQUEST_INFO, MembershipAction.REFUSE])
def test_an_applicant_cannot_take_a_staff_decision(action):
    with pytest.raises(TransitionError, match="équipe"):
        check_transition(state=MembershipState.SUBMITTED, action=action, by_staff=False, reason="x")


@pytest.mark.parametrize("action", [MembershipAction.REQUEST_INFO, MembershipAction.REFUSE])
def test_asking_for_more_or_refusing_needs_a_reason(action):
    with pytest.raises(TransitionError, match="motif"):
        check_transition(state=MembershipState.SUBMITTED, action=action, by_staff=True, reason="  ")


def test_an_approved_membership_cannot_be_approved_again():
    with pytest.raises(TransitionError, match="pas possible"):
        check_transition(state=MembershipState.APPROVED, action=MembershipAction.APPROVE, by_staff=True)


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionError):
        check_transition(state=MembershipState.SUBMITTED, action="explode", by_staff=True)


def test_every_state_is_reachable_and_every_transition_targets_a_state():
    targets = {t.target for t in TRANSITIONS.values()}
    assert set(MembershipState.values) == targets
    for transition in TRANSITIONS.values():
        assert all(source is None or source in MembershipState.values for source in transition.sources)


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        (None, MembershipAction.SUBMIT, MembershipState.SUBMITTED),
        (MembershipState.INFO_REQUESTED, MembershipAction.RESUBMIT, MembershipState.SUBMITTED),
        (MembershipState.REFUSED, MembershipAction.RESUBMIT, MembershipState.SUBMITTED),
        (MembershipState.APPROVED, MembershipAction.RENEW, MembershipState.APPROVED),
    ],
)
def test_applicant_transitions(state, action, target):
    assert check_transition(state=state, action=action, by_staff=False) == target
