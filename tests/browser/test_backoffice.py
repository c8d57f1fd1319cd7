"""The staff area in Chromium: staff log in, open "Espace équipe" from the header and reach every queue from the
dashboard, at phone and desktop sizes."""

import pytest
from playwright.sync_api import expect

from solozere.charter.services import charter_load_reference
from solozere.places.corrections import place_correction_submit
from tests.accounts.factories import UserFactory
from tests.aids.factories import AidApplicationFactory
from tests.browser.helpers import log_in, submit
from tests.community.factories import MembershipFactory, ReportFactory
from tests.places.factories import PlaceFactory, apply_for, comptoir_ready

pytestmark = pytest.mark.browser

QUEUE_HEADINGS = {
    "Adhésions à examiner": "Demandes d'adhésion à examiner",
    "Signalements à traiter": "Signalements",
    "Adhésions de lieux à examiner": "Adhésions des lieux",
    "Labels suspendus": "Adhésions des lieux",
    "Labels à renouveler": "Adhésions des lieux",
    "Corrections proposées à traiter": "Corrections proposées",
    "Demandes d'aide déposées": "Instruction des aides",
    "Demandes d'aide en instruction": "Instruction des aides",
}


@pytest.fixture
def world(transactional_db, territory):  # type: ignore[no-untyped-def]
    charter_load_reference()
    manager = UserFactory()
    place = comptoir_ready(name="Comptoir de Florac")
    place.managers.add(manager)
    apply_for(place, manager)
    place_correction_submit(place=PlaceFactory(), field="phone", proposed_value="04 66 00 00 00", reason="Ancien")
    MembershipFactory()
    ReportFactory()
    AidApplicationFactory(submitted=True)
    return {"staff": UserFactory(staff=True, email="equipe@solozere.fr")}


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_staff_reach_every_queue_from_the_dashboard(page, world, screenshots_dir, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, world["staff"].email)

    submit(page, page.get_by_role("banner").get_by_role("link", name="Espace équipe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace de l\u2019équipe")
    page.screenshot(path=screenshots_dir / f"backoffice-dashboard-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    for label, heading in QUEUE_HEADINGS.items():
        page.goto("/equipe/")
        link = page.get_by_role("main").get_by_role("link", name=label, exact=False).first
        expect(link).to_be_visible()
        submit(page, link)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
