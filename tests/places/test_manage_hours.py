"""The managers' opening-hours page: the weekly grid, the advanced expression, who may use it, bad input."""

import pytest

from solozere.core.audit import entries_for
from solozere.places.hours_grid import DAY_CODES
from tests.places.factories import PlaceFactory
from tests.places.test_views import text

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain_user", "member", "other_manager", "manager", "staff"]
EXPECTED = {"anonymous": 302, "plain_user": 404, "member": 404, "other_manager": 404, "manager": 200, "staff": 200}
ISSUE_EXPRESSION = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"


@pytest.fixture
def place(territory, manager):  # type: ignore[no-untyped-def]
    place = PlaceFactory(name="Télécentre de Mende", opening_hours="Mo-Fr 09:00-12:00")
    place.managers.add(manager)
    return place


@pytest.fixture
def people(plain_user, member, other_manager, manager, staff_user, territory):  # type: ignore[no-untyped-def]
    PlaceFactory(name="Ailleurs").managers.add(other_manager)
    return {
        "anonymous": None,
        "plain_user": plain_user,
        "member": member,
        "other_manager": other_manager,
        "manager": manager,
        "staff": staff_user,
    }


def url(place) -> str:  # type: ignore[no-untyped-def]
    return f"/lieux/{place.slug}/gerer/horaires/"


def grid_data(days: dict[str, tuple[str, ...]] | None = None, holidays: str = "closed", note: str = "") -> dict:
    """The grid as a person fills it: `days` maps "mo".."su" to () for closed or to up to four times; a day left
    out is closed."""
    data = {"formulaire": "grille", "holidays": holidays, "note": note}
    for code in (code.lower() for code in DAY_CODES):
        times = (days or {}).get(code)
        if times is None or times == ():
            data[f"{code}_closed"] = "on"
            continue
        for slot, value in zip(("start1", "end1", "start2", "end2"), times, strict=False):
            data[f"{code}_{slot}"] = value
    return data


WEEKDAYS_TWO = dict.fromkeys(("mo", "tu", "we", "th", "fr"), ("09:00", "12:00", "14:00", "18:00"))


@pytest.mark.parametrize("role", ROLES)
def test_the_hours_page_is_for_this_places_managers_and_staff(client, place, people, role):
    if people[role] is not None:
        client.force_login(people[role])

    response = client.get(url(place))

    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")


@pytest.mark.parametrize("role", ["anonymous", "plain_user", "member", "other_manager"])
def test_nobody_else_changes_the_hours(client, place, people, role):
    if people[role] is not None:
        client.force_login(people[role])

    response = client.post(url(place), grid_data(WEEKDAYS_TWO))

    assert response.status_code == EXPECTED[role]
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_a_manager_or_staff_sets_the_issues_week_with_the_grid_and_it_is_logged(client, place, people, role):
    client.force_login(people[role])

    response = client.post(url(place), grid_data(WEEKDAYS_TWO, note="Fermé en août"), follow=True)

    assert response.redirect_chain[-1] == (url(place), 302)
    assert "Horaires enregistrés." in text(response)
    place.refresh_from_db()
    assert place.opening_hours == ISSUE_EXPRESSION
    assert place.opening_hours_note == "Fermé en août"
    entry = entries_for(place).first()
    assert entry.actor == people[role]
    assert set(entry.changes) == {"opening_hours", "opening_hours_note"}


def test_the_grid_is_prefilled_from_the_current_hours(client, place, manager):
    place.opening_hours = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH off"
    place.opening_hours_note = "Fermé en août"
    place.save()
    client.force_login(manager)

    form = client.get(url(place)).context["grid_form"]

    assert form["mo_start1"].value().strftime("%H:%M") == "09:00"
    assert form["fr_end2"].value().strftime("%H:%M") == "18:00"
    assert form["sa_start1"].value().strftime("%H:%M") == "10:00"
    assert form["sa_start2"].value() is None
    assert form["su_closed"].value() is True and form["mo_closed"].value() is False
    assert form["holidays"].value() == "closed"
    assert form["note"].value() == "Fermé en août"


def test_the_page_is_built_of_labelled_native_inputs_one_fieldset_per_day(client, place, manager):
    client.force_login(manager)

    content = client.get(url(place)).content.decode()

    assert content.count('<fieldset class="hours-day') == 7
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"):
        assert f"<legend>{day}</legend>" in content
    assert content.count('type="time"') == 28
    assert '<label for="id_mo_start1">Début du 1er créneau</label>' in content
    assert '<label for="id_mo_closed">Fermé toute la journée</label>' in content
    assert "<summary>Saisie avancée</summary>" in content
    assert "format OpenStreetMap" not in content


def test_hours_the_grid_cannot_show_open_the_advanced_field_and_say_why(client, place, manager):
    place.opening_hours = "Jan-Jun Mo-Fr 09:00-12:00; Jul-Dec Mo-Fr 10:00-12:00"
    place.save()
    client.force_login(manager)

    response = client.get(url(place))

    page = text(response)
    assert "Les horaires actuels ne tiennent pas dans la grille." in page
    assert '<details class="hours-advanced" open>' in response.content.decode()
    assert response.context["advanced_form"]["expression"].value() == place.opening_hours
    assert response.context["grid_form"]["mo_start1"].value() is None


