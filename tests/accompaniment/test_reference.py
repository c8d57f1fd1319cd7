"""The reference partner profiles (SOURCES.md): loaded once whatever the reruns, the staff's changes kept, the MDECS
and the Pays receiving nothing, every topic but "other" handled somewhere, and routing's inputs read in a fixed
number of queries."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from solozere.accompaniment.models import PartnerProfile
from solozere.accompaniment.reference import PAYS_NOTE, PROFILES
from solozere.accompaniment.selectors import coverages
from solozere.accompaniment.topics import Topic
from solozere.core.models import AuditLogEntry
from solozere.organisations.reference import ORGANISATIONS
from solozere.territory.models import Zone
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PAYS = ["pays-gevaudan-lozere", "pays-des-sources", "pays-gorges-causses-cevennes"]


@pytest.fixture
def loaded():
    call_command("load_organisations", stdout=StringIO())
    call_command("load_accompaniment", stdout=StringIO())


def _profile(slug: str) -> PartnerProfile:
    return PartnerProfile.objects.get(organisation__slug=slug)


def _rows() -> list[tuple]:
    return list(
        PartnerProfile.objects.order_by("pk").values_list(
            "pk", "organisation__slug", "topics", "receives_requests", "territory_note", "contact_email", "is_reference"
        )
    )


def test_every_reference_organisation_gets_one_reference_profile(loaded):
    assert {row["organisation"] for row in PROFILES} == {row["slug"] for row in ORGANISATIONS}
    assert PartnerProfile.objects.count() == len(ORGANISATIONS)
    assert not PartnerProfile.objects.filter(is_reference=False).exists()


def test_loading_twice_gives_the_same_rows(loaded):
    first = _rows()
    out = StringIO()

    call_command("load_accompaniment", stdout=out)

    assert _rows() == first
    assert f"0 créé(s), 0 mis à jour, {len(PROFILES)} inchangé(s)" in out.getvalue()
    assert AuditLogEntry.objects.filter(message="load_accompaniment").count() == len(PROFILES)


def test_no_contact_is_invented_and_no_zone_is_set(loaded):
    assert set(PartnerProfile.objects.values_list("contact_email", flat=True)) == {""}
    assert not PartnerProfile.zones.through.objects.exists()


def test_the_topics_read_in_the_sources(loaded):
    # In the topics' own order (the staff form's), whatever the order they are listed in.
    assert _profile("departement-lozere").topics == ["moving", "partner_employment", "telework_aid", "connectivity"]
    assert _profile("cma-lozere").topics == ["business_creation", "business_takeover"]
    assert _profile("safer-occitanie").topics == ["farming"]
    assert _profile("relance-octav").topics == ["business_takeover"]
    assert _profile("lozere-developpement").topics == ["moving", "workplace", "company_telework", "resource_centre"]
    assert _profile("polen").topics == ["workplace", "company_telework", "resource_centre"]
    assert _profile("lozere-tourisme").topics == ["tourism"]


def test_the_employment_for_a_partner_is_the_departements_for_want_of_a_sourced_partner(loaded):
    note = _profile("departement-lozere").territory_note
    assert "aucune structure de l'emploi" in note
    assert "Lozère Nouvelle Vie" in note


def test_the_mdecs_closed_in_2018_receives_nothing(loaded):
    mdecs = _profile("mdecs")
    assert mdecs.receives_requests is False
    assert mdecs.topics == []
    coverage = next(c for c in coverages() if c.organisation_id == mdecs.organisation_id)
    assert coverage.receives is False


@pytest.mark.parametrize("slug", PAYS)
def test_a_pays_waits_for_its_territory_before_receiving_requests(loaded, slug):
    pays = _profile(slug)
    assert pays.receives_requests is False
    assert pays.territory_note == PAYS_NOTE
    assert pays.territory_note.startswith("Communes membres inconnues")


@pytest.mark.parametrize("topic", [topic for topic in Topic if topic != Topic.OTHER])
def test_every_topic_but_other_is_handled_by_a_receiving_organisation(loaded, topic):
    receiving = [c for c in coverages() if c.receives and topic.value in c.topics]
    assert receiving, topic
    assert all(c.communes is None and c.territory_label == "toute la Lozère" for c in receiving)


def test_other_is_left_to_the_staff(loaded):
    assert not [c for c in coverages() if Topic.OTHER.value in c.topics]


def test_coverages_returns_every_profile(loaded):
    result = coverages()
    assert len(result) == len(PROFILES)
    departement = next(c for c in result if c.name.startswith("Département de la Lozère"))
    assert departement.receives
    assert departement.topics == frozenset({"moving", "connectivity", "telework_aid", "partner_employment"})


def test_the_loader_leaves_a_profile_the_staff_changed(loaded):
    PartnerProfile.objects.filter(organisation__slug="polen").update(
        topics=["workplace"], contact_email="accueil@polen.example", is_reference=False
    )
    out = StringIO()

    call_command("load_accompaniment", stdout=out)

    polen = _profile("polen")
    assert polen.topics == ["workplace"]
    assert polen.contact_email == "accueil@polen.example"
    assert "1 modifié(s) par l'équipe" in out.getvalue()


def test_the_loader_updates_a_reference_profile_but_keeps_its_address(loaded):
    PartnerProfile.objects.filter(organisation__slug="cci-lozere").update(
        topics=["tourism"], contact_email="creation@cci.example"
    )

    call_command("load_accompaniment", stdout=StringIO())

    cci = _profile("cci-lozere")
    assert cci.topics == ["business_creation", "business_takeover"]
    assert cci.contact_email == "creation@cci.example"
    assert cci.is_reference


def test_the_loader_asks_for_the_organisations_first():
    with pytest.raises(CommandError, match=r"lancez d'abord « manage\.py load_organisations »"):
        call_command("load_accompaniment", stdout=StringIO())
    assert not PartnerProfile.objects.exists()


def test_coverages_reads_in_a_fixed_number_of_queries(loaded, territory, django_assert_max_num_queries):
    zones = list(Zone.objects.order_by("pk"))
    assert len(zones) >= 2
    for slug, chosen in [("cci-lozere", zones[:1]), ("cma-lozere", zones[:2])]:
        _profile(slug).zones.set(chosen)
    with django_assert_max_num_queries(3):
        few = coverages()

    for n in range(5):
        PartnerProfile.objects.create(
            organisation=OrganisationFactory(slug=f"autre-{n}"), topics=["workplace"]
        ).zones.set(zones)
    with django_assert_max_num_queries(3):
        many = coverages()

    assert len(many) == len(few) + 5
    cma = next(c for c in many if c.organisation_id == _profile("cma-lozere").organisation_id)
    assert cma.communes == frozenset(commune.insee_code for zone in zones[:2] for commune in zone.communes.all())


def test_every_preparation_loads_the_profiles_right_after_the_organisations(settings):
    root = settings.BASE_DIR
    setup = (root / "Makefile").read_text().split("setup-db:", 1)[1].split("\n\n", 1)[0]
    prodstack = (root / "scripts" / "prodstack.py").read_text()
    readme = (root / "README.md").read_text()
    deployment = (root / "docs" / "deployment.md").read_text()

    assert "load_organisations\n\t$(MANAGE) load_accompaniment\n" in setup
    assert '["load_organisations"],\n    ["load_accompaniment"],' in prodstack
    for text in (readme, deployment):
        lines = [line for line in text.splitlines() if "manage.py load_" in line and line.startswith(" ")]
        commands = [line.split("manage.py ", 1)[1].split()[0] for line in lines]
        assert commands[commands.index("load_organisations") + 1] == "load_accompaniment"
