"""The aids in open data, validated with frictionless against the official schemas (read from the shared
reference data, never copied into the project)."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from frictionless import Resource, Schema, validate

from solozere.aids import services
from solozere.aids.eligibility import check_siret
from solozere.api.opendata import aids as opendata

pytestmark = pytest.mark.django_db

SCHEMAS = settings.BASE_DIR.parent / "shared/data/schemas"


def _schema(name):
    with (SCHEMAS / name).open(encoding="utf-8") as fh:
        descriptor = json.load(fh)
    # `custom_checks` are Validata's (checked below by hand), not part of Table Schema.
    descriptor.pop("custom_checks", None)
    return Schema.from_descriptor(descriptor)


def _validate(text, schema, tmp_path, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    report = validate(Resource(path=path.name, basepath=str(tmp_path), schema=schema))
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def attributor(telework_scheme):
    # The real scheme does not know Lozère Développement's SIRET yet: a valid one for the tests.
    telework_scheme.attributor_siret = "44306184100047"
    telework_scheme.save()
    return telework_scheme


@pytest.fixture
def paid(attributor, submitted, staff_user):
    services.application_start_review(actor=staff_user, application=submitted)
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2400"))
    services.application_record_payment(
        actor=staff_user, application=submitted, paid_on=timezone.localdate(), amount=Decimal("2400")
    )
    submitted.refresh_from_db()
    return submitted


def test_the_columns_are_the_official_ones_in_their_order():
    assert [f.name for f in _schema("etalab_dispositif-aide.schema.json").fields] == opendata.SCHEME_COLUMNS
    assert [f.name for f in _schema("scdl_subventions.schema.json").fields] == opendata.GRANT_COLUMNS


def test_the_schemes_file_validates_against_dispositif_aide(client, telework_scheme, tmp_path):
    telework_scheme.opening_date = timezone.localdate()
    telework_scheme.save()
    response = client.get("/opendata/aides/dispositifs.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert _validate(text, _schema("etalab_dispositif-aide.schema.json"), tmp_path, "dispositifs.csv") == []
    [row] = _rows(text)
    assert row["id"] == str(telework_scheme.uuid)
    assert row["titre"] == "Aide à l'installation d'un télétravailleur"
    assert row["programmes_parents"] == "Convention de revitalisation du bassin du Malzieu-Ville"
    assert row["url_source"].startswith("http://testserver/aide-teletravail/dispositifs/")
    assert row["date_ouverture"].endswith("Z") and row["date_cloture"] == ""


def test_the_zone_is_published_in_cog_codes(client, telework_scheme):
    [row] = _rows(client.get("/opendata/aides/dispositifs.csv").content.decode())
    codes = row["eligibilite_geographique"].split("|")
    # 21 current communes kept from 2014, plus Peyre en Aubrac, wholly inside: its communes déléguées are implied.
    assert len(codes) == 22
    assert "COM-48009" in codes and "COM-48090" in codes and "COM-48140" in codes
    assert not any(code.startswith("COMD-") for code in codes)
    assert "COM-48095" not in codes  # Mende


def test_a_commune_deleguee_is_named_when_its_commune_is_not_wholly_in_the_zone(telework_scheme):
    from solozere.territory.models import Commune

    javols = Commune.objects.get(kind="deleguee", insee_code="48076")
    assert opendata.zone_cog_codes([javols]) == "COMD-48076"


def test_the_paid_aids_validate_against_scdl_subventions(client, paid, tmp_path):
    text = client.get("/opendata/aides/subventions.csv").content.decode("utf-8")
    assert _validate(text, _schema("scdl_subventions.schema.json"), tmp_path, "subventions.csv") == []
    [row] = _rows(text)
    assert row["montant"] == "2400.00"
    assert row["nomBeneficiaire"] == "Fromagerie du Gévaudan"
    assert row["idBeneficiaire"] == "73282932000074"
    assert row["referenceDecision"] == paid.reference
    assert row["datesPeriodeVersement"] == paid.paid_on.isoformat()
    assert row["dispositifAide"] == str(paid.scheme.uuid)
    # The schema's own custom checks (Validata's), by hand: SIRETs with a valid key, one of SIRET or RNA.
    check_siret(row["idAttribuant"])
    check_siret(row["idBeneficiaire"])
    assert row["idBeneficiaire"] or row["rnaBeneficiaire"]


def test_the_employee_is_never_published(client, paid):
    text = client.get("/opendata/aides/subventions.csv").content.decode("utf-8")
    assert "Camille" not in text and "Martin" not in text and "Javols" not in text


def test_an_aid_granted_but_not_paid_is_withheld_and_counted(client, attributor, submitted, staff_user, tmp_path):
    services.application_accept(actor=staff_user, application=submitted, amount=Decimal("2400"))
    text = client.get("/opendata/aides/subventions.csv").content.decode("utf-8")
    assert _rows(text) == []
    assert _validate(text, _schema("scdl_subventions.schema.json"), tmp_path, "vide.csv") == []
    html = client.get("/opendata/aides/", follow=True).content.decode()
    assert "1 aide accordée mais pas encore versée" in html


def test_without_the_attributors_siret_no_aid_is_published(client, paid):
    paid.scheme.attributor_siret = ""
    paid.scheme.save()
    assert _rows(client.get("/opendata/aides/subventions.csv").content.decode()) == []
    html = client.get("/opendata/aides/", follow=True).content.decode().replace("&#x27;", "'")
    assert "SIRET de l'organisme attribuant n'est pas encore renseigné" in html


def test_the_real_scheme_as_loaded_validates_too(client, territory, tmp_path):
    services.aid_schemes_load()
    text = client.get("/opendata/aides/dispositifs.csv").content.decode("utf-8")
    assert _validate(text, _schema("etalab_dispositif-aide.schema.json"), tmp_path, "reel.csv") == []


def test_the_aids_page_now_leads_to_their_section_of_the_one_index(client):
    response = client.get("/opendata/aides/")
    assert response.status_code == 301
    assert response["Location"] == "/opendata/#aides"


def test_the_index_lists_every_export_places_and_aids(client, telework_scheme):
    html = client.get("/opendata/").content.decode()
    for url in ("/opendata/lieux.csv", "/opendata/aides/dispositifs.csv", "/opendata/aides/subventions.csv"):
        assert f'href="{url}"' in html
    assert '<section id="aides"' in html
    assert "1 dispositif publié." in html


def test_formulas_in_the_aid_files_are_neutralised_and_amounts_stay_numbers(client, paid, tmp_path):
    from solozere.aids.models import AidApplication, AidScheme

    # A paid aid names the beneficiary as it was submitted: the formula is in that copy.
    AidApplication.objects.filter(pk=paid.pk).update(beneficiary_name="@SUM(1)")
    AidScheme.objects.filter(pk=paid.scheme_id).update(title='=HYPERLINK("http://evil.example","x")')

    grants = client.get("/opendata/aides/subventions.csv").content.decode("utf-8")
    [grant] = _rows(grants)
    assert grant["nomBeneficiaire"] == "'@SUM(1)"
    assert grant["objet"].startswith("'=HYPERLINK(")
    assert grant["montant"] == "2400.00"
    assert _validate(grants, _schema("scdl_subventions.schema.json"), tmp_path, "subventions.csv") == []

    schemes = client.get("/opendata/aides/dispositifs.csv").content.decode("utf-8")
    [scheme] = _rows(schemes)
    assert scheme["titre"] == '\'=HYPERLINK("http://evil.example","x")'
    assert _validate(schemes, _schema("etalab_dispositif-aide.schema.json"), tmp_path, "dispositifs.csv") == []
