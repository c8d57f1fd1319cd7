"""The charter's tests use the places' fixtures: the published first version and one person per role."""

from tests.places.conftest import charter_v1, manager, other_manager, plain_user, staff_user  # noqa: F401
