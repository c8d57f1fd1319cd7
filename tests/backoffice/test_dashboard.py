"""The one staff area: /equipe/ lists every queue with its count, each count a link; only active staff get in;
the staff screens' old addresses (in e-mails already sent) lead to the new ones."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.aids.workflow import Status
from solozere.community.workflow import MembershipState
from solozere.places.corrections import place_correction_submit
from tests.accounts.factories import UserFactory
from tests.aids.factories import AidApplicationFactory
from tests.community.factories import MembershipFactory, ReportFactory
from tests.places.factories import PlaceFactory, apply_for, comptoir_ready

STAFF_SCREENS = [
    "/equipe/",
    "/equipe/communaute/adhesions/",
    "/equipe/communaute/signalements/",
    "/equipe/charte/adhesions/",
    "/equipe/charte/versions/",
    "/equipe/lieux/corrections/",
    "/equipe/aides/",
    "/equipe/aides/statistiques/",
    "/equipe/structures/",
    "/equipe/accompagnement/structures/",
]


@pytest.fixture
def queues(territory, charter_v1):  # type: ignore[no-untyped-def]
    """Two of each kind of waiting item."""
    manager = UserFactory()
    for _ in range(2):
        place = comptoir_ready()
        place.managers.add(manager)
        apply_for(place, manager)
        place_correction_submit(place=PlaceFactory(), field="phone", proposed_value="04", reason="Faux numéro")
        MembershipFactory()
        MembershipFactory(state=MembershipState.INFO_REQUESTED)
        ReportFactory()
        AidApplicationFactory(submitted=True)
        AidApplicationFactory(status=Status.AWAITING_DOCUMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_a_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_a_signed_in_person_who_is_not_staff_gets_the_forbidden_page(client, url):
    client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 403
    assert "réservée à l&#x27;équipe du réseau" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_an_inactive_staff_account_is_refused(client, url):
    staff = UserFactory(staff=True, is_active=False)
    client.force_login(staff)

    response = client.get(url)

    assert response.status_code in (302, 403)
    assert response.status_code != 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_SCREENS)
def test_staff_open_every_screen(client, url):
    client.force_login(UserFactory(staff=True))

    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_dashboard_counts_each_queue_and_links_to_it(client, queues):
    client.force_login(UserFactory(staff=True))

    page = client.get("/equipe/").content.decode()

    for url, label in [
        ("/equipe/communaute/adhesions/", "Adhésions à examiner"),
        ("/equipe/communaute/signalements/", "Signalements à traiter"),
        ("/equipe/charte/adhesions/?vue=a-examiner", "Adhésions de lieux à examiner"),
        ("/equipe/lieux/corrections/?etat=open", "Corrections proposées à traiter"),
        ("/equipe/aides/?status=submitted", "Demandes d&#x27;aide déposées, à prendre en instruction"),
        ("/equipe/aides/?status=awaiting_documents", "Demandes d&#x27;aide en attente de pièces"),
    ]:
        assert f'<a href="{url}"><strong class="queue-count">2</strong> {label}</a>' in page, label


@pytest.mark.django_db
def test_each_count_leads_to_a_queue_that_holds_as_many(client, queues):
    client.force_login(UserFactory(staff=True))

    corrections = client.get("/equipe/lieux/corrections/?etat=open").content.decode()
    adhesions = client.get("/equipe/charte/adhesions/?vue=a-examiner").content.decode()

    assert "2 propositions" in corrections
    assert len(re.findall(r'href="/equipe/charte/adhesions/\d+/"', adhesions)) == 2


@pytest.mark.django_db
def test_the_dashboard_queries_do_not_grow_with_the_queues(client, territory, charter_v1):
    client.force_login(UserFactory(staff=True))
    client.get("/equipe/")
    with CaptureQueriesContext(connection) as empty:
        client.get("/equipe/")
    for _ in range(3):
        MembershipFactory()
        AidApplicationFactory(submitted=True)
        place_correction_submit(place=PlaceFactory(), field="phone", proposed_value="04", reason="r")

    with CaptureQueriesContext(connection) as full:
        client.get("/equipe/")

    assert len(full) == len(empty)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/lieux/equipe/adhesions/7/", "/equipe/charte/adhesions/7/"),
        ("/lieux/equipe/charte/2/", "/equipe/charte/versions/2/"),
        ("/lieux/equipe/corrections/?etat=open", "/equipe/lieux/corrections/?etat=open"),
        ("/aide-teletravail/instruction/12/", "/equipe/aides/12/"),
        ("/communaute/gestion/adhesions/3/", "/equipe/communaute/adhesions/3/"),
    ],
)
def test_a_staff_screens_old_address_leads_to_its_new_one(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.django_db
def test_public_pages_carry_no_staff_link_but_the_header_one(client, territory, charter_v1):
    client.force_login(UserFactory(staff=True))

    for url in ["/", "/lieux/", "/lieux/charte/", "/communaute/", "/aide-teletravail/"]:
        page = client.get(url).content.decode()
        assert page.count('href="/equipe/') == 1, url
