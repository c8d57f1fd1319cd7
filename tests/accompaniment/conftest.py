"""What the staff screens' tests share: one signed-in client per role, and what each role should get."""

import pytest

ROLES = ["visitor", "plain", "member", "manager", "company", "partner", "staff"]
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "visitor": "login", "staff": 200}


@pytest.fixture
def people(plain_user, member, place_manager, company_representative, partner_agent, staff_user):
    return {
        "visitor": None,
        "plain": plain_user,
        "member": member,
        "manager": place_manager,
        "company": company_representative,
        "partner": partner_agent,
        "staff": staff_user,
    }


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def as_role(client, people):
    """`as_role("member")`: the test client signed in as that role (anonymous for "visitor")."""

    def sign_in(role):
        if people[role] is not None:
            client.force_login(people[role])
        return client

    return sign_in


def expect(response, expected):
    """`expected` is a status code, or "login" for a redirect to the sign-in page."""
    if expected == "login":
        assert response.status_code == 302, response
        assert response["Location"].startswith("/compte/login/"), response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.get("Location"))