def test_a_place_without_hours_gets_an_empty_grid_that_asks_about_holidays(client, place, manager):
    place.opening_hours = ""
    place.save()
    client.force_login(manager)

    response = client.post(url(place), {"formulaire": "grille", "mo_start1": "09:00", "mo_end1": "12:00"})

    assert response.status_code == 400
    page = text(response)
    assert "Les jours fériés : Dites si le lieu ouvre les jours fériés." in page
    assert "Mardi : début du 1er créneau : Indiquez l'heure d'ouverture, ou cochez « Fermé »." in page


@pytest.mark.parametrize(
    ("times", "field", "message"),
    [
        (("12:00", "09:00"), "mo_end1", "L'heure de fin doit être après l'heure de début (12:00)."),
        (("09:00", "12:00", "11:00", "14:00"), "mo_start2", "Le second créneau doit commencer après la fin du premier"),
        (("09:00",), "mo_end1", "Indiquez aussi l'heure de fin de ce créneau."),
        (("9 heures", "12:00"), "mo_start1", "Saisissez une heure, par exemple 09:30."),
        (("", "", "14:00", "18:00"), "mo_start1", "Remplissez d'abord le premier créneau."),
    ],
)
def test_a_wrong_interval_is_explained_on_its_field_at_the_top_and_nothing_typed_is_lost(
    client, place, manager, times, field, message
):
    client.force_login(manager)
    data = grid_data({**WEEKDAYS_TWO, "mo": times}, note="Fermé en août")

    response = client.post(url(place), data)

    assert response.status_code == 400
    form = response.context["grid_form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert f'href="#id_{field}"' in content  # the error summary links to the input
    assert 'aria-invalid="true"' in content
    assert form["tu_start2"].value() == "14:00" and form["note"].value() == "Fermé en août"
    assert form["mo_start1"].value() == data.get("mo_start1", "")
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


def test_a_week_closed_every_day_is_refused(client, place, manager):
    client.force_login(manager)

    response = client.post(url(place), grid_data({}))

    assert response.status_code == 400
    assert "ouvrez au moins un jour" in text(response)


def test_a_closed_day_ignores_the_times_left_in_it(client, place, manager):
    client.force_login(manager)
    data = grid_data(WEEKDAYS_TWO, holidays="open")
    data["we_closed"] = "on"

    client.post(url(place), data)

    place.refresh_from_db()
    assert place.opening_hours == "Mo,Tu,Th,Fr 09:00-12:00,14:00-18:00"


def test_saving_the_same_hours_changes_nothing(client, place, manager):
    client.force_login(manager)
    client.post(url(place), grid_data(WEEKDAYS_TWO))
    count = entries_for(place).count()

    response = client.post(url(place), grid_data(WEEKDAYS_TWO), follow=True)

    assert "Rien n'a changé" in text(response)
    assert entries_for(place).count() == count


def test_the_advanced_field_saves_any_valid_expression(client, place, manager):
    client.force_login(manager)
    expression = "Jan-Jun Mo-Fr 09:00-12:00; Jul-Dec Mo-Fr 10:00-12:00"

    response = client.post(url(place), {"formulaire": "avance", "avance-expression": expression, "avance-note": ""})

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.opening_hours == expression


def test_the_advanced_field_may_empty_the_hours(client, place, manager):
    client.force_login(manager)

    client.post(url(place), {"formulaire": "avance", "avance-expression": "  ", "avance-note": ""})

    place.refresh_from_db()
    assert place.opening_hours == ""


def test_an_unreadable_expression_is_refused_in_french_kept_and_the_details_stay_open(client, place, manager):
    client.force_login(manager)

    response = client.post(url(place), {"formulaire": "avance", "avance-expression": "lundi 9h-12h"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Ces horaires ne sont pas lisibles." in text(response)
    assert 'href="#id_avance-expression"' in content
    assert 'value="lundi 9h-12h"' in content
    assert '<details class="hours-advanced" open>' in content
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"formulaire": "autre"},
        {"formulaire": "grille", "mo_start1": "<script>", "holidays": "peut-être"},
        {"formulaire": "grille", "note": "x" * 500},
        {"formulaire": "avance", "avance-expression": "x" * 400},
        {"formulaire": "grille", "mo_start1": "25:00", "mo_end1": "99:99"},
    ],
)
def test_odd_input_never_breaks_the_page(client, place, manager, data):
    client.force_login(manager)

    response = client.post(url(place), data)

    assert response.status_code in (302, 400)
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


def test_the_manager_navigation_links_to_the_hours_page(client, place, manager):
    client.force_login(manager)

    content = client.get(f"/lieux/{place.slug}/gerer/").content.decode()

    assert f'href="{url(place)}"' in content
