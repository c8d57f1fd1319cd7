import pytest

from solozere.accounts import roles
from solozere.accounts.roles import Role


@pytest.fixture
def future_roles():
    """The member, company and partner roles belong to apps still to come: register stand-ins."""
    flagged: dict[Role, set[int]] = {Role.MEMBER: set(), Role.COMPANY_REPRESENTATIVE: set(), Role.PARTNER_AGENT: set()}
    saved = {role: (roles._checks.get(role), roles._scopes.get(role)) for role in flagged}
    for role, user_ids in flagged.items():
        roles.unregister_role(role)
        roles.register_role_check(role, lambda user, ids=user_ids: user.pk in ids)
    roles.register_role_scope(Role.COMPANY_REPRESENTATIVE, lambda user: ["Lozère Conseil SARL"])
    yield flagged
    for role, (check, scope) in saved.items():
        roles.unregister_role(role)
        if check:
            roles.register_role_check(role, check)
        if scope:
            roles.register_role_scope(role, scope)
