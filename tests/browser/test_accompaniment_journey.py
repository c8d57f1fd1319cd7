"""The accompaniment journey in Chromium (issue 12, "Must show"): a visitor without an account describes a project on
a 390 px phone (moving to Saint-Alban-sur-Limagnole, a place to work, a job for their partner) and confirms the
e-mail; the reference organisations that handle those topics get it, one of them the lead; an agent answers; the
person reads the answer from their private link; the agent hands the request over to another organisation."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from solozere.accompaniment.models import Assignment, Message, ProjectRequest
from solozere.accompaniment.reference import PROFILES
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES, AssignmentStatus
from solozere.organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, submit
from tests.organisations.factories import OrganisationAgentFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
EMAIL = "camille.roux@example.org"
ANSWER = "Bonjour, le télécentre de Saint-Alban vous accueille dès lundi : passez nous voir."


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"wider than {page.url}"


def _shots(page: Page, folder: Path, name: str) -> None:
    """A full-page screenshot at phone and desktop widths (the page fits both), back to the width it had."""
    before = page.viewport_size
    for label, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        _fits(page)
        page.screenshot(path=str(folder / f"accompaniment-{name}-{label}.png"), full_page=True)
    if before:
        page.set_viewport_size(before)


def _path(body: str, pattern: str) -> str:
    found = re.search(pattern, body)
    assert found, f"no link matching {pattern} in:\n{body}"
    return urlsplit(found.group(0)).path


def test_a_visitor_describes_a_project_two_partners_get_it_an_agent_answers_and_hands_it_over(
    page: Page, browser, live_server, transactional_db, territory, screenshots_dir
):
    call_command("load_organisations")
    call_command("load_accompaniment")
    lozere_developpement = Organisation.objects.get(slug="lozere-developpement")
    departement = Organisation.objects.get(slug="departement-lozere")
    agent = UserFactory(email="agent@lozere-developpement.example", first_name="Lise", last_name="Chabert")
    OrganisationAgentFactory(organisation=lozere_developpement, user=agent)
    OrganisationAgentFactory(
        organisation=departement, user=UserFactory(email="agent@lozere.example", first_name="Marc", last_name="Pic")
    )

    # The visitor, on a phone, without an account.
    page.set_viewport_size(PHONE)
    page.goto("/accompagnement/")
    _fits(page)
    page.get_by_label("Une personne qui s'installe en Lozère").check()
    page.get_by_label("Vos prénom et nom").fill("Camille Roux")
    page.get_by_label("Votre adresse e-mail").fill(EMAIL)
    page.get_by_label("La commune de votre projet").fill("Saint-Alban-sur-Limagnole")
    page.get_by_label(str(Topic.WORKPLACE.label)).check()
    page.get_by_label(str(Topic.PARTNER_EMPLOYMENT.label)).check()
    page.get_by_label("Votre projet en quelques lignes").fill(
        "Nous arrivons de Lyon en septembre. Je cherche un télécentre près de Saint-Alban pour télétravailler trois "
        "jours par semaine, et mon conjoint, infirmier, cherche un poste."
    )
    page.get_by_label("J'accepte que ma demande").check()
    _shots(page, screenshots_dir, "01-form")
    submit(page, page.get_by_role("button", name="Envoyer ma demande"))
    expect(page.get_by_role("heading", name="Confirmez votre adresse e-mail")).to_be_visible()
    _shots(page, screenshots_dir, "02-sent")
    project = ProjectRequest.objects.get(email=EMAIL)
    assert project.commune is not None and project.commune.name == "Saint-Alban-sur-Limagnole"
    assert not project.assignments.exists()  # nobody reads it before the address is confirmed

    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    page.goto(_path(confirmation.body, r"https?://\S+/accompagnement/suivi/\S+/confirmer/"))
    _shots(page, screenshots_dir, "03-confirm")
    submit(page, page.get_by_role("button", name="Confirmer et transmettre ma demande"))
    _fits(page)

    # The organisations that handle those topics (reference.py), all of them département-wide, got it; one leads.
    topics = {Topic.WORKPLACE, Topic.PARTNER_EMPLOYMENT}
    expected = {p["organisation"] for p in PROFILES if p.get("receives_requests", True) and topics & set(p["topics"])}
    assert {"lozere-developpement", "departement-lozere"} <= expected
    parts = list(Assignment.objects.filter(request=project).select_related("organisation"))
    assert {part.organisation.slug for part in parts} == expected
    assert sum(part.is_lead for part in parts) == 1
    project.refresh_from_db()
    assert project.unrouted_topics == []
    main = page.get_by_role("main")
    for part in parts:
        expect(main).to_contain_text(part.organisation.name)
    expect(main.get_by_text("chef de file", exact=True)).to_have_count(1)
    _shots(page, screenshots_dir, "04-private-routed")
    (routed,) = [m for m in mail.outbox if m.to == [EMAIL] and m.subject.endswith("est transmise")]
    private_path = _path(routed.body, r"https?://\S+/accompagnement/suivi/[^/\s]+/")
    assert {agent.email, "agent@lozere.example"} <= {address for m in mail.outbox for address in m.to}

    # The agent of Lozère Développement, on a desktop, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=DESKTOP)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )
    desk = context.new_page()
    desk.set_default_timeout(10_000)
    log_in(desk, agent.email)
    desk.goto("/accompagnement/partenaires/")
    _shots(desk, screenshots_dir, "05-inbox")
    submit(desk, desk.get_by_role("link", name=project.reference))
    expect(desk.get_by_role("heading", name=f"Demande {project.reference}")).to_be_visible()
    _shots(desk, screenshots_dir, "06-partner-request")
    expect(desk.get_by_role("heading", name="Répondre à la personne")).to_be_visible()
    desk.get_by_label("Votre réponse à la personne").fill(ANSWER)
    submit(desk, desk.get_by_role("button", name="Envoyer la réponse"))
    expect(desk.get_by_role("main")).to_contain_text(ANSWER)
    _shots(desk, screenshots_dir, "07-partner-answered")
    (answer,) = Message.objects.filter(request=project, organisation=lozere_developpement)
    assert answer.body == ANSWER
    (answered,) = [m for m in mail.outbox if m.to == [EMAIL] and "vous répond" in m.subject]
    assert ANSWER in answered.body
    assert _path(answered.body, r"https?://\S+/accompagnement/suivi/[^/\s]+/") == private_path

    # The person reads the answer from their private link.
    page.goto(private_path)
    messages = page.get_by_role("region", name="Messages")
    expect(messages).to_contain_text(ANSWER)
    expect(messages).to_contain_text("Lozère Développement")
    _shots(page, screenshots_dir, "08-private-answer")

    # The agent hands the request over to the CCI with a note.
    cci = Organisation.objects.get(slug="cci-lozere")
    assert cci.slug not in expected  # not already on the request, so a possible target
    desk.goto(f"/accompagnement/partenaires/{project.reference}/")
    submit(desk, desk.get_by_role("link", name="Transmettre à une autre structure"))
    desk.get_by_label("Structure qui reprend la demande").select_option(label=cci.name)
    desk.get_by_label("Note pour cette structure").fill(
        "Le conjoint envisage aussi de reprendre un cabinet : la CCI est mieux placée pour la suite."
    )
    _shots(desk, screenshots_dir, "09-hand-over")
    submit(desk, desk.get_by_role("button", name="Transmettre"))
    expect(desk.get_by_text("La demande est transmise ; la personne est prévenue.")).to_be_visible()
    _shots(desk, screenshots_dir, "10-handed-over")
    context.close()

    new = Assignment.objects.get(request=project, organisation=cci)
    assert new.status in ACTIVE_ASSIGNMENT_STATES
    assert new.handed_over_from is not None and new.handed_over_from.organisation == lozere_developpement
    assert new.handed_over_from.status == AssignmentStatus.HANDED_OVER
    assert Assignment.objects.filter(request=project, is_lead=True, status__in=ACTIVE_ASSIGNMENT_STATES).count() == 1
    (told,) = [m for m in mail.outbox if m.to == [EMAIL] and "à une autre structure" in m.subject]
    assert cci.name in told.body
    assert _path(told.body, r"https?://\S+/accompagnement/suivi/[^/\s]+/") == private_path

    page.goto(private_path)
    expect(page.get_by_role("region", name="Qui a votre demande")).to_contain_text(cci.name)
    expect(page.get_by_role("region", name="Messages")).to_contain_text(ANSWER)
    _shots(page, screenshots_dir, "11-private-handed-over")
