"""The contributions' workflow (every state, action and role), its use cases, and the listeners that the resource
centre registers: told after commit, never on a rollback, with the contribution."""

import itertools

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from solozere.core.workflow import NOTHING
from solozere.events import hooks
from solozere.events.models import Contribution, ContributionLog
from solozere.events.services_contributions import (
    ContributionError,
    Material,
    Proposal,
    actions_for,
    contribution_accept,
    contribution_decline,
    contribution_propose,
    contribution_publish,
    contribution_publish_direct,
    contribution_unpublish,
)
from solozere.events.workflow import CONTRIBUTION_WORKFLOW, ContributionStatus
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES
from tests.events.factories import EventFactory
from tests.events.factories_contributions import ContributionFactory
from tests.organisations.factories import OrganisationAgentFactory
from tests.places.factories import PlaceFactory
from tests.workflow_matrix import assert_available, assert_cell

STATES = [NOTHING, *ContributionStatus.values]
ROLES = ["contributor", "organiser"]
ALLOWED = {
    (NOTHING, "propose", "contributor"): "proposed",
    ("proposed", "accept", "organiser"): "accepted",
    ("proposed", "decline", "organiser"): "declined",
    ("accepted", "publish", "contributor"): "published",
    ("accepted", "publish", "organiser"): "published",
    (NOTHING, "publish_direct", "organiser"): "published",
    ("published", "unpublish", "contributor"): "withdrawn",
    ("published", "unpublish", "organiser"): "withdrawn",
}


@pytest.fixture(autouse=True)
def _territory():  # type: ignore[no-untyped-def]
    """The tables need no database: the communes are loaded only by the use cases below (`territory`)."""


@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product(STATES, CONTRIBUTION_WORKFLOW.actions, ROLES))
)
def test_every_cell_of_the_contribution_table(state, action, role):
    assert_cell(CONTRIBUTION_WORKFLOW, ALLOWED, state, action, role)


@pytest.mark.parametrize(("state", "role"), list(itertools.product(STATES, ROLES)))
def test_what_each_role_may_do_in_each_state(state, role):
    assert_available(CONTRIBUTION_WORKFLOW, ALLOWED, state, role)


def test_declining_needs_a_reason():
    from solozere.core.workflow import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed, match="Indiquez le motif"):
        CONTRIBUTION_WORKFLOW.check(state="proposed", action="decline", role="organiser", reason="  ")


# --- Use cases ------------------------------------------------------------------------------------------------------


@pytest.fixture
def organiser(territory):  # type: ignore[no-untyped-def]
    person = UserFactory()
    PlaceFactory().managers.add(person)
    return person


@pytest.fixture
def upcoming(organiser):  # type: ignore[no-untyped-def]
    return EventFactory(organiser_place=organiser.managed_places.get(), contributions_open=True)


@pytest.fixture
def past(organiser):  # type: ignore[no-untyped-def]
    return EventFactory(organiser_place=organiser.managed_places.get(), past=True)


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    """A stand-in for the resource centre: what it was told, in order."""
    told: list[tuple[str, int, str]] = []

    def published(contribution):  # type: ignore[no-untyped-def]
        told.append(("published", contribution.pk, contribution.status))

    def withdrawn(contribution):  # type: ignore[no-untyped-def]
        told.append(("withdrawn", contribution.pk, contribution.status))

    hooks.register_contribution_listener(on_published=published, on_withdrawn=withdrawn)
    yield told
    hooks.unregister_contribution_listener(on_published=published, on_withdrawn=withdrawn)


TALK = Proposal(kind="talk", title="  Télétravailler   depuis l'Aubrac ", summary="Retour d'expérience.")
NOTES = Material(notes="Ce qui s'est dit.", licence="lo_2_0")


