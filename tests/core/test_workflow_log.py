"""apply_transition on a real table (the community's membership log): one state change, exactly one log row."""

import pytest

from solozere.community.models import Membership, MembershipEvent
from solozere.community.workflow import WORKFLOW, MembershipAction, MembershipState, Role
from solozere.core.models import AuditLogEntry
from solozere.core.workflow import NOTHING, TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from tests.community.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_apply_transition_saves_the_state_and_writes_exactly_one_log_row():
    membership = MembershipFactory()
    staff = UserFactory(staff=True)
    transition = apply_transition(
        workflow=WORKFLOW,
        obj=membership,
        action=MembershipAction.REQUEST_INFO,
        role=Role.STAFF,
        actor=staff,
        reason="  Votre commune ?  ",
        log_model=MembershipEvent,
        state_field="state",
        membership=membership,
    )
    assert transition.target == MembershipState.INFO_REQUESTED
    assert Membership.objects.get(pk=membership.pk).state == MembershipState.INFO_REQUESTED
    [event] = MembershipEvent.objects.all()
    assert (event.membership, event.action, event.from_state, event.to_state, event.actor, event.reason) == (
        membership,
        "request_info",
        "submitted",
        "info_requested",
        staff,
        "Votre commune ?",
    )
    assert not AuditLogEntry.objects.exists()  # a transition is not a field edit


def test_apply_transition_saves_only_the_state_and_the_fields_it_is_given():
    membership = MembershipFactory()
    membership.bio = "Changée sans être enregistrée"
    apply_transition(
        workflow=WORKFLOW,
        obj=membership,
        action=MembershipAction.REFUSE,
        role=Role.STAFF,
        actor=None,
        reason="Hors du territoire",
        log_model=MembershipEvent,
        state_field="state",
        membership=membership,
    )
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.state, stored.bio) == (MembershipState.REFUSED, "J'aime les causses.")
    assert MembershipEvent.objects.get().actor is None


def test_a_refused_transition_changes_and_writes_nothing():
    membership = MembershipFactory(approved=True)
    with pytest.raises(TransitionNotAllowed, match="« validée »"):
        apply_transition(
            workflow=WORKFLOW,
            obj=membership,
            action=MembershipAction.APPROVE,
            role=Role.STAFF,
            actor=None,
            log_model=MembershipEvent,
            state_field="state",
            membership=membership,
        )
    assert Membership.objects.get(pk=membership.pk).state == MembershipState.APPROVED
    assert not MembershipEvent.objects.exists()


def test_a_new_object_is_saved_whole_by_its_creating_transition():
    membership = MembershipFactory.build(user=UserFactory(), state=NOTHING)
    apply_transition(
        workflow=WORKFLOW,
        obj=membership,
        action=MembershipAction.SUBMIT,
        role=Role.MEMBER,
        actor=membership.user,
        log_model=MembershipEvent,
        state_field="state",
        membership=membership,
    )
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.state, stored.occupation) == (MembershipState.SUBMITTED, "Développeuse web")
    assert MembershipEvent.objects.get().from_state == ""
