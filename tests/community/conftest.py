import pytest
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.community.factories import MembershipFactory

ROLES = ["anonymous", "plain_user", "pending_applicant", "member", "staff"]


@pytest.fixture
def role_client(db):
    """A client logged in as one of ROLES; returns (client, user or None)."""

    def make(role: str) -> tuple[Client, object]:
        client = Client()
        user = None
        if role == "plain_user":
            user = UserFactory()
        elif role == "pending_applicant":
            user = MembershipFactory().user
        elif role == "member":
            user = MembershipFactory(approved=True, listed=True).user
        elif role == "staff":
            user = UserFactory(staff=True)
        if user is not None:
            client.force_login(user)
        return client, user

    return make


@pytest.fixture
def send_on_commit(monkeypatch):
    """For commands that commit many times: run each on_commit callback at once (the test's transaction
    never commits). Only for code whose callbacks are registered after its writes."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
