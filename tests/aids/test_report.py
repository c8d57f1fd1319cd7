"""Staff reporting: counts and amounts by state, by commune and by expense category; CSV export."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from solozere.aids import selectors, services
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, pdf, represent

pytestmark = pytest.mark.django_db


def _submit(scheme, *, first_name, siret, commune="Javols", expenses=None):
    user = UserFactory()
    represent(user, siret)
    application = services.application_save_draft(
        user=user,
        scheme=scheme,
        data=draft_data(scheme, first_name=first_name, siret=siret, commune=commune, expenses=expenses),
    )
    for line in application.expenses.all():
        services.document_add(user=user, application=application, kind="quote", upload=pdf(), expense_line=line)
    services.document_add(user=user, application=application, kind="proof_of_address", upload=pdf())
    return services.application_submit(
        user=user, application=application, accuracy=True, rules_accepted=True, no_double_funding=True
    )


@pytest.fixture
def activity(telework_scheme, staff_user):
    # Javols: 1 500 HT equipment + 900 TTC home office = 2 400 retained.
    a = _submit(telework_scheme, first_name="Anne", siret="73282932000074")
    # Le Malzieu-Ville: 1 000 HT connection.
    b = _submit(
        telework_scheme,
        first_name="Bruno",
        siret="44306184100047",
        commune="Le Malzieu-Ville",
        expenses=[("connection", "Antenne", "1000", "1200")],
    )
    c = _submit(telework_scheme, first_name="Chloé", siret="55210055400013", commune="Aumont-Aubrac")
    a = services.application_accept(actor=staff_user, application=a, amount=Decimal("2400"))
    services.application_record_payment(
        actor=staff_user, application=a, paid_on=timezone.localdate(), amount=Decimal("2400")
    )
    services.application_accept(actor=staff_user, application=b, amount=Decimal("1000"))
    services.application_refuse(actor=staff_user, application=c, motive="Non")
    return a, b, c


def test_the_report_counts_and_sums_by_state_commune_and_category(activity, staff_user):
    report = selectors.report(staff_user)
    by_status = {row.key: row for row in report.by_status}
    assert (by_status["paid"].count, by_status["paid"].granted, by_status["paid"].paid) == (
        1,
        Decimal("2400"),
        Decimal("2400"),
    )
    assert (by_status["accepted"].count, by_status["accepted"].granted) == (1, Decimal("1000"))
    assert (by_status["refused"].count, by_status["refused"].granted, by_status["refused"].requested) == (
        1,
        0,
        Decimal("2400"),
    )
    by_commune = {row.label: row for row in report.by_commune}
    # Javols and Aumont-Aubrac are both Peyre en Aubrac today.
    assert by_commune["Peyre en Aubrac"].count == 2 and by_commune["Peyre en Aubrac"].granted == Decimal("2400")
    assert by_commune["Le Malzieu-Ville"].count == 1
    by_category = {row.key: row for row in report.by_category}
    assert by_category["equipment"].count == 2 and by_category["equipment"].requested == Decimal("3000")
    assert by_category["equipment"].granted == Decimal("1500")
    assert by_category["home_office"].requested == Decimal("1800")  # TTC for the employee's expenses
    assert by_category["connection"].granted == Decimal("1000")
    assert (report.total.count, report.total.granted, report.total.paid) == (3, Decimal("3400"), Decimal("2400"))


def test_the_report_page_and_its_csv(client, activity, staff_user):
    client.force_login(staff_user)
    html = client.get("/equipe/aides/statistiques/").content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "Par commune de résidence" in html and "Peyre en Aubrac" in html
    assert "3 demandes déposées" in html and "3 400 € accordés" in html
    response = client.get("/equipe/aides/statistiques.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"rubrique", "cle", "libelle", "nombre", "montant_demande", "montant_accorde", "montant_verse"} == set(
        rows[0]
    )
    paid = next(r for r in rows if r["rubrique"] == "etat" and r["cle"] == "paid")
    assert (paid["nombre"], paid["montant_accorde"], paid["montant_verse"]) == ("1", "2400.00", "2400.00")
    assert any(r["rubrique"] == "commune" and r["libelle"] == "Le Malzieu-Ville" for r in rows)
    assert any(r["rubrique"] == "categorie" and r["cle"] == "home_office" for r in rows)


def test_the_report_is_filtered_by_scheme(client, activity, staff_user, telework_scheme):
    from tests.aids.factories import AidSchemeFactory

    other = AidSchemeFactory(zone=telework_scheme.zone)
    assert selectors.report(staff_user, scheme=other).total.count == 0
    client.force_login(staff_user)
    assert client.get(f"/equipe/aides/statistiques/?scheme={other.pk}").status_code == 200
    assert client.get("/equipe/aides/statistiques/?scheme=abc").status_code == 200


def test_the_report_costs_the_same_whatever_the_number_of_applications(
    client, activity, staff_user, telework_scheme, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as before:
        client.get("/equipe/aides/statistiques/")
    _submit(telework_scheme, first_name="Denis", siret="40483304800022", commune="Fontans")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get("/equipe/aides/statistiques/")


def test_the_report_is_empty_for_someone_who_is_not_staff(activity, applicant):
    assert selectors.report(applicant).total.count == 0


def test_a_formula_in_the_report_csv_is_neutralised_and_amounts_stay_numbers(client, activity, staff_user):
    from solozere.aids.models import ExpenseCategory

    ExpenseCategory.objects.filter(code="home_office").update(label="\t=1+1")
    ExpenseCategory.objects.filter(code="equipment").update(label='=HYPERLINK("http://evil.example","x")')
    client.force_login(staff_user)

    rows = list(csv.DictReader(io.StringIO(client.get("/equipe/aides/statistiques.csv").content.decode())))

    labels = {r["cle"]: r["libelle"] for r in rows if r["rubrique"] == "categorie"}
    assert labels["home_office"] == "'\t=1+1"
    assert labels["equipment"] == '\'=HYPERLINK("http://evil.example","x")'
    equipment = next(r for r in rows if r["rubrique"] == "categorie" and r["cle"] == "equipment")
    assert equipment["montant_demande"] == "3000.00"
