"""The audit log: who changed what, when; shown in the back office, never edited."""

import pytest
from django.contrib.auth.models import AnonymousUser

from solozere.core.admin import render_changes
from solozere.core.audit import diff_fields, entries_for, log_change
from solozere.core.models import AuditLogEntry
from tests.accounts.factories import UserFactory


def test_diff_fields_keeps_only_what_differs():
    before = {"name": "A", "desks": None, "wifi": "free"}
    after = {"name": "B", "desks": None, "wifi": "free", "phone": "04"}
    assert diff_fields(before, after) == {"name": ["A", "B"], "phone": [None, "04"]}


def test_diff_fields_turns_values_into_json():
    import datetime as dt
    from decimal import Decimal

    changes = diff_fields({"d": None, "m": None}, {"d": dt.date(2026, 3, 2), "m": Decimal("940.5")})
    assert changes == {"d": [None, "2026-03-02"], "m": [None, "940.5"]}


@pytest.mark.django_db
def test_log_change_records_the_actor_the_object_and_the_diff():
    actor = UserFactory()
    target = UserFactory(email="cible@example.org")

    entry = log_change(actor=actor, obj=target, action=AuditLogEntry.Action.UPDATE, changes={"x": [1, 2]}, message="m")

    assert entry.actor == actor
    assert entry.object_id == str(target.pk)
    assert entry.object_repr == str(target)
    assert list(entries_for(target)) == [entry]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_an_anonymous_or_missing_actor_is_stored_as_none(actor):
    target = UserFactory()
    assert log_change(actor=actor, obj=target, action=AuditLogEntry.Action.CREATE).actor is None


@pytest.mark.django_db
def test_entries_outlive_their_actor():
    actor, target = UserFactory(), UserFactory()
    entry = log_change(actor=actor, obj=target, action=AuditLogEntry.Action.UPDATE)
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None


def test_render_changes_is_a_table_with_labels_and_words():
    html = render_changes(
        {"status": ["open", "member"], "phone": [None, None], "is_demo": [True, False]},
        labels={"status": "Statut"},
        display=lambda field, value: {"open": "En service", "member": "Membre"}.get(value, value),
    )
    assert '<th scope="row">Statut</th><td>En service</td><td>Membre</td>' in html
    assert "phone" not in html  # empty on both sides
    assert "<td>oui</td><td>non</td>" in html


def test_render_changes_escapes_what_people_typed():
    html = render_changes({"name": [None, "<script>alert(1)</script>"]})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_render_changes_of_nothing_is_a_dash():
    assert render_changes({}) == "—"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_network_staff_reach_the_audit_log(client, who):
    if who == "member":
        client.force_login(UserFactory())
    response = client.get("/gestion/core/auditlogentry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/gestion/login/")


@pytest.mark.django_db
def test_network_staff_read_the_audit_log_but_cannot_change_it(client):
    staff = UserFactory(staff=True)
    entry = log_change(actor=staff, obj=staff, action=AuditLogEntry.Action.UPDATE, changes={"first_name": ["A", "B"]})
    client.force_login(staff)

    listing = client.get("/gestion/core/auditlogentry/")
    detail = client.get(f"/gestion/core/auditlogentry/{entry.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert '<th scope="row">first_name</th>' in detail.text
    assert client.get("/gestion/core/auditlogentry/add/").status_code == 403
    assert client.post(f"/gestion/core/auditlogentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()
