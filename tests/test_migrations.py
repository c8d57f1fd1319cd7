"""A database migrated at the commit before the charter left places (and before the shared workflow) upgrades with
every row kept: places, adhesions and their log, teleworker memberships, aid applications, and the audit log, whose
entries follow the adhesions to their new app."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Each app's last migration at that commit; the charter app did not exist.
BEFORE = [
    ("accounts", "0001_initial"),
    ("core", "0002_create_cache_table"),
    ("territory", "0001_initial"),
    ("places", "0003_add_pivot_to_place"),
    ("community", "0001_add_membership_directory_and_reports"),
    ("aids", "0001_initial"),
    ("charter", None),
]

COUNTS = {
    ("places", "Place"): 2,
    ("charter", "Charter"): 1,
    ("charter", "CharterVersion"): 1,
    ("charter", "PlaceMembership"): 2,
    ("charter", "PlaceMembershipEvent"): 3,
    ("community", "Membership"): 1,
    ("community", "MembershipEvent"): 2,
    ("aids", "AidApplication"): 1,
    ("aids", "ApplicationTransition"): 2,
    ("core", "AuditLogEntry"): 1,
}


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _fill_old_database(old) -> int:  # type: ignore[no-untyped-def]
    """Rows as the previous code wrote them; returns the adhesion the audit entry is about."""
    now = timezone.now()
    user = old.get_model("accounts", "User").objects.create(email="ancienne@example.org", password="!")
    commune = old.get_model("territory", "Commune").objects.create(
        insee_code="48095", name="Mende", search_name="mende", postal_codes="48000"
    )
    Place = old.get_model("places", "Place")
    places = [
        Place.objects.create(name=f"Comptoir {n}", slug=f"comptoir-{n}", kind="comptoir", commune=commune)
        for n in (1, 2)
    ]
    charter = old.get_model("places", "Charter").objects.create(slug="charte", title="Charte")
    version = old.get_model("places", "CharterVersion").objects.create(
        charter=charter, number=1, text="Texte", published_at=now
    )
    PlaceMembership = old.get_model("places", "PlaceMembership")
    approved = PlaceMembership.objects.create(
        place=places[0], charter_version=version, kind="comptoir", status="approved", accepted_at=now
    )
    PlaceMembership.objects.create(
        place=places[1], charter_version=version, kind="comptoir", status="submitted", accepted_at=now
    )
    Event = old.get_model("places", "PlaceMembershipEvent")
    for action, before, after in [("submit", "", "submitted"), ("approve", "submitted", "approved")]:
        Event.objects.create(membership=approved, action=action, from_status=before, to_status=after, actor=user)
    Event.objects.create(membership_id=approved.pk + 1, action="submit", from_status="", to_status="submitted")
    ContentType = old.get_model("contenttypes", "ContentType")
    adhesion_type, _ = ContentType.objects.get_or_create(app_label="places", model="placemembership")
    old.get_model("core", "AuditLogEntry").objects.create(
        action="transition", content_type=adhesion_type, object_id=str(approved.pk), object_repr="Comptoir 1"
    )
    membership = old.get_model("community", "Membership").objects.create(
        user=user, first_name="Lou", last_name="Ancien", status="freelance", occupation="Graphiste",
        sector="digital", telework_frequency="full_time", state="approved", commune=commune,
        valid_until=dt.date(2027, 1, 4),
    )  # fmt: skip
    MembershipEvent = old.get_model("community", "MembershipEvent")
    for action, before, after in [("submit", "", "submitted"), ("approve", "submitted", "approved")]:
        MembershipEvent.objects.create(membership=membership, action=action, from_state=before, to_state=after)
    zone = old.get_model("territory", "Zone").objects.create(slug="quatre-cantons", name="Quatre cantons")
    scheme = old.get_model("aids", "AidScheme").objects.create(
        slug="aide", title="Aide", description="d", legal_basis="l", funder_name="f", zone=zone,
        ceiling=Decimal(3000), conditions="c",
    )  # fmt: skip
    company = old.get_model("aids", "Company").objects.create(
        siret="73282932000074", name="Entreprise", address="1 rue", postal_code="48000", city="Mende"
    )
    application = old.get_model("aids", "AidApplication").objects.create(
        scheme=scheme, company=company, created_by=user, employee_first_name="Ana", employee_last_name="B",
        employee_birth_date=dt.date(1990, 1, 1), employee_address="2 rue", employee_commune_input="Mende",
        employee_key="b|ana|1990-01-01", status="submitted",
    )  # fmt: skip
    Transition = old.get_model("aids", "ApplicationTransition")
    for action, before, after in [("create", "", "draft"), ("submit", "draft", "submitted")]:
        Transition.objects.create(application=application, action=action, from_status=before, to_status=after)
    return approved.pk


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_upgrades_with_every_row_kept():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        adhesion_pk = _fill_old_database(old)

        new = _migrate(latest)

        for (app, model), expected in COUNTS.items():
            assert new.get_model(app, model).objects.count() == expected, f"{app}.{model}"
        entry = new.get_model("core", "AuditLogEntry").objects.select_related("content_type").get()
        assert (entry.content_type.app_label, entry.content_type.model) == ("charter", "placemembership")
        assert entry.object_id == str(adhesion_pk)
        adhesion = new.get_model("charter", "PlaceMembership").objects.get(pk=adhesion_pk)
        assert (adhesion.status, adhesion.place.slug) == ("approved", "comptoir-1")
    finally:
        _migrate(latest)
