from tests.places.conftest import charter_v1  # noqa: F401
