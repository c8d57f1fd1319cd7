"""What contributions and surveys hold of a person: in their export; on deletion, the contributions stay without
them."""

import pytest

from solozere.accounts.personal_data import account_delete, personal_data_export
from solozere.events.models import Contribution, ContributionLog, SurveyResponse
from tests.accounts.factories import UserFactory
from tests.events.factories import RegistrationFactory
from tests.events.factories_contributions import ContributionFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="intervenante@example.org")


def test_the_export_holds_the_proposals_the_answers_and_the_changes_made(person):
    contribution = ContributionFactory(proposed_by=person, title="Le télétravail en Margeride", published=True)
    ContributionLog.objects.create(
        contribution=contribution, action="publish", from_state="accepted", to_state="published", actor=person
    )
    SurveyResponseFactory(registration=RegistrationFactory(user=person, attended=True), rating=3, comment="Bien")
    SurveyResponseFactory(comment="Celui de quelqu'un d'autre")

    data = personal_data_export(user=person)["events_contributions"]

    assert [c["title"] for c in data["contributions"]] == ["Le télétravail en Margeride"]
    assert data["contributions"][0]["document"] == "support-intervention.pdf"
    assert [(a["rating"], a["comment"]) for a in data["survey_answers"]] == [(3, "Bien")]
    assert data["contribution_changes_made"] == [
        {
            "contribution": "Le télétravail en Margeride",
            "to": "publiée",
            "date": data["contribution_changes_made"][0]["date"],
        }
    ]
    assert "events.contribution.proposed_by" not in personal_data_export(user=person)["other"]


def test_the_export_holds_the_answers_of_a_visitors_registration_only_once_the_address_is_confirmed(person):
    SurveyResponseFactory(registration=RegistrationFactory(email=person.email, attended=True), comment="Venue")
    stranger = UserFactory(email="pas.confirmee@example.org", unverified=True)
    SurveyResponseFactory(registration=RegistrationFactory(email=stranger.email, attended=True), comment="Autre")
    answers = personal_data_export(user=person)["events_contributions"]["survey_answers"]
    assert [a["comment"] for a in answers] == ["Venue"]
    assert personal_data_export(user=stranger)["events_contributions"]["survey_answers"] == []


def test_deleting_the_account_keeps_the_contributions_without_the_proposer(person, on_commit):
    contribution = ContributionFactory(proposed_by=person, published=True, summary="Le contenu reste.")
    answer = SurveyResponseFactory(registration=RegistrationFactory(user=person, attended=True))
    with on_commit(execute=True):
        account_delete(user=person)
    contribution = Contribution.objects.get(pk=contribution.pk)
    assert contribution.proposed_by is None
    assert (contribution.status, contribution.summary, bool(contribution.file)) == (
        "published",
        "Le contenu reste.",
        True,
    )
    assert SurveyResponse.objects.filter(pk=answer.pk).exists()
