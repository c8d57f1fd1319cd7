"""Every role on every page of the community: anonymous, plain user, pending applicant, member, staff."""

import pytest
from django.urls import reverse

from solozere.community.forms import MEMBERSHIP_STEPS
from solozere.community.models import MembershipDraft
from tests.accounts.factories import UserFactory
from tests.community.conftest import ROLES
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # anonymous visitors are sent to the login page

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": LOGIN, "plain_user": 200, "pending_applicant": 200, "member": 200, "staff": 200}
MEMBERS = {"anonymous": LOGIN, "plain_user": 403, "pending_applicant": 403, "member": 200, "staff": 200}
STAFF = {"anonymous": LOGIN, "plain_user": 403, "pending_applicant": 403, "member": 403, "staff": 200}


@pytest.fixture
def objects(db):
    target = MembershipFactory(approved=True, listed=True)
    return {
        "target": target,
        "application": MembershipFactory(),
        "report": ReportFactory(membership=target),
    }


def pages(objects):
    target = objects["target"].public_id
    return [
        ("community:index", [], PUBLIC),
        ("community:my_membership", [], LOGGED_IN),
        ("community:inbox", [], LOGGED_IN),
        ("community:directory", [], MEMBERS),
        ("community:contact", [target], MEMBERS),
        ("community:profile_report", [target], MEMBERS),
        ("community:review_queue", [], STAFF),
        ("community:review", [objects["application"].pk], STAFF),
        ("community:reports", [], STAFF),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_expected(role, role_client, objects):
    client, _user = role_client(role)
    for name, args, expected in pages(objects):
        url = reverse(name, args=args)
        response = client.get(url)
        if expected[role] == LOGIN:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/compte/login/"), (role, url)
        else:
            assert response.status_code == expected[role], (role, url, response.status_code)
        if response.status_code == 403:
            assert "réservée" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_step_of_the_membership_form_answers_each_role(role, role_client):
    """Signed in, the form opens at its first step; the later steps open once the ones before are done (someone
    with a membership has them all done), else they send back to the first step to do."""
    client, _user = role_client(role)
    has_membership = role in ("pending_applicant", "member")
    start = client.get(reverse("community:apply"))
    assert start.status_code == 302
    for index, step in enumerate(MEMBERSHIP_STEPS):
        url = reverse("community:apply_step", args=[step.slug])
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/compte/login/"), url
            assert client.post(url, {"go": "next"})["Location"].startswith("/compte/login/")
        elif index == 0 or has_membership:
            assert response.status_code == 200, (role, url)
            assert 'aria-current="step"' in response.content.decode()
        else:
            assert response.status_code == 302, (role, url)
            assert response["Location"] == reverse("community:apply_step", args=["identite"])
    if role == "anonymous":
        assert start["Location"].startswith("/compte/login/")
        assert not MembershipDraft.objects.exists()
    else:
        assert start["Location"] == reverse("community:apply_step", args=["identite"])


def test_a_step_that_does_not_exist_is_a_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("community:apply_step", args=["nulle-part"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_staff_actions_are_refused_to_everyone_else(role, role_client, objects):
    client, _user = role_client(role)
    actions = [
        (reverse("community:decide", args=[objects["application"].pk]), {"action": "approve"}),
        (reverse("community:report_resolve", args=[objects["report"].pk]), {"note": "Vu.", "hide_profile": "on"}),
        (reverse("community:show_again", args=[objects["target"].pk]), {}),
    ]
    for url, data in actions:
        response = client.post(url, data)
        if role == "staff":
            assert response.status_code == 302, (url, response.status_code)
        elif role == "anonymous":
            assert response["Location"].startswith("/compte/login/")
        else:
            assert response.status_code == 403, (role, url)
    objects["application"].refresh_from_db()
    objects["report"].refresh_from_db()
    assert (objects["application"].state == "approved") == (role == "staff")
    assert (objects["report"].state == "closed") == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_the_public_census_api_answers_everyone(role, role_client):
    client, _user = role_client(role)
    assert client.get("/api/v1/stats/community").status_code == 200


def test_actions_refuse_get(client, objects, staff_user):
    client.force_login(staff_user)
    for name, args in [
        ("community:decide", [objects["application"].pk]),
        ("community:report_resolve", [objects["report"].pk]),
        ("community:show_again", [objects["target"].pk]),
        ("community:renew", []),
        ("community:consents", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 405, name


def test_a_visitor_cannot_list_members(client, objects):
    response = client.get(reverse("community:directory"))
    assert response.status_code == 302
    assert objects["target"].occupation not in client.get(reverse("community:index")).content.decode()


def test_an_expired_member_loses_the_directory(client):
    lapsed = MembershipFactory(lapsed=True, listed=True)
    client.force_login(lapsed.user)
    assert client.get(reverse("community:directory")).status_code == 403


def test_staff_review_page_of_an_unknown_application_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("community:review", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_answering_needs_a_running_membership_and_reporting_a_login(role, role_client):
    client, user = role_client(role)
    sender = MembershipFactory(approved=True, listed=True).user
    message = ContactMessageFactory(sender=sender, recipient=user or UserFactory())
    expected = {
        "community:message_reply": MEMBERS,
        "community:message_report": LOGGED_IN,
    }
    for name, answers in expected.items():
        response = client.get(reverse(name, args=[message.pk]))
        if answers[role] == LOGIN:
            assert response["Location"].startswith("/compte/login/"), (role, name)
        else:
            assert response.status_code == answers[role], (role, name, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_membership_actions_need_a_login(role, role_client):
    client, _user = role_client(role)
    for name in ("community:renew", "community:consents"):
        response = client.post(reverse(name), {"consent_membership": "on"})
        assert response.status_code == 302, (role, name)
        assert response["Location"].startswith("/compte/login/") == (role == "anonymous"), (role, name)
