"""The one workflow mechanism, without the database: the table, the one check, what a role can do now."""

import pytest

from solozere.core.workflow import NOTHING, Transition, TransitionNotAllowed, Workflow

DOOR = Workflow(
    noun="la porte",
    states={"open": "ouverte", "closed": "fermée", "locked": "verrouillée"},
    roles={"guard": "le gardien", "visitor": "le visiteur"},
    transitions=[
        Transition("build", frozenset({NOTHING}), "closed", frozenset({"guard"}), "Poser la porte"),
        Transition("open", frozenset({"closed"}), "open", frozenset({"guard", "visitor"}), "Ouvrir"),
        Transition("close", frozenset({"open"}), "closed", frozenset({"guard", "visitor"}), "Fermer"),
        Transition("lock", frozenset({"closed"}), "locked", frozenset({"guard"}), "Verrouiller", reason_required=True),
    ],
)


def test_check_returns_the_transition_with_its_target():
    transition = DOOR.check(state="closed", action="open", role="visitor")
    assert (transition.action, transition.target) == ("open", "open")


def test_the_creating_action_starts_from_nothing():
    assert DOOR.check(state=NOTHING, action="build", role="guard").target == "closed"


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionNotAllowed, match="Action inconnue"):
        DOOR.check(state="closed", action="explode", role="guard")


def test_a_role_without_the_right_is_told_who_may():
    with pytest.raises(TransitionNotAllowed) as error:
        DOOR.check(state="closed", action="lock", role="visitor", reason="la nuit")
    assert error.value.message == (
        "Vous n'avez pas le droit d'effectuer cette action sur la porte : elle revient à le gardien."
    )


def test_an_action_from_the_wrong_state_names_the_action_and_the_state():
    with pytest.raises(TransitionNotAllowed) as error:
        DOOR.check(state="open", action="lock", role="guard", reason="la nuit")
    assert error.value.message == "Action « Verrouiller » impossible : la porte est « ouverte »."


def test_an_action_on_what_does_not_exist_yet_says_so():
    with pytest.raises(TransitionNotAllowed, match="la porte n'existe pas encore"):
        DOOR.check(state=NOTHING, action="open", role="guard")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_required_reason_must_be_given(reason):
    with pytest.raises(TransitionNotAllowed, match="Indiquez le motif"):
        DOOR.check(state="closed", action="lock", role="guard", reason=reason)
    assert DOOR.check(state="closed", action="lock", role="guard", reason="la nuit").target == "locked"


def test_the_role_is_checked_before_the_state_and_the_state_before_the_reason():
    with pytest.raises(TransitionNotAllowed, match="pas le droit"):
        DOOR.check(state="open", action="lock", role="visitor")
    with pytest.raises(TransitionNotAllowed, match="impossible"):
        DOOR.check(state="open", action="lock", role="guard")


def test_available_lists_what_a_role_can_do_now_in_table_order():
    assert [t.action for t in DOOR.available("closed", "guard")] == ["open", "lock"]
    assert [t.action for t in DOOR.available("closed", "visitor")] == ["open"]
    assert DOOR.available("locked", "guard") == []


def test_a_workflow_can_say_why_a_reason_is_needed():
    workflow = Workflow(
        noun="la demande",
        states={"a": "A", "b": "B"},
        roles={"staff": "l'équipe"},
        reason_message="Indiquez le motif : il est envoyé à la personne.",
        transitions=[Transition("go", frozenset({"a"}), "b", frozenset({"staff"}), "Aller", reason_required=True)],
    )
    with pytest.raises(TransitionNotAllowed, match="il est envoyé à la personne"):
        workflow.check(state="a", action="go", role="staff")


@pytest.mark.parametrize(
    ("transitions", "says"),
    [
        ([Transition("go", frozenset({"a"}), "nowhere", frozenset({"staff"}), "Aller")], "unknown states"),
        ([Transition("go", frozenset({"nowhere"}), "a", frozenset({"staff"}), "Aller")], "unknown states"),
        ([Transition("go", frozenset({"a"}), NOTHING, frozenset({"staff"}), "Aller")], "unknown states"),
        ([Transition("go", frozenset({"a"}), "a", frozenset({"intruder"}), "Aller")], "unknown roles"),
        ([Transition("go", frozenset(), "a", frozenset({"staff"}), "Aller")], "at least one source"),
        (
            [
                Transition("go", frozenset({"a"}), "a", frozenset({"staff"}), "Aller"),
                Transition("go", frozenset({"a"}), "a", frozenset({"staff"}), "Aller encore"),
            ],
            "appears twice",
        ),
    ],
    ids=["unknown-target", "unknown-source", "target-nothing", "unknown-role", "no-source", "action-twice"],
)
def test_a_wrong_table_is_refused_at_import_time(transitions, says):
    with pytest.raises(ValueError, match=f"'go'.* {says}"):
        Workflow(noun="x", states={"a": "A"}, roles={"staff": "l'équipe"}, transitions=transitions)


def test_a_transition_is_frozen():
    transition = DOOR.transition("open")
    with pytest.raises(AttributeError):
        transition.target = "locked"  # type: ignore[misc]


def test_the_refusals_are_whole_french_sentences():
    with pytest.raises(TransitionNotAllowed) as unknown:
        DOOR.check(state="closed", action="explode", role="guard")
    with pytest.raises(TransitionNotAllowed) as nothing:
        DOOR.check(state=NOTHING, action="open", role="guard")

    assert unknown.value.message == "Action inconnue."
    assert nothing.value.message == "Action « Ouvrir » impossible : la porte n'existe pas encore."


def test_a_state_is_told_by_its_label_and_an_unknown_one_by_its_code():
    assert DOOR.noun == "la porte"
    assert DOOR.state_label("locked") == "verrouillée"
    assert DOOR.state_label("ajar") == "ajar"


def test_a_refusal_names_every_role_that_may_act():
    """Built inside the test: a table built at import time is built before a mutation tool can change the code."""
    gate = Workflow(
        noun="la barrière",
        states={"down": "baissée", "up": "levée"},
        roles={"guard": "le gardien", "driver": "le chauffeur", "walker": "le passant"},
        transitions=[Transition("raise", frozenset({"down"}), "up", frozenset({"guard", "driver"}), "Lever")],
    )

    with pytest.raises(TransitionNotAllowed) as error:
        gate.check(state="down", action="raise", role="walker")

    assert gate.noun == "la barrière"
    assert error.value.message == (
        "Vous n'avez pas le droit d'effectuer cette action sur la barrière : elle revient à le gardien ou le chauffeur."
    )
