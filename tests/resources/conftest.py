import pytest

from solozere.accounts.roles import Role, register_role_check, unregister_role
from tests.accounts.factories import UserFactory


@pytest.fixture
def partner_agent(db):  # type: ignore[no-untyped-def]
    """An agent of a partner organisation. The accompaniment app, which will register that role, is not built yet:
    the role's check is registered here for this person only."""
    agent = UserFactory(email="agent@structure-partenaire.example")
    register_role_check(Role.PARTNER_AGENT, lambda user: user.pk == agent.pk)
    yield agent
    unregister_role(Role.PARTNER_AGENT)
