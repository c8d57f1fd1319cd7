import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import Resource, Schema, validate

from solozere.api.opendata import places as opendata
from solozere.places.models import NetworkStatus, Wifi
from tests.places.factories import PlaceFactory, commune

SCHEMA_PATH = settings.BASE_DIR.parent / "shared/data/schemas/LaMednum_standard-mediation-num.schema.json"
CSV_URL = "/opendata/lieux.csv"
VALID_SIRET = "43493312300029"  # the schema's own example


@pytest.fixture(scope="module")
def official_schema() -> Schema:
    # Read from the shared reference data, never copied into the project. Loaded from its descriptor: frictionless
    # refuses a schema path outside the data's base path.
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return Schema.from_descriptor(json.load(fh))


class _Pivots(dict):
    """slug -> SIRET/RNA: assigning one records it on the place, as staff do in the back office."""

    def __setitem__(self, slug: str, value: str) -> None:
        from solozere.places.models import Place

        Place.objects.filter(slug=slug).update(pivot=value)
        super().__setitem__(slug, value)

    def update(self, other=(), /, **kwargs) -> None:  # type: ignore[override]
        for slug, value in dict(other, **kwargs).items():
            self[slug] = value


@pytest.fixture
def sirets(db):
    return _Pivots()


def download(client) -> tuple[str, list[dict[str, str]]]:
    response = client.get(CSV_URL)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def validate_against_schema(text: str, schema: Schema, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return validate(Resource(path=path.name, basepath=str(tmp_path), schema=schema))


def errors_of(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- The file validates against the official schema -------------------------------------------------------------
def test_columns_are_the_official_schemas_in_its_order(official_schema):
    assert [f.name for f in official_schema.fields] == opendata.COLUMNS
    required = [f.name for f in official_schema.fields if f.constraints.get("required")]
    assert required == opendata.REQUIRED_COLUMNS


@pytest.mark.django_db
def test_export_validates_against_the_official_schema(client, territory, sirets, official_schema, tmp_path):
    full = PlaceFactory(complete=True, name="Télécentre de Mende")
    sirets[full.slug] = VALID_SIRET
    no_address = PlaceFactory(name="Télécentre sans adresse", status=NetworkStatus.MEMBER)
    sirets[no_address.slug] = VALID_SIRET
    minimal = PlaceFactory(name="Comptoir à l'adresse seule", address="Place du Foirail")
    sirets[minimal.slug] = VALID_SIRET
    long_text = PlaceFactory(
        name="Lieu bavard", address="1 rue Basse", description="Un lieu, des gens. " * 40, phone="+33 (0)4 66 12 34 56"
    )
    sirets[long_text.slug] = VALID_SIRET
    odd_hours = PlaceFactory(name="Horaires en texte", address="3 rue Haute", opening_hours="le matin, souvent")
    sirets[odd_hours.slug] = VALID_SIRET

    text, rows = download(client)
    report = validate_against_schema(text, official_schema, tmp_path)

    assert report.valid, errors_of(report)
    assert [row["nom"] for row in rows] == [
        "Télécentre de Mende",
        "Comptoir à l'adresse seule",
        "Lieu bavard",
        "Horaires en texte",
    ]
    assert no_address.name not in text


@pytest.mark.django_db
def test_a_complete_place_gives_a_complete_row(client, territory, sirets):
    place = PlaceFactory(complete=True, name="Télécentre de Mende")
    sirets[place.slug] = VALID_SIRET

    (row,) = download(client)[1]

    assert row["id"] == f"solozere-lieu-{place.pk}"
    assert row["pivot"] == VALID_SIRET
    assert (row["commune"], row["code_postal"], row["code_insee"]) == ("Mende", "48000", "48095")
    assert row["adresse"] == "2 rue de l'Épine"
    assert (row["latitude"], row["longitude"]) == ("44.5181", "3.5002")
    assert row["typologie"] == "TIERS_LIEUX"
    assert row["telephone"] == "+33466000000"
    assert row["courriels"] == "contact@telecentre.example"
    assert row["site_web"] == "https://telecentre.example/"
    assert row["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:00; PH off"
    assert row["presentation_resume"].startswith("Un télécentre en centre-ville")
    assert row["presentation_detail"] == ""
    assert row["source"] == "SoLozère"
    assert row["itinerance"] == "Fixe"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date_maj"])
    assert row["services"] == "Accès internet et matériel informatique"
    assert row["modalites_acces"] == "Se présenter"
    # What SoLozère does not collect stays empty rather than guessed.
    assert row["frais_a_charge"] == row["publics_specifiquement_adresses"] == row["prise_rdv"] == ""


# --- Nothing invented ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_place_with_unknown_address_is_withheld_not_given_the_town_hall_address(client, territory, sirets):
    place = PlaceFactory(name="Télécentre sans adresse")
    sirets[place.slug] = VALID_SIRET
    town_hall = commune("48095").town_hall_address

    text, rows = download(client)
    export = opendata.mediation_export()

    assert rows == []
    assert town_hall.split(",")[0] not in text
    assert [(w.place, w.missing) for w in export.withheld] == [(place, ["adresse"])]


@pytest.mark.django_db
def test_without_a_siret_no_place_is_published_and_none_is_made_up(client, territory):
    PlaceFactory(complete=True)

    text, rows = download(client)
    export = opendata.mediation_export()

    assert rows == []
    assert "00000000000000" not in text
    assert export.withheld[0].missing == ["pivot"]
    assert export.missing_counts == [("SIRET, SIREN ou RNA de la structure qui gère le lieu", 1)]


@pytest.mark.django_db
def test_approximate_position_is_not_published_as_the_places_own(client, territory, sirets):
    place = PlaceFactory(address="Le Bourg", location_is_approximate=True)
    sirets[place.slug] = VALID_SIRET

    (row,) = download(client)[1]

    assert (row["latitude"], row["longitude"]) == ("", "")


@pytest.mark.django_db
def test_a_commune_with_several_postal_codes_needs_the_one_in_the_address(client, territory, sirets):
    monts_de_randon = commune("48127")  # 48000 and 48700
    guessed = PlaceFactory(name="Sans code", commune=monts_de_randon, address="Le Bourg")
    written = PlaceFactory(name="Avec code", commune=monts_de_randon, address="Le Bourg, 48700 Rieutort-de-Randon")
    sirets.update({guessed.slug: VALID_SIRET, written.slug: VALID_SIRET})

    rows = download(client)[1]
    export = opendata.mediation_export()

    assert [(row["nom"], row["code_postal"]) for row in rows] == [("Avec code", "48700")]
    assert export.withheld[0].missing == ["code_postal"]


@pytest.mark.django_db
def test_demo_and_places_not_in_service_are_not_published(client, territory, sirets):
    in_service = PlaceFactory(name="En service", address="1 rue A")
    demo = PlaceFactory(name="Démo", address="1 rue B", demo=True)
    closed = PlaceFactory(name="Fermé", address="1 rue C", closed=True)
    planned = PlaceFactory(name="Prévu", address="1 rue D", status=NetworkStatus.PLANNED)
    suspended = PlaceFactory(name="Suspendu", address="1 rue E", status=NetworkStatus.SUSPENDED)
    for place in (in_service, demo, closed, planned, suspended):
        sirets[place.slug] = VALID_SIRET

    rows = download(client)[1]

    assert [row["nom"] for row in rows] == ["En service"]


@pytest.mark.django_db
def test_csv_is_utf8_text_named_as_the_standard_recommends(client, territory):
    response = client.get(CSV_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'inline; filename="\d{8}_lieux-de-mediation-numerique_Lozere.csv"', response["Content-Disposition"]
    )
    assert response.content.decode("utf-8").splitlines()[0] == ",".join(opendata.COLUMNS)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [CSV_URL, "/opendata/"])
def test_query_count_does_not_grow_with_places(client, territory, sirets, url):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(3):
        sirets[PlaceFactory(complete=True, name=f"Petit {n}").slug] = VALID_SIRET
    few = count()
    for n in range(37):
        place = PlaceFactory(complete=n % 2 == 0, name=f"Grand {n}", wifi=Wifi.PAID)
        sirets[place.slug] = VALID_SIRET
    assert count() == few


# --- The page ------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_opendata_page_links_the_datasets_and_states_the_licence(client, territory, sirets):
    published = PlaceFactory(complete=True, name="Télécentre complet")
    sirets[published.slug] = VALID_SIRET
    PlaceFactory(name="Télécentre sans adresse")
    PlaceFactory(name="Lieu de démo", demo=True)

    response = client.get("/opendata/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/opendata/lieux.csv"' in html
    assert 'href="/api/docs"' in html
    assert 'href="/api/v1/places"' in html
    assert 'href="/api/v1/places.geojson"' in html
    assert "Licence Ouverte 2.0" in html
    assert "Il contient aujourd'hui 1 lieu." in html
    assert "1 lieu sans adresse" in html
    assert "Télécentre sans adresse" in html  # named, with what it lacks
    assert "Lieu de démo" not in html
    for column in opendata.COLUMNS:
        assert f"<code>{column}</code>" in html


# --- Pure helpers --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("04 66 00 00 00", "+33466000000"),
        ("04.66.00.00.00", "+33466000000"),
        ("+33 4 66 00 00 00", "+33466000000"),
        ("+33 (0)4 66 00 00 00", "+33466000000"),
        ("0033466000000", "+33466000000"),
        ("06-12-34-56-78", "+33612345678"),
        ("", ""),
        ("4 66 00", ""),
        ("+41 22 000 00 00", ""),  # not a French number: the schema's pattern has no room for it
        ("voir le site", ""),
    ],
)
def test_phone_for_schema(raw, expected):
    assert opendata.phone_for_schema(raw) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (VALID_SIRET, True),
        ("21480095500012", True),
        ("12345678910111", False),
        ("00000000000000", False),  # passes Luhn, but is the placeholder of those who did not know
        ("4349331230002", False),
        ("4349331230002X", False),
        ("", False),
    ],
)
def test_siret_is_valid(value, valid):
    assert opendata.siret_is_valid(value) is valid


