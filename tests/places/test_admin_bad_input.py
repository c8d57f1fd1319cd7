"""The back office never answers a 500: every bad value comes back as a French form error, nothing typed lost."""

import pytest

from solozere.core.models import AuditLogEntry
from solozere.places.models import Place
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory
from tests.places.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

LONG = "x" * 5_000


@pytest.fixture
def place(territory):
    return PlaceFactory(name="Télécentre de Mende")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(staff=True))
    return client


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", LONG),
        ("name", "Nom\x00nul"),
        ("slug", "pas un slug !"),
        ("slug", LONG),
        ("kind", "zzz"),
        ("status", ""),
        ("commune", ""),
        ("commune", "abc"),
        ("commune", "999999999"),
        ("commune", "99999999999999999999999999"),
        ("latitude", "abc"),
        ("latitude", "95"),
        ("latitude", "nan"),
        ("latitude", "inf"),
        ("latitude", "1e999"),
        ("longitude", "-181"),
        ("download_mbps", "-1"),
        ("download_mbps", "NaN"),
        ("download_mbps", "123456789"),
        ("upload_mbps", "1e400"),
        ("desks", "-5"),
        ("desks", "abc"),
        ("desks", "99999999999999999999"),
        ("offices", "1.5"),
        ("connectivity_measured_on", "2026-13-45"),
        ("connectivity_measured_on", LONG),
        ("email", "pas-une-adresse"),
        ("website", "javascript:alert(1)"),
        ("website", LONG),
        ("opening_hours", "n'importe quand"),
        ("opening_hours", LONG),
        ("phone", LONG),
        ("wifi", "illimité"),
        ("managers", "abc"),
        ("managers", "999999"),
        ("change_reason", LONG),
    ],
)
def test_a_bad_value_is_a_form_error_not_a_crash(staff_client, place, field, value):
    before = AuditLogEntry.objects.count()

    response = staff_client.post(change_url(place), form_data(place, **{field: value}))

    assert response.status_code == 200, (field, value)
    errors = response.context["adminform"].form.errors
    assert field in errors or "__all__" in errors, (field, value, errors)
    assert "errornote" in response.text
    assert AuditLogEntry.objects.count() == before
    place.refresh_from_db()
    assert place.name == "Télécentre de Mende"


def test_opening_hours_in_the_wrong_syntax_get_a_french_example(staff_client, place):
    response = staff_client.post(change_url(place), form_data(place, opening_hours="lundi 9h-12h"))
    assert "ne suivent pas la syntaxe OpenStreetMap" in response.text
    assert "lundi 9h-12h" in response.text


def test_an_empty_add_form_is_refused_calmly(staff_client, place):
    response = staff_client.post("/gestion/places/place/add/", {})
    assert response.status_code == 200
    assert Place.objects.count() == 1


@pytest.mark.parametrize(
    ("prefix_data"),
    [
        {"photos-TOTAL_FORMS": "abc"},
        {"photos-TOTAL_FORMS": "100000"},
        {"status_history-TOTAL_FORMS": ""},
        {"photos-TOTAL_FORMS": "1", "photos-0-alt_text": LONG, "photos-0-position": "-1", "photos-0-place": "x"},
        {"photos-TOTAL_FORMS": "1", "photos-0-alt_text": "", "photos-0-position": "abc"},
        {"status_history-TOTAL_FORMS": "2", "status_history-1-status": "zzz", "status_history-1-date": "hier"},
    ],
)
def test_tampered_inline_forms_are_refused_calmly(staff_client, place, prefix_data):
    data = form_data(place)
    if "status_history-1-status" in prefix_data:
        data["status_history-0-id"] = str(place.status_history.get().pk)
        data["status_history-0-place"] = str(place.pk)
    data.update(prefix_data)
    response = staff_client.post(change_url(place), data)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": LONG},
        {"epci": "\x00"},
        {"epci": LONG},
        {"kind__exact": "\x00"},
        {"status__exact": "zzz"},
        {"is_demo__exact": "peut-être"},
        {"commune__id__exact": "abc"},
        {"o": "abc"},
        {"o": "99"},
        {"p": "abc"},
        {"p": "9999"},
        {"all": ""},
        {"nonexistent_field": "1"},
    ],
)
def test_the_place_list_survives_forged_parameters(staff_client, place, params):
    response = staff_client.get("/gestion/places/place/", params)
    assert response.status_code in (200, 302), params


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": LONG},
        {"action__exact": "zzz"},
        {"created_at__gte": "hier"},
        {"content_type__id__exact": "abc"},
    ],
)
def test_the_audit_log_list_survives_forged_parameters(staff_client, place, params):
    assert staff_client.get("/gestion/core/auditlogentry/", params).status_code in (200, 302)


@pytest.mark.parametrize("pk", ["abc", "0", "99999999999999999999999", "%00", "-1"])
def test_change_pages_of_missing_objects_redirect_with_a_message(staff_client, pk):
    for model in ("places/place", "core/auditlogentry", "territory/commune", "accounts/user"):
        response = staff_client.get(f"/gestion/{model}/{pk}/change/")
        assert response.status_code in (302, 404), (model, pk)


@pytest.mark.parametrize("term", ["\x00", "mende", "saint chely", LONG, ""])
def test_commune_and_manager_autocomplete_survive_any_term(staff_client, place, term):
    for field in ("commune", "managers"):
        response = staff_client.get(
            "/gestion/autocomplete/",
            {"app_label": "places", "model_name": "place", "field_name": field, "term": term},
        )
        assert response.status_code == 200, (field, term)


def test_commune_autocomplete_folds_accents_and_saint(staff_client, place):
    response = staff_client.get(
        "/gestion/autocomplete/",
        {"app_label": "places", "model_name": "place", "field_name": "commune", "term": "st chely"},
    )
    assert "Saint-Chély-d'Apcher" in [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"app_label": "places", "model_name": "place", "field_name": "nope", "term": "a"},
        {"app_label": "nope", "model_name": "place", "field_name": "commune"},
        {},
    ],
)
def test_a_forged_autocomplete_request_is_refused(staff_client, params):
    assert staff_client.get("/gestion/autocomplete/", params).status_code == 403
