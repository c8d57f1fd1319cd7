"""Fixtures for the charter, adhesion, manager and correction tests: the published first version of the charter
(loaded by the real command's service). The people (manager, staff_user...) are the personas of tests/conftest.py."""

import pytest

from solozere.places.services_charter import charter_load_reference


@pytest.fixture
def charter_v1(db):  # type: ignore[no-untyped-def]
    version, _created = charter_load_reference()
    return version
