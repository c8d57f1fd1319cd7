import itertools

import pytest

from solozere.aids.workflow import (
    COMMITTED_STATUSES,
    DECIDED_STATUSES,
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    WORKFLOW,
    Action,
    Role,
    Status,
)
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from tests.workflow_matrix import assert_available, assert_cell

A, S = Action, Status
# The whole table, written out: (state, action, role) -> target. Every other combination is refused.
ALLOWED = {
    (S.DRAFT, A.SUBMIT, Role.APPLICANT): S.SUBMITTED,
    (S.SUBMITTED, A.START_REVIEW, Role.STAFF): S.UNDER_REVIEW,
    (S.SUBMITTED, A.REQUEST_DOCUMENTS, Role.STAFF): S.AWAITING_DOCUMENTS,
    (S.UNDER_REVIEW, A.REQUEST_DOCUMENTS, Role.STAFF): S.AWAITING_DOCUMENTS,
    (S.AWAITING_DOCUMENTS, A.COMPLETE, Role.APPLICANT): S.UNDER_REVIEW,
    (S.SUBMITTED, A.ACCEPT, Role.STAFF): S.ACCEPTED,
    (S.UNDER_REVIEW, A.ACCEPT, Role.STAFF): S.ACCEPTED,
    (S.SUBMITTED, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.UNDER_REVIEW, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.AWAITING_DOCUMENTS, A.REFUSE, Role.STAFF): S.REFUSED,
    (S.ACCEPTED, A.RECORD_PAYMENT, Role.STAFF): S.PAID,
    (S.DRAFT, A.WITHDRAW, Role.APPLICANT): S.WITHDRAWN,
    (S.SUBMITTED, A.WITHDRAW, Role.APPLICANT): S.WITHDRAWN,
    (S.UNDER_REVIEW, A.WITHDRAW, Role.APPLICANT): S.WITHDRAWN,
    (S.AWAITING_DOCUMENTS, A.WITHDRAW, Role.APPLICANT): S.WITHDRAWN,
}
MATRIX = list(itertools.product([NOTHING, *Status], Action, Role))


@pytest.mark.parametrize(("state", "action", "role"), MATRIX)
def test_every_state_action_and_role(state, action, role):
    assert_cell(WORKFLOW, ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product([NOTHING, *Status], Role)))
def test_available_is_the_matrix_seen_from_one_state_and_role(state, role):
    assert_available(WORKFLOW, ALLOWED, state, role)


def test_every_action_has_one_row_and_targets_a_known_state():
    assert set(WORKFLOW.actions) == set(Action)
    for transition in WORKFLOW.transitions:
        assert transition.target in Status
        assert transition.sources and transition.target not in transition.sources


def test_the_happy_path():
    path = [
        (Action.SUBMIT, Role.APPLICANT),
        (Action.START_REVIEW, Role.STAFF),
        (Action.REQUEST_DOCUMENTS, Role.STAFF),
        (Action.COMPLETE, Role.APPLICANT),
        (Action.ACCEPT, Role.STAFF),
        (Action.RECORD_PAYMENT, Role.STAFF),
    ]
    status: str = Status.DRAFT
    for action, role in path:
        status = WORKFLOW.check(state=status, action=action, role=role, reason="motif").target
    assert status == Status.PAID


@pytest.mark.parametrize("final", [Status.REFUSED, Status.PAID, Status.WITHDRAWN])
def test_final_states_allow_nothing(final):
    assert WORKFLOW.available(final, Role.STAFF) == []
    assert WORKFLOW.available(final, Role.APPLICANT) == []


def test_an_applicant_cannot_decide():
    with pytest.raises(TransitionNotAllowed, match="pas le droit"):
        WORKFLOW.check(state=Status.UNDER_REVIEW, action=Action.ACCEPT, role=Role.APPLICANT)


def test_a_draft_cannot_be_accepted():
    with pytest.raises(TransitionNotAllowed, match="brouillon"):
        WORKFLOW.check(state=Status.DRAFT, action=Action.ACCEPT, role=Role.STAFF)


def test_an_accepted_application_cannot_be_refused():
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.check(state=Status.ACCEPTED, action=Action.REFUSE, role=Role.STAFF, reason="motif")


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionNotAllowed, match="inconnue"):
        WORKFLOW.check(state=Status.DRAFT, action="explode", role=Role.STAFF)


def test_refusing_and_requesting_documents_need_a_reason():
    assert WORKFLOW.transition(Action.REFUSE).reason_required
    assert WORKFLOW.transition(Action.REQUEST_DOCUMENTS).reason_required
    assert {t.action for t in WORKFLOW.transitions if t.reason_required} == {Action.REFUSE, Action.REQUEST_DOCUMENTS}
    with pytest.raises(TransitionNotAllowed, match="Indiquez le motif"):
        WORKFLOW.check(state=Status.SUBMITTED, action=Action.REFUSE, role=Role.STAFF, reason=" ")


def test_an_accepted_or_paid_employee_is_still_held_and_cannot_be_funded_again():
    assert {
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.AWAITING_DOCUMENTS,
        Status.ACCEPTED,
        Status.PAID,
    } == LIVE_STATUSES


def test_only_granted_amounts_count_in_the_envelope():
    assert {Status.ACCEPTED, Status.PAID} == COMMITTED_STATUSES


def test_the_applicant_edits_a_draft_or_an_application_awaiting_documents():
    assert {Status.DRAFT, Status.AWAITING_DOCUMENTS} == EDITABLE_STATUSES
    assert {Status.ACCEPTED, Status.REFUSED, Status.PAID} == DECIDED_STATUSES
    assert all(
        {t.action for t in WORKFLOW.available(state, Role.APPLICANT)} & {Action.SUBMIT, Action.COMPLETE}
        for state in EDITABLE_STATUSES
    )
