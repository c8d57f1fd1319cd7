"""The presence pages, for every role: the place page's panel, the check-in page (a QR code's target), the
printable poster, « mon impact » and the public totals. Bad input never gives a 500."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.bookings.models import CheckIn, CommuteProfile
from solozere.bookings.services_presence import check_in_record
from tests.bookings.factories_presence import MARVEJOLS, member_at
from tests.community.factories import MembershipFactory
from tests.html_checker import nu_errors
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.usefixtures("territory")

COUNT_WORDS = "ici aujourd'hui"


@pytest.fixture
def place(place_manager):  # type: ignore[no-untyped-def]
    """The place `manager` manages (Télécentre de Mende), with two members there today, one of them named."""
    place = place_manager.managed_places.get()
    check_in_record(user=member_at(first_name="Aline", last_name="Sabatier"), place=place, visible_to_members=True)
    check_in_record(user=member_at(first_name="Bruno", last_name="Caussignac"), place=place, visible_to_members=False)
    return place


def _check_in_url(place) -> str:  # type: ignore[no-untyped-def]
    return reverse("bookings:presence_check_in", kwargs={"slug": place.slug})


def _people(member, place_manager, company_representative, staff_user, plain_user):  # type: ignore[no-untyped-def]
    return {
        "member": member,
        "manager": place_manager,
        "company": company_representative,
        "staff": staff_user,
        "no role": plain_user,
    }


# The place page ----------------------------------------------------------------------------------------------


def test_a_visitor_sees_no_count_nor_name_on_the_place_page(client, place) -> None:  # type: ignore[no-untyped-def]
    page = client.get(place.get_absolute_url()).content.decode()
    assert 'id="presence"' in page  # the invitation, the same for every visitor (the page is cached)
    assert COUNT_WORDS not in page and "Sabatier" not in page and "Caussignac" not in page
    assert "J'y suis aujourd'hui" not in page


@pytest.mark.parametrize("role", ["manager", "company", "staff", "no role", "lapsed"])
def test_no_one_but_an_active_member_sees_a_count(  # type: ignore[no-untyped-def]
    client, place, role, member, place_manager, company_representative, staff_user, plain_user
) -> None:
    people = _people(member, place_manager, company_representative, staff_user, plain_user)
    people["lapsed"] = MembershipFactory(lapsed=True).user
    client.force_login(people[role])
    page = client.get(place.get_absolute_url()).content.decode()
    assert COUNT_WORDS not in page and "Sabatier" not in page


def test_a_member_sees_the_count_and_the_names_of_those_who_chose(client, place) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_at())
    page = client.get(place.get_absolute_url()).content.decode()
    assert "2 télétravailleurs ici aujourd'hui" in page
    assert "Aline Sabatier" in page and "Caussignac" not in page
    assert "J'y suis aujourd'hui" in page


def test_one_person_reads_in_the_singular(client, place_manager) -> None:  # type: ignore[no-untyped-def]
    place = place_manager.managed_places.get()
    check_in_record(user=member_at(), place=place, visible_to_members=False)
    client.force_login(member_at())
    assert "1 télétravailleur ici aujourd'hui" in client.get(place.get_absolute_url()).content.decode()


def test_a_closed_place_shows_no_presence_panel(client) -> None:  # type: ignore[no-untyped-def]
    closed = PlaceFactory(closed=True)
    client.force_login(member_at())
    assert 'id="presence"' not in client.get(closed.get_absolute_url()).content.decode()


def test_the_place_page_costs_the_same_with_more_people_there(client, place, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_at())
    client.get(place.get_absolute_url())
    with django_assert_max_num_queries(40) as few:
        client.get(place.get_absolute_url())
    for index in range(8):
        check_in_record(user=member_at(), place=place, visible_to_members=index % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(place.get_absolute_url()).content.decode()
    assert "10 télétravailleurs ici aujourd'hui" in page


# Checking in ----------------------------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in_and_comes_back(client, place) -> None:  # type: ignore[no-untyped-def]
    for response in (client.get(_check_in_url(place)), client.post(_check_in_url(place))):
        assert response.status_code == 302 and "/compte/" in response["Location"]
        assert response["Location"].endswith(f"?next={_check_in_url(place)}")
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize("role", ["manager", "company", "staff", "no role"])
def test_only_active_members_may_check_in(  # type: ignore[no-untyped-def]
    client, place, role, member, place_manager, company_representative, staff_user, plain_user
) -> None:
    client.force_login(_people(member, place_manager, company_representative, staff_user, plain_user)[role])
    assert client.get(_check_in_url(place)).status_code == 403
    assert client.post(_check_in_url(place), {"visible_to_members": "on"}).status_code == 403
    withdraw = reverse("bookings:presence_withdraw", kwargs={"slug": place.slug})
    assert client.post(withdraw).status_code == 403
    assert CheckIn.objects.count() == 2


def test_a_member_opens_the_qr_page_then_checks_in_with_one_tap(client, place) -> None:  # type: ignore[no-untyped-def]
    user = member_at(share=True)
    client.force_login(user)
    page = client.get(_check_in_url(place))
    assert page.status_code == 200 and not CheckIn.objects.filter(user=user).exists()  # a GET never checks in
    body = page.content.decode()
    assert "2 télétravailleurs ici aujourd'hui" in body
    assert re.search(r'<input type="checkbox" name="visible_to_members"[^>]* checked>', body)  # the member's default
    response = client.post(_check_in_url(place), {"visible_to_members": "on"})
    assert response.status_code == 302 and response["Location"].endswith(place.get_absolute_url() + "#presence")
    check_in = CheckIn.objects.get(user=user)
    assert check_in.visible_to_members and check_in.avoided_km and check_in.avoided_km > 0
    page = client.get(place.get_absolute_url()).content.decode()
    assert "3 télétravailleurs ici aujourd'hui" in page and "(vous compris)" in page
    assert "Retirer ma présence" in page


def test_a_member_changes_their_mind_then_withdraws(client, place) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    client.force_login(user)
    client.post(_check_in_url(place), {"visible_to_members": "on"})
    client.post(_check_in_url(place), {})
    assert CheckIn.objects.get(user=user).visible_to_members is False
    withdraw = reverse("bookings:presence_withdraw", kwargs={"slug": place.slug})
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    assert not CheckIn.objects.filter(user=user).exists()
    assert client.post(withdraw, follow=True).status_code == 200  # nothing to withdraw: said, not a 500


def test_a_closed_place_refuses_a_check_in_in_french(client) -> None:  # type: ignore[no-untyped-def]
    closed = PlaceFactory(closed=True)
    client.force_login(member_at())
    response = client.post(_check_in_url(closed), {"visible_to_members": "on"}, follow=True)
    assert response.status_code == 200 and "n'accueille personne" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("data", [{"visible_to_members": "<script>"}, {"visible_to_members": "x" * 5000}, {}])
def test_odd_input_never_breaks_a_check_in(client, place, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_at())
    assert client.post(_check_in_url(place), data).status_code == 302


def test_an_unknown_place_is_a_404(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_at())
    assert client.get("/reservations/presence/pas-un-lieu/").status_code == 404
    assert client.post("/reservations/presence/pas-un-lieu/retirer/").status_code == 404


# The printable poster ---------------------------------------------------------------------------------------------


def test_the_poster_is_for_the_place_managers_and_staff(  # type: ignore[no-untyped-def]
    client, place, member, company_representative, staff_user, plain_user, other_manager
) -> None:
    url = reverse("bookings:presence_poster", kwargs={"slug": place.slug})
    assert client.get(url).status_code == 302  # a visitor: to the log-in page
    PlaceFactory(name="Autre lieu").managers.add(other_manager)
    for person in (member, company_representative, plain_user, other_manager):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_the_poster_carries_a_qr_code_of_the_check_in_url(client, place, place_manager) -> None:  # type: ignore[no-untyped-def]
    client.force_login(place_manager)
    dashboard = client.get(reverse("places:manage", kwargs={"slug": place.slug})).content.decode()
    assert reverse("bookings:presence_poster", kwargs={"slug": place.slug}) in dashboard
    page = client.get(reverse("bookings:presence_poster", kwargs={"slug": place.slug})).content.decode()
    assert "<svg" in page and "<path" in page
    assert f"http://testserver{_check_in_url(place)}" in page


# Mon impact -----------------------------------------------------------------------------------------------------------


def test_my_impact_asks_a_visitor_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("bookings:presence_my_impact"))
    assert response.status_code == 302 and "/compte/" in response["Location"]


@pytest.mark.parametrize("role", ["member", "manager", "company", "staff", "no role"])
def test_my_impact_opens_for_every_signed_in_role(  # type: ignore[no-untyped-def]
    client, role, member, place_manager, company_representative, staff_user, plain_user
) -> None:
    client.force_login(_people(member, place_manager, company_representative, staff_user, plain_user)[role])
    page = client.get(reverse("bookings:presence_my_impact"))
    assert page.status_code == 200
    assert ("réservé aux membres" in page.content.decode()) is (role != "member")


def test_my_impact_shows_my_days_and_my_total_only(client, place) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    check_in_record(user=user, place=place, visible_to_members=False)
    mine = CheckIn.objects.get(user=user)
    client.force_login(user)
    page = client.get(reverse("bookings:presence_my_impact")).content.decode()
    assert "Télécentre de Mende" in page and "1</strong> jour de présence" in page
    assert f"{mine.avoided_km}".replace(".", ",") + " km" in page
    assert "1,343" in page and "0,1423" in page and "2025" in page and "2023" in page  # the sources, on the page
    assert "Marvejols (48100)" in page  # the employer's site, as typed back into the field


def test_my_impact_saves_the_employer_commune(client) -> None:  # type: ignore[no-untyped-def]
    user = member_at(employer=None)
    client.force_login(user)
    response = client.post(
        reverse("bookings:presence_my_impact"), {"employer_commune": "marvejols", "share_presence": "on"}
    )
    assert response.status_code == 302
    profile = CommuteProfile.objects.get(user=user)
    assert profile.employer_commune == commune(MARVEJOLS) and profile.share_presence
    client.post(reverse("bookings:presence_my_impact"), {"employer_commune": ""})
    profile.refresh_from_db()
    assert profile.employer_commune is None and not profile.share_presence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Paris", "Aucune commune de Lozère"),
        ("48200", "plusieurs communes"),  # a postal code of several communes
        ("x" * 500, "120 caractères"),
        ("<script>alert(1)</script>", "Aucune commune de Lozère"),
    ],
)
def test_a_bad_commune_is_announced_and_kept(client, typed, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_at(employer=None))
    response = client.post(reverse("bookings:presence_my_impact"), {"employer_commune": typed})
    body = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in body and message in body
    assert "<script>alert" not in body
    if len(typed) <= 120:
        assert 'value="' in body and typed.replace("<", "&lt;").replace(">", "&gt;") in body
    assert not CommuteProfile.objects.filter(employer_commune__isnull=False).exists()


def test_my_impact_costs_the_same_with_more_days(client, place, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    client.force_login(user)
    check_in_record(user=user, place=place, visible_to_members=False)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("bookings:presence_my_impact"))
    for index in range(10):
        CheckIn.objects.create(
            user=user, place=PlaceFactory(name=f"Lieu {index}"), day=timezone.localdate(place.created_at)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("bookings:presence_my_impact"))


# The public totals -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "member", "manager", "company", "staff", "no role"])
def test_the_network_impact_is_public(  # type: ignore[no-untyped-def]
    client, place, role, member, place_manager, company_representative, staff_user, plain_user
) -> None:
    if role != "visitor":
        client.force_login(_people(member, place_manager, company_representative, staff_user, plain_user)[role])
    page = client.get(reverse("bookings:presence_impact"))
    body = page.content.decode()
    assert page.status_code == 200
    total = sum((c.avoided_km for c in CheckIn.objects.all()), Decimal(0))
    assert "2</strong> jours de présence" in body and f"{total:.0f} km" in body
    assert "Autre lieu (1)" in body  # two members only: added to the others, not named
    assert "Sabatier" not in body and "ADEME" in body and "1,343" in body


def test_the_network_impact_costs_the_same_with_more_places(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.get(reverse("bookings:presence_impact"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("bookings:presence_impact"))
    members = [member_at() for _ in range(5)]
    for index in range(4):
        here = PlaceFactory(name=f"Lieu {index}")
        for user in members:
            CheckIn.objects.create(
                user=user, place=here, day=timezone.localdate(here.created_at), avoided_km=Decimal(1)
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("bookings:presence_impact")).content.decode()
    assert "Lieu 3" in body


# Validity --------------------------------------------------------------------------------------------------------


def test_presence_pages_have_no_html_errors(client, place, place_manager, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pages = {"impact": client.get(reverse("bookings:presence_impact"))}
    pages["place page, visitor"] = client.get(place.get_absolute_url())
    user = member_at()
    check_in_record(user=user, place=place, visible_to_members=True)
    client.force_login(user)
    pages["place page, member"] = client.get(place.get_absolute_url())
    pages["check-in page"] = client.get(_check_in_url(place))
    pages["my impact"] = client.get(reverse("bookings:presence_my_impact"))
    pages["my impact errors"] = client.post(reverse("bookings:presence_my_impact"), {"employer_commune": "48200"})
    client.force_login(place_manager)
    pages["poster"] = client.get(reverse("bookings:presence_poster", kwargs={"slug": place.slug}))
    pages["dashboard"] = client.get(reverse("places:manage", kwargs={"slug": place.slug}))
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files.append((name, path))
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)
