"""The staff's screens of the partner profiles (/equipe/accompagnement/structures/): every role on every page (only
the staff get in), changing what an organisation handles and where, a closed organisation refused, bad input kept
with a French message."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.accompaniment.models import PartnerProfile
from solozere.accompaniment.selectors import coverages
from solozere.core.models import AuditLogEntry
from solozere.territory.models import Zone
from tests.organisations.factories import OrganisationFactory
from tests.roles import ROLES, STAFF_ONLY, expect

pytestmark = pytest.mark.django_db

LIST = "/equipe/accompagnement/structures/"
EDIT = "/equipe/accompagnement/structures/{slug}/"


@pytest.fixture
def loaded():
    call_command("load_organisations", stdout=StringIO())
    call_command("load_accompaniment", stdout=StringIO())


def _checked(page: str, name: str, value: object) -> bool:
    """Whether the checkbox `name`=`value` is ticked on the page."""
    found = re.search(rf'<input type="checkbox" name="{name}" value="{value}"[^>]*>', page)
    assert found, (name, value)
    return " checked" in found.group(0)


def _zone(kind: str = Zone.Kind.EPCI) -> Zone:
    return Zone.objects.filter(kind=kind).order_by("name").first()


def _form(**values):
    data = {
        "topics": ["business_creation", "tourism"],
        "zones": [],
        "receives_requests": "on",
        "territory_note": "Antennes à Mende et Marvejols.",
        "contact_email": "creation@cci.example",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", [LIST, EDIT.format(slug="cci-lozere"), EDIT.format(slug="mdecs")])
def test_every_page_for_every_role(as_role, loaded, role, url):
    expect(as_role(role).get(url), STAFF_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_change_a_profile(as_role, loaded, role):
    response = as_role(role).post(EDIT.format(slug="cci-lozere"), _form())

    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    changed = PartnerProfile.objects.get(organisation__slug="cci-lozere").topics == ["business_creation", "tourism"]
    assert changed == (role == "staff")


def test_the_list_shows_topics_territory_and_who_receives(staff, loaded):
    page = staff.get(LIST).content.decode()

    assert "Créer une entreprise" in page
    assert "toute la Lozère" in page
    assert "Communes membres inconnues" in page
    assert 'href="/equipe/accompagnement/structures/cci-lozere/"' in page
    assert 'href="/equipe/structures/cci-lozere/agents/"' in page
    assert "n'existe plus depuis 2018" in page
    assert "0 agent<" in page


def test_the_list_queries_do_not_grow_with_organisations_and_zones(staff, loaded, territory):
    staff.get(LIST)
    with CaptureQueriesContext(connection) as few:
        staff.get(LIST)
    zones = list(Zone.objects.all())
    for n in range(4):
        PartnerProfile.objects.create(organisation=OrganisationFactory(slug=f"autre-{n}"), topics=["workplace"])
        PartnerProfile.objects.get(organisation__slug=f"autre-{n}").zones.set(zones)
    PartnerProfile.objects.get(organisation__slug="cci-lozere").zones.set(zones[:2])

    with CaptureQueriesContext(connection) as many:
        staff.get(LIST)

    assert len(many) == len(few)


def test_the_edit_page_shows_the_zones_by_kind_and_the_current_choices(staff, loaded, territory):
    epci = _zone()
    PartnerProfile.objects.get(organisation__slug="cci-lozere").zones.set([epci])

    page = staff.get(EDIT.format(slug="cci-lozere")).content.decode()

    assert "Intercommunalité (EPCI)" in page
    assert "Canton (découpage d&#x27;avant 2015)" in page
    assert _checked(page, "zones", epci.pk)
    assert not _checked(page, "zones", _zone(Zone.Kind.CANTON_2014).pk)
    assert _checked(page, "topics", "business_creation")
    assert not _checked(page, "topics", "tourism")


def test_staff_set_topics_zones_and_address(staff, staff_user, loaded, territory):
    epci, canton = _zone(), _zone(Zone.Kind.CANTON_2014)

    response = staff.post(EDIT.format(slug="cci-lozere"), _form(zones=[str(epci.pk), str(canton.pk)]), follow=True)

    assert "Sujets et territoire de CCI de la Lozère enregistrés." in response.content.decode()
    profile = PartnerProfile.objects.get(organisation__slug="cci-lozere")
    assert profile.topics == ["business_creation", "tourism"]
    assert set(profile.zones.all()) == {epci, canton}
    assert profile.contact_email == "creation@cci.example"
    assert profile.territory_note == "Antennes à Mende et Marvejols."
    assert profile.is_reference is False
    entry = AuditLogEntry.objects.get(actor=staff_user, object_id=str(profile.pk))
    assert entry.changes["topics"] == [["business_creation", "business_takeover"], ["business_creation", "tourism"]]
    assert entry.changes["zones"][0] == []
    coverage = next(c for c in coverages() if c.organisation_id == profile.organisation_id)
    assert coverage.communes == frozenset(c.insee_code for zone in (epci, canton) for c in zone.communes.all())
    assert epci.name in coverage.territory_label


def test_a_profile_the_staff_changed_is_left_alone_by_the_loader(staff, loaded):
    staff.post(EDIT.format(slug="cci-lozere"), _form())

    call_command("load_accompaniment", stdout=StringIO())

    assert PartnerProfile.objects.get(organisation__slug="cci-lozere").topics == ["business_creation", "tourism"]


def test_saving_without_a_change_keeps_a_reference_profile_reference(staff, loaded):
    departement = PartnerProfile.objects.get(organisation__slug="departement-lozere")
    data = _form(
        topics=departement.topics, territory_note=departement.territory_note, contact_email="", receives_requests="on"
    )

    assert staff.post(EDIT.format(slug="departement-lozere"), data).status_code == 302

    departement.refresh_from_db()
    assert departement.is_reference
    assert not AuditLogEntry.objects.filter(object_id=str(departement.pk)).exclude(message="load_accompaniment")


def test_staff_stop_an_organisation_receiving_requests(staff, loaded):
    staff.post(EDIT.format(slug="polen"), _form(receives_requests=None, topics=["workplace"]))

    polen = PartnerProfile.objects.get(organisation__slug="polen")
    assert polen.receives_requests is False
    assert not next(c for c in coverages() if c.organisation_id == polen.organisation_id).receives


def test_an_organisation_without_a_profile_gets_one_when_saved(staff, loaded):
    OrganisationFactory(slug="nouvelle", name="Nouvelle structure")

    assert staff.get(EDIT.format(slug="nouvelle")).status_code == 200
    assert staff.post(EDIT.format(slug="nouvelle"), _form(topics=["workplace"])).status_code == 302

    profile = PartnerProfile.objects.get(organisation__slug="nouvelle")
    assert profile.topics == ["workplace"]
    assert profile.receives_requests
    assert not profile.is_reference


def test_a_closed_organisation_is_refused_requests_with_what_was_typed_kept(staff, loaded):
    response = staff.post(
        EDIT.format(slug="mdecs"), _form(topics=["partner_employment"], territory_note="Relais Services Publics")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "MDECS n&#x27;existe plus (fermée en 2018) : elle ne reçoit aucune demande." in page
    assert "Relais Services Publics" in page
    assert _checked(page, "topics", "partner_employment")
    assert not _checked(page, "topics", "moving")
    mdecs = PartnerProfile.objects.get(organisation__slug="mdecs")
    assert mdecs.receives_requests is False
    assert mdecs.topics == []


def test_a_closed_organisation_may_still_have_its_note_changed(staff, loaded):
    response = staff.post(EDIT.format(slug="mdecs"), _form(topics=[], receives_requests=None, territory_note="Fermée."))

    assert response.status_code == 302
    assert PartnerProfile.objects.get(organisation__slug="mdecs").territory_note == "Fermée."


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"contact_email": "pas-une-adresse"}, "Cette adresse e-mail n&#x27;est pas valide"),
        ({"territory_note": "x" * 100_000}, "300 caractères"),
        ({"topics": ["cuisine"]}, "Sélectionnez un choix valide"),
        ({"zones": ["999999"]}, "Cette zone n&#x27;existe pas (ou plus) : rechargez la page."),
        ({"zones": ["abc"]}, "Cette zone n&#x27;existe pas (ou plus) : rechargez la page."),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(staff, loaded, territory, values, message):
    response = staff.post(EDIT.format(slug="cci-lozere"), _form(**values))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert _checked(page, "topics", "tourism") or "topics" in values
    if "territory_note" not in values:
        assert "Antennes à Mende et Marvejols." in page
    typed = values.get("contact_email", "creation@cci.example")
    assert f'value="{typed}"' in page
    assert PartnerProfile.objects.get(organisation__slug="cci-lozere").topics == [
        "business_creation",
        "business_takeover",
    ]


def test_an_unknown_organisation_is_a_404(staff, loaded):
    assert staff.get(EDIT.format(slug="inconnue")).status_code == 404
