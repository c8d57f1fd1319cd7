"""What the accompaniment tests share: a signed-in staff client (the role tests' helpers are in tests/roles.py)."""

import pytest


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client
