"""The personas of tests/conftest.py hold the role their name says, and only that one."""

import pytest

from solozere.accounts.roles import Role, roles_of


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("plain_user", []),
        ("member", [Role.MEMBER]),
        ("place_manager", [Role.PLACE_MANAGER]),
        ("company_representative", [Role.COMPANY_REPRESENTATIVE]),
        ("staff_user", [Role.NETWORK_STAFF]),
        ("superuser", [Role.NETWORK_STAFF]),
        ("inactive_staff", []),
    ],
)
def test_each_persona_holds_exactly_its_role(request, persona, expected):
    user = request.getfixturevalue(persona)
    assert roles_of(user) == expected


def test_the_visitor_is_not_signed_in(visitor, db):
    assert visitor.get("/compte/profil/").status_code == 302
