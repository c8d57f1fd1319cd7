import pytest


@pytest.fixture(autouse=True)
def _territory(territory):  # type: ignore[no-untyped-def]
    """Every events test has the communes of Lozère (sites and places name them)."""
    return territory
