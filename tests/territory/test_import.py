import csv

import pytest
from django.conf import settings

from solozere.territory.models import Commune, Zone
from solozere.territory.services import FOUR_CANTONS_SLUG, territory_import

pytestmark = pytest.mark.django_db


def _rows(name):
    with (settings.TERRITORY_DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_import_loads_every_row_of_communes_csv(territory):
    assert Commune.objects.count() == len(_rows("communes.csv"))
    assert Commune.objects.filter(kind=Commune.Kind.CURRENT).count() == 152


def test_import_is_idempotent(territory):
    report = territory_import(data_dir=settings.TERRITORY_DATA_DIR)
    assert (report.created, report.updated) == (0, 0)
    assert Commune.objects.count() == len(_rows("communes.csv"))


def test_a_row_is_identified_by_kind_and_code(territory):
    # 48009 is both Peyre en Aubrac (actuelle) and Aumont-Aubrac (déléguée).
    rows = Commune.objects.filter(insee_code="48009").order_by("kind")
    assert {(c.kind, c.name) for c in rows} == {
        (Commune.Kind.CURRENT, "Peyre en Aubrac"),
        (Commune.Kind.DELEGATED, "Aumont-Aubrac"),
    }
    aumont = rows.get(kind=Commune.Kind.DELEGATED)
    assert aumont.parent.name == "Peyre en Aubrac"


def test_markers_use_the_town_hall_point_not_the_centroid(territory):
    mende = Commune.objects.get(kind=Commune.Kind.CURRENT, insee_code="48095")
    row = next(r for r in _rows("communes.csv") if r["code_insee"] == "48095" and r["type"] == "commune-actuelle")
    assert (mende.latitude, mende.longitude) == (float(row["mairie_lat"]), float(row["mairie_lon"]))


def test_the_four_2014_cantons_hold_their_27_communes_as_named_today(territory):
    cantons = Zone.objects.filter(kind=Zone.Kind.CANTON_2014)
    assert cantons.count() == 4
    four = Zone.objects.get(slug=FOUR_CANTONS_SLUG)
    expected = {(r["code_insee_2014"], r["commune_nom_2014"]) for r in _rows("cantons_2014.csv")}
    named = {(c.insee_code, c.name) for c in four.communes.all()}
    assert expected <= named
    # Peyre en Aubrac is inside too: all six of its communes déléguées were in the canton of Aumont-Aubrac.
    assert ("48009", "Peyre en Aubrac") in named
    assert len(named) == 27 + 1


def test_canton_codes_are_never_used_alone(territory):
    # 4811 is Le Malzieu-Ville's 2014 code; the zone is keyed by slug, its kind says the code is a 2014 one.
    malzieu = Zone.objects.get(kind=Zone.Kind.CANTON_2014, code="4811")
    assert malzieu.slug == "canton-2014-du-malzieu-ville"
    assert "2014" in malzieu.description


def test_epci_zones_cover_every_current_commune(territory):
    current = Commune.objects.filter(kind=Commune.Kind.CURRENT)
    in_epci = current.filter(zones__kind=Zone.Kind.EPCI).distinct()
    assert in_epci.count() == current.count()
