"""What the role tests share: the roles every protected page is tried with, and how to read what each one gets.
The fixtures `people` and `as_role` that sign a role in are in tests/conftest.py."""

ROLES = ["visitor", "plain", "member", "manager", "company", "partner", "staff"]
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "visitor": "login", "staff": 200}


def expect(response, expected):  # type: ignore[no-untyped-def]
    """`expected` is a status code, or "login" for a redirect to the sign-in page."""
    if expected == "login":
        assert response.status_code == 302, response
        assert response["Location"].startswith("/compte/login/"), response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.get("Location"))
