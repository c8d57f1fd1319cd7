"""The one workflow mechanism: a transition table, one check, and what a role may do now. Pure: no ORM.

An app declares its states (TextChoices), its actions and a `Workflow` of `Transition` rows; its services call
`solozere.core.workflow_log.apply_transition`, which checks here, sets the state and writes one row of the app's
subclass of `solozere.core.models.TransitionLog`. Why not django-fsm or django-xworkflows: docs/adr/0007.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The state of an object that does not exist yet: the source of the action that creates it.
NOTHING = ""

REASON_MISSING = _("Indiquez le motif.")

Label: TypeAlias = str | Promise


@dataclass(frozen=True)
class Transition:
    """One row of a table: `action` takes an object in one of `sources` to `target`, if done by one of `roles`."""

    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: Label
    reason_required: bool = False


class TransitionNotAllowed(Exception):
    """The action is refused; `message` is a French sentence for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Workflow:
    """A transition table, with the French labels of its states and roles and the French noun of what it moves
    ("la demande"). `roles` are who may act ("staff", "applicant", "manager", "system"), labelled for the
    sentence that refuses ("l'équipe du réseau")."""

    def __init__(
        self,
        *,
        noun: Label,
        states: Mapping[str, Label],
        roles: Mapping[str, Label],
        transitions: Iterable[Transition],
        reason_message: Label = REASON_MISSING,
    ) -> None:
        self.noun = noun
        self.states: dict[str, Label] = dict(states)
        self.roles: dict[str, Label] = dict(roles)
        self.reason_message = reason_message
        self._transitions: dict[str, Transition] = {}
        for transition in transitions:
            # Mistakes in a table are the programmer's: refuse them at import time, not in front of a person.
            if transition.action in self._transitions:
                raise ValueError(f"Action {transition.action!r} appears twice in the table.")
            unknown = {*transition.sources, transition.target} - {*self.states, NOTHING}
            if unknown or transition.target == NOTHING:
                raise ValueError(f"Action {transition.action!r} names unknown states: {sorted(unknown)}.")
            if not transition.sources or not transition.roles:
                raise ValueError(f"Action {transition.action!r} needs at least one source and one role.")
            if transition.roles - set(self.roles):
                raise ValueError(f"Action {transition.action!r} names unknown roles: {sorted(transition.roles)}.")
            self._transitions[transition.action] = transition

    @property
    def transitions(self) -> list[Transition]:
        return list(self._transitions.values())

    @property
    def actions(self) -> list[str]:
        return list(self._transitions)

    def transition(self, action: str) -> Transition:
        return self._transitions[action]

    def state_label(self, state: str) -> Label:
        return self.states.get(state, state)

    def check(self, *, state: str, action: str, role: str, reason: str = "") -> Transition:
        """The transition `role` may apply to an object in `state`, or TransitionNotAllowed saying why not."""
        transition = self._transitions.get(str(action))
        if transition is None:
            raise TransitionNotAllowed(gettext("Action inconnue."))
        if role not in transition.roles:
            who = gettext(" ou ").join(str(self.roles[r]) for r in self.roles if r in transition.roles)
            raise TransitionNotAllowed(
                gettext("Vous n'avez pas le droit d'effectuer cette action sur %(noun)s : elle revient à %(who)s.")
                % {"noun": self.noun, "who": who}
            )
        if state not in transition.sources:
            if state == NOTHING:
                message = gettext("Action « %(action)s » impossible : %(noun)s n'existe pas encore.")
            else:
                message = gettext("Action « %(action)s » impossible : %(noun)s est « %(state)s ».")
            raise TransitionNotAllowed(
                message % {"action": transition.label, "noun": self.noun, "state": self.state_label(state)}
            )
        if transition.reason_required and not reason.strip():
            raise TransitionNotAllowed(str(self.reason_message))
        return transition

    def available(self, state: str, role: str) -> list[Transition]:
        """What `role` can do now to an object in `state`, in the order of the table."""
        return [t for t in self._transitions.values() if role in t.roles and state in t.sources]
