import pytest

from solozere.aids.workflow import (
    TRANSITIONS,
    Action,
    Actor,
    Status,
    TransitionNotAllowed,
    actions_available,
    transition_for,
)


def test_every_action_has_one_row_and_targets_a_known_state():
    assert set(TRANSITIONS) == set(Action)
    for transition in TRANSITIONS.values():
        assert transition.target in Status
        assert transition.sources and transition.target not in transition.sources


def test_the_happy_path():
    path = [
        (Action.SUBMIT, Actor.APPLICANT),
        (Action.START_REVIEW, Actor.STAFF),
        (Action.REQUEST_DOCUMENTS, Actor.STAFF),
        (Action.COMPLETE, Actor.APPLICANT),
        (Action.ACCEPT, Actor.STAFF),
        (Action.RECORD_PAYMENT, Actor.STAFF),
    ]
    status = Status.DRAFT
    for action, actor in path:
        status = transition_for(action, status, actor).target
    assert status == Status.PAID


@pytest.mark.parametrize("final", [Status.REFUSED, Status.PAID, Status.WITHDRAWN])
def test_final_states_allow_nothing(final):
    assert actions_available(final, Actor.STAFF) == []
    assert actions_available(final, Actor.APPLICANT) == []


def test_an_applicant_cannot_decide():
    with pytest.raises(TransitionNotAllowed, match="pas le droit"):
        transition_for(Action.ACCEPT, Status.UNDER_REVIEW, Actor.APPLICANT)


def test_a_draft_cannot_be_accepted():
    with pytest.raises(TransitionNotAllowed, match="brouillon"):
        transition_for(Action.ACCEPT, Status.DRAFT, Actor.STAFF)


def test_an_accepted_application_cannot_be_refused():
    with pytest.raises(TransitionNotAllowed):
        transition_for(Action.REFUSE, Status.ACCEPTED, Actor.STAFF)


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionNotAllowed, match="inconnue"):
        transition_for("explode", Status.DRAFT, Actor.STAFF)


def test_refusing_and_requesting_documents_need_a_reason():
    assert TRANSITIONS[Action.REFUSE].reason_required
    assert TRANSITIONS[Action.REQUEST_DOCUMENTS].reason_required