@pytest.mark.django_db
def test_a_proposal_goes_from_proposed_to_published_to_withdrawn_with_one_log_row_each(organiser, upcoming, past):
    person = UserFactory()
    contribution = contribution_propose(actor=person, event=upcoming, proposal=TALK)
    assert (contribution.status, contribution.title) == ("proposed", "Télétravailler depuis l'Aubrac")
    contribution_accept(actor=organiser, contribution=contribution)
    Contribution.objects.filter(pk=contribution.pk).update(event=past)  # the event is now over
    contribution = contribution_publish(actor=person, contribution=contribution, material=NOTES)
    assert contribution.status == "published" and contribution.published_at is not None
    contribution = contribution_unpublish(actor=organiser, contribution=contribution)
    log = list(ContributionLog.objects.filter(contribution=contribution).values_list("action", "actor", "to_state"))
    assert log == [
        ("propose", person.pk, "proposed"),
        ("accept", organiser.pk, "accepted"),
        ("publish", person.pk, "published"),
        ("unpublish", organiser.pk, "withdrawn"),
    ]


@pytest.mark.django_db
def test_only_the_organiser_answers_a_proposal(upcoming):
    contribution = ContributionFactory(event=upcoming)
    for someone in (contribution.proposed_by, UserFactory(), UserFactory(inactive=True)):
        with pytest.raises(ContributionError, match="Seul l'organisateur"):
            contribution_accept(actor=someone, contribution=contribution)
        with pytest.raises(ContributionError, match="Seul l'organisateur"):
            contribution_decline(actor=someone, contribution=contribution, reason="Non")


@pytest.mark.django_db
def test_a_stranger_may_neither_publish_nor_withdraw(past):
    accepted = ContributionFactory(event=past, accepted=True)
    published = ContributionFactory(event=past, published=True)
    stranger = UserFactory()
    with pytest.raises(ContributionError, match="n'est pas la vôtre"):
        contribution_publish(actor=stranger, contribution=accepted, material=NOTES)
    with pytest.raises(ContributionError, match="n'est pas la vôtre"):
        contribution_unpublish(actor=stranger, contribution=published)


@pytest.mark.django_db
def test_a_person_may_not_flood_an_event_with_proposals(upcoming):
    person = UserFactory()
    for _ in range(5):
        contribution_propose(actor=person, event=upcoming, proposal=TALK)
    with pytest.raises(ContributionError, match="déjà 5 propositions en attente"):
        contribution_propose(actor=person, event=upcoming, proposal=TALK)


@pytest.mark.django_db
def test_a_proposal_is_mailed_once_to_everyone_who_may_answer_it(organiser, upcoming, on_commit):
    """The place's managers, the organisations' agents and the network's staff may answer: each gets the mail once
    (a manager who is an agent too), the person who created the event only while they still organise it; nobody
    whose account is switched off, no agent of an organisation that closed, not the proposer."""
    both = UserFactory(email="gere.et.agit@example.org")
    upcoming.organiser_place.managers.add(both, UserFactory(email="partie@example.org", inactive=True))
    agent = OrganisationAgentFactory(user__email="agent@structure.example").user
    OrganisationAgentFactory(organisation=agent.organisation_memberships.get().organisation, user=both)
    closed = OrganisationAgentFactory(organisation__closed=True, user__email="agent@fermee.example")
    upcoming.organisations.add(agent.organisation_memberships.get().organisation, closed.organisation)
    staff = UserFactory(staff=True, email="equipe@solozere.fr")
    UserFactory(staff=True, inactive=True, email="ancienne@solozere.fr")
    upcoming.created_by = UserFactory(email="a.quitte.le.lieu@example.org")
    upcoming.save()
    proposer = UserFactory(email="intervenante@example.org")
    upcoming.organiser_place.managers.add(proposer)  # an organiser who proposes is not told of their own doing

    with on_commit(execute=True):
        contribution_propose(actor=proposer, event=upcoming, proposal=TALK)

    (message,) = mail.outbox
    assert sorted(message.to) == sorted([organiser.email, both.email, agent.email, staff.email])
    assert "Nouvelle proposition de contribution" in message.subject


