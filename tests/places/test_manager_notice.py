"""A person given the rights to manage a place is told by e-mail, once, with the links to manage it."""

import pytest
from django.core import mail

from solozere.places import services
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(territory):  # type: ignore[no-untyped-def]
    return PlaceFactory(name="Comptoir de Javols")


@pytest.fixture
def actor():  # type: ignore[no-untyped-def]
    return UserFactory(staff=True)


def test_a_new_manager_is_told_by_email_with_the_links_to_manage(place, actor, settings, on_commit):
    settings.SITE_URL = "https://solozere.example"
    anne = UserFactory(email="anne@example.org")
    with on_commit(execute=True):
        services.place_set_managers(actor=actor, place=place, managers=[anne])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@example.org"]
    assert "Vous gérez désormais « Comptoir de Javols »" in message.subject
    assert "vous a donné les droits de gestion du lieu « Comptoir de Javols »" in message.body
    assert f"https://solozere.example/lieux/{place.slug}/gerer/\n" in message.body
    assert f"https://solozere.example/lieux/{place.slug}/gerer/modifier/\n" in message.body
    assert "https://solozere.example/compte/profil/" in message.body


def test_the_email_leaves_only_once_the_change_is_committed(place, actor, on_commit):
    with on_commit(execute=False) as callbacks:
        services.place_set_managers(actor=actor, place=place, managers=[UserFactory(email="anne@example.org")])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["anne@example.org"]]


def test_only_the_people_newly_given_the_rights_are_told(place, actor, on_commit):
    anne, bruno = UserFactory(email="anne@example.org"), UserFactory(email="bruno@example.org")
    inactive = UserFactory(email="parti@example.org", is_active=False)
    with on_commit(execute=True):
        services.place_set_managers(actor=actor, place=place, managers=[anne])
    mail.outbox.clear()
    with on_commit(execute=True):
        services.place_set_managers(actor=actor, place=place, managers=[anne, bruno, inactive])
    assert [m.to for m in mail.outbox] == [["bruno@example.org"]]
    mail.outbox.clear()
    # Removing someone, or saving the same list again, tells nobody.
    with on_commit(execute=True):
        services.place_set_managers(actor=actor, place=place, managers=[bruno])
        services.place_set_managers(actor=actor, place=place, managers=[bruno])
    assert mail.outbox == []
