"""The two checks every workflow's matrix test makes: one cell of (state, action, role), and what a role can do."""

import pytest

from solozere.core.workflow import TransitionNotAllowed, Workflow

Allowed = dict[tuple[str, str, str], str]


def assert_cell(workflow: Workflow, allowed: Allowed, state: str, action: str, role: str) -> None:
    """Allowed cells reach their target; every other combination is refused."""
    if (state, action, role) in allowed:
        assert (
            workflow.check(state=state, action=action, role=role, reason="motif").target
            == allowed[(state, action, role)]
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            workflow.check(state=state, action=action, role=role, reason="motif")


def assert_available(workflow: Workflow, allowed: Allowed, state: str, role: str) -> None:
    expected = {action for (s, action, r) in allowed if (s, r) == (state, role)}
    assert {t.action for t in workflow.available(state, role)} == expected
