"""Fixtures for the charter, adhesion, manager and correction tests: the published first version of the charter
(loaded by the real command's service) and one person per role."""

import pytest

from solozere.charter.services import charter_load_reference
from tests.accounts.factories import UserFactory


@pytest.fixture
def charter_v1(db):  # type: ignore[no-untyped-def]
    version, _created = charter_load_reference()
    return version


@pytest.fixture
def manager(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="gestionnaire@example.org", first_name="Jeanne", last_name="Pagès")


@pytest.fixture
def other_manager(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="autre.gestionnaire@example.org")


@pytest.fixture
def plain_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="visiteur@example.org")


@pytest.fixture
def staff_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(staff=True, email="equipe@solozere.fr", first_name="Équipe", last_name="Réseau")
