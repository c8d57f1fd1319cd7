"""The signed answer link of an agent's e-mail: valid for that agent and that part only, refused when tampered with,
expired, or no longer theirs."""

import datetime as dt

import pytest
from django.core import signing

from solozere.accompaniment.answer_links import SALT, AnswerLinkRefused, answer_token, read_answer_token
from solozere.accompaniment.workflow import AssignmentStatus
from tests.accompaniment.factories_partner import AssignmentFactory
from tests.organisations.factories import OrganisationAgentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    agent = OrganisationAgentFactory()
    assignment = AssignmentFactory(organisation=agent.organisation)
    return assignment, agent.user, answer_token(assignment=assignment, agent_id=agent.user.pk)


def test_a_link_reads_back_its_assignment_and_agent(link):
    assignment, agent, token = link
    read = read_answer_token(token)
    assert (read.assignment, read.agent) == (assignment, agent)


@pytest.mark.parametrize("cut", [1, 5])
def test_a_tampered_or_cut_link_is_refused(link, cut):
    _assignment, _agent, token = link
    for bad in (token[:-cut], token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, "", "abc"):
        with pytest.raises(AnswerLinkRefused, match="n'est pas valide"):
            read_answer_token(bad)


def test_a_link_signed_for_another_purpose_is_refused(link):
    assignment, agent, _token = link
    other = signing.dumps({"a": assignment.pk, "u": agent.pk}, salt="something-else")
    with pytest.raises(AnswerLinkRefused, match="n'est pas valide"):
        read_answer_token(other)
    wrong_shape = signing.dumps(["a", assignment.pk], salt=SALT)
    with pytest.raises(AnswerLinkRefused, match="n'est pas valide"):
        read_answer_token(wrong_shape)


def test_an_expired_link_is_refused(link, settings, monkeypatch):
    _assignment, _agent, token = link
    settings.ACCOMPANIMENT_ANSWER_LINK_DAYS = 14
    later = dt.datetime.now().timestamp() + 15 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(AnswerLinkRefused, match=r"a expiré .*14 jours"):
        read_answer_token(token)
    monkeypatch.setattr(signing.time, "time", lambda: later - 2 * 24 * 3600)
    assert read_answer_token(token).agent == _agent


def test_a_link_of_an_agent_who_left_or_a_part_handed_over_is_refused(link):
    assignment, agent, token = link
    assignment.status = AssignmentStatus.HANDED_OVER
    assignment.save()
    with pytest.raises(AnswerLinkRefused, match="n'a plus cette demande"):
        read_answer_token(token)
    assignment.status = AssignmentStatus.TAKEN
    assignment.save()
    agent.organisation_memberships.all().delete()
    with pytest.raises(AnswerLinkRefused, match="n'agissez plus"):
        read_answer_token(token)


def test_a_link_for_another_organisations_part_is_refused(link):
    _assignment, agent, _token = link
    theirs = AssignmentFactory()
    with pytest.raises(AnswerLinkRefused, match="n'agissez plus"):
        read_answer_token(answer_token(assignment=theirs, agent_id=agent.pk))
