"""The community's pages, as each role sees them (errors included), are valid HTML (Nu HTML checker)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from solozere.community.forms import MEMBERSHIP_STEPS
from solozere.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory
from tests.community.test_membership import membership_post
from tests.html_checker import nu_errors


def step_url(slug):
    return reverse("community:apply_step", args=[slug])


@pytest.fixture
def rendered_pages(territory, tmp_path):
    javols = Commune.objects.get(name="Javols")
    for _ in range(6):
        MembershipFactory(approved=True, listed=True, commune=javols, skills=["Python", "SIG"], all_public=True)
    MembershipFactory(approved=True, listed=True, status="job_seeker")
    member = MembershipFactory(approved=True, listed=True, skills=["Photo"])
    member.valid_until = timezone.localdate() + timedelta(days=10)
    member.save()
    target = MembershipFactory(approved=True, listed=True, all_public=True, bio="Ligne 1\nLigne 2")
    ContactMessageFactory(sender=target.user, recipient=member.user, body="<b>Bonjour</b>")
    application = MembershipFactory(info_requested=True)
    ReportFactory(membership=target)
    staff = UserFactory(staff=True)

    anonymous, as_member, as_staff, as_plain = Client(), Client(), Client(), Client()
    as_member.force_login(member.user)
    as_staff.force_login(staff)
    as_plain.force_login(UserFactory())
    profile = reverse("community:profile", args=[target.public_id])
    requests = [
        (anonymous, "get", "/", None),
        (anonymous, "get", reverse("community:index"), None),
        (anonymous, "get", reverse("pages:privacy"), None),
        (anonymous, "get", profile, None),
        (as_plain, "get", step_url("identite"), None),
        (as_plain, "post", step_url("identite"), membership_post(commune="48200", first_name="<x>")),
        (as_plain, "post", step_url("identite"), {}),
        (as_plain, "get", reverse("community:directory"), None),
        (as_plain, "get", reverse("community:my_membership"), None),
        (as_plain, "get", reverse("accounts:profile"), None),
        (as_member, "get", reverse("community:my_membership"), None),
        *((as_member, "get", step_url(step.slug), None) for step in MEMBERSHIP_STEPS),
        # Last step first: a refused step closes the ones after it.
        (as_member, "post", step_url("accords"), {}),
        (as_member, "post", step_url("annuaire"), {"visibility_name": "tous"}),
        (as_member, "post", step_url("profil"), {"skills": "<b>", "bio": "b" * 1001}),
        (as_member, "post", step_url("situation"), {"status": "employee", "telework_places": ["lune"]}),
        (as_member, "get", reverse("community:directory") + "?skill=python", None),
        (as_member, "get", reverse("community:directory") + "?commune=48200&skill=" + "x" * 70, None),
        (as_member, "get", profile, None),
        (as_member, "get", reverse("community:contact", args=[target.public_id]), None),
        (as_member, "post", reverse("community:contact", args=[target.public_id]), {"subject": "", "body": "x"}),
        (as_member, "get", reverse("community:profile_report", args=[target.public_id]), None),
        (as_member, "get", reverse("community:inbox"), None),
        (
            as_member,
            "get",
            reverse("community:message_reply", args=[member.user.community_messages_received.get().pk]),
            None,
        ),
        (as_member, "get", reverse("accounts:personal_data"), None),
        (as_member, "get", reverse("accounts:account_delete"), None),
        (as_member, "post", reverse("accounts:account_delete"), {"password": "non"}),
        (as_member, "get", reverse("accounts:profile"), None),
        (as_staff, "get", reverse("community:review_queue"), None),
        (as_staff, "get", reverse("community:review", args=[application.pk]), None),
        (as_staff, "post", reverse("community:decide", args=[application.pk]), {"action": "refuse"}),
        (as_staff, "get", reverse("community:reports"), None),
        (as_staff, "post", reverse("community:report_resolve", args=[target.reports.get().pk]), {"note": ""}),
    ]
    files = []
    for index, (client, method, url, data) in enumerate(requests):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        path = tmp_path / f"page{index:02d}.html"
        path.write_bytes(response.content)
        files.append((f"{method} {url}", path))
    return files


@pytest.mark.django_db
def test_community_pages_have_no_html_errors(rendered_pages):
    errors = nu_errors(rendered_pages)
    assert errors == [], "\n".join(errors)
