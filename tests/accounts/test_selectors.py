"""Which account an address typed by someone else belongs to: only one that has confirmed it."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from solozere.accounts.selectors import has_verified_email, users_with_verified_email
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_account_that_confirmed_the_address_in_any_case():
    person = UserFactory(email="camille@example.org")
    UserFactory(email="autre@example.org")
    assert list(users_with_verified_email(" Camille@Example.org ")) == [person]
    assert has_verified_email(person)


def test_no_account_for_an_address_never_confirmed_or_confirmed_elsewhere():
    person = UserFactory(email="camille@example.org", unverified=True)
    EmailAddress.objects.create(user=person, email="ancienne@example.org", verified=True)
    assert not users_with_verified_email("camille@example.org").exists()
    # A confirmed address that is no longer the account's own does not name it either.
    assert not users_with_verified_email("ancienne@example.org").exists()
    assert not has_verified_email(person)


def test_nobody_for_an_empty_address_or_someone_not_signed_in():
    UserFactory(email="camille@example.org")
    assert not users_with_verified_email("  ").exists()
    assert not has_verified_email(AnonymousUser())