@pytest.mark.django_db
def test_a_cancelled_event_takes_no_proposal_and_no_publication(organiser):
    event = EventFactory(cancelled=True, contributions_open=True, organiser_place=organiser.managed_places.get())
    with pytest.raises(ContributionError, match="fermé"):
        contribution_propose(actor=UserFactory(), event=event, proposal=TALK)
    with pytest.raises(ContributionError, match="n'a pas eu lieu"):
        contribution_publish_direct(actor=organiser, event=event, proposal=TALK, material=NOTES)


@pytest.mark.django_db
def test_the_buttons_follow_the_state_the_role_and_the_clock(organiser, upcoming, past):
    proposed = ContributionFactory(event=upcoming)
    before = ContributionFactory(event=upcoming, accepted=True)
    after = ContributionFactory(event=past, accepted=True)
    assert actions_for(organiser, proposed) == ["accept", "decline"]
    assert actions_for(proposed.proposed_by, proposed) == []
    assert actions_for(before.proposed_by, before) == []  # not before the event is over
    assert actions_for(after.proposed_by, after) == ["publish"]
    assert actions_for(UserFactory(), after) == []


@pytest.mark.django_db
def test_a_refused_document_leaves_no_file_and_no_change(organiser, past, settings):
    accepted = ContributionFactory(event=past, accepted=True)
    fake = SimpleUploadedFile("slides.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ContributionError) as refused:
        contribution_publish(actor=organiser, contribution=accepted, material=Material(upload=fake, licence="lo_2_0"))
    assert refused.value.field == "file"
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and not accepted.file


# --- The listeners --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_listeners_are_told_after_commit_with_the_contribution(organiser, past, listener, on_commit):
    accepted = ContributionFactory(event=past, accepted=True)
    with on_commit(execute=True):
        contribution_publish(
            actor=organiser,
            contribution=accepted,
            material=Material(upload=SimpleUploadedFile("s.pdf", PDF_BYTES), licence="cc_by_4_0"),
        )
        assert listener == []  # not before the commit
    with on_commit(execute=True):
        direct = contribution_publish_direct(actor=organiser, event=past, proposal=TALK, material=NOTES)
    with on_commit(execute=True):
        contribution_unpublish(actor=organiser, contribution=direct)
    assert listener == [
        ("published", accepted.pk, "published"),
        ("published", direct.pk, "published"),
        ("withdrawn", direct.pk, "withdrawn"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rollback_tells_no_listener(organiser, past, listener):
    accepted = ContributionFactory(event=past, accepted=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        contribution_publish(actor=organiser, contribution=accepted, material=NOTES)
        raise RuntimeError("something after failed")
    assert listener == []
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    contribution_publish(actor=organiser, contribution=accepted, material=NOTES)  # committed: told
    assert listener == [("published", accepted.pk, "published")]


@pytest.mark.django_db(transaction=True)
def test_a_failing_listener_does_not_undo_the_publication(organiser, past, listener):
    def broken(contribution):  # type: ignore[no-untyped-def]
        raise RuntimeError("the resource centre is down")

    hooks.register_contribution_listener(on_published=broken)
    try:
        accepted = ContributionFactory(event=past, accepted=True)
        contribution_publish(actor=organiser, contribution=accepted, material=NOTES)
    finally:
        hooks.unregister_contribution_listener(on_published=broken)
    accepted.refresh_from_db()
    assert accepted.status == "published"
    assert listener == [("published", accepted.pk, "published")]  # the other listener still ran


def test_registering_the_same_listener_twice_tells_it_once():
    def published(contribution):  # type: ignore[no-untyped-def]
        pass

    hooks.register_contribution_listener(on_published=published)
    hooks.register_contribution_listener(on_published=published)
    try:
        assert sum(1 for entry in hooks._listeners if entry.on_published is published) == 1
    finally:
        hooks.unregister_contribution_listener(on_published=published)