def test_summary_cuts_between_words_and_keeps_the_whole_as_detail():
    text = "Mot " * 100

    resume, detail = opendata.summary(text)

    assert len(resume) <= 280
    assert resume.endswith("Mot…")
    assert detail == text.strip()
    assert opendata.summary("  Court.\n") == ("Court.", "")


@pytest.mark.parametrize(
    ("pivot", "published"),
    [
        ("", ""),
        ("00000000000000", ""),
        ("12345678901234", ""),
        ("W481000123", "W481000123"),
        (VALID_SIRET, VALID_SIRET),
    ],
)
def test_only_a_real_siret_or_rna_becomes_the_pivot(territory, pivot, published):
    place = PlaceFactory(complete=True)
    place.pivot = pivot
    assert opendata.place_siret(place) == published


def test_the_place_model_refuses_an_invalid_pivot_in_french(territory):
    from django.core.exceptions import ValidationError

    place = PlaceFactory(complete=True)
    place.pivot = "12345678901234"
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "SIRET" in str(error.value)


# --- Spreadsheet formulas ------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_place_named_as_a_formula_is_neutralised_and_numbers_stay_numbers(
    client, territory, sirets, official_schema, tmp_path
):
    from solozere.places.models import Place

    place = PlaceFactory(complete=True, name="Télécentre piégé")
    sirets[place.slug] = VALID_SIRET
    # What a manager could type (the model would not refuse it): a live link once opened in a spreadsheet.
    Place.objects.filter(pk=place.pk).update(
        name='=HYPERLINK("http://evil.example","Cliquez")', address="@SUM(1)", longitude=-3.5
    )

    text, [row] = download(client)

    assert row["nom"] == '\'=HYPERLINK("http://evil.example","Cliquez")'
    assert row["adresse"] == "'@SUM(1)"
    # A coordinate is a number, not a formula: it stays one, and the file stays valid.
    assert row["longitude"] == "-3.5"
    assert row["telephone"] == "+33466000000"
    report = validate_against_schema(text, official_schema, tmp_path)
    assert report.valid, errors_of(report)
