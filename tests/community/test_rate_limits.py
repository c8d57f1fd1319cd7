"""Relayed messages and reports are rate limited per person and per real address; past a limit the form comes back,
as typed, with a French refusal and the status 429."""

import pytest
from django.urls import reverse

from solozere.community.models import ContactMessage, Report
from tests.community.factories import ContactMessageFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_writing_through_the_directory_past_the_limit_is_a_french_429(client, member, rate_limits):
    rate_limits(community_message="1/h/user")
    target = MembershipFactory(approved=True, listed=True)
    client.force_login(member)
    url = reverse("community:contact", args=[target.public_id])
    assert client.post(url, {"subject": "Covoiturage", "body": "Un trajet demain ?"}).status_code == 302
    response = client.post(url, {"subject": "Encore", "body": "Un deuxième message, trop tôt."})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vous avez fait trop de demandes en peu de temps" in html
    assert "Un deuxième message, trop tôt." in html
    assert ContactMessage.objects.count() == 1


def test_answers_count_with_the_messages(client, member, rate_limits):
    rate_limits(community_message="1/h/user")
    target = MembershipFactory(approved=True, listed=True)
    client.force_login(member)
    client.post(
        reverse("community:contact", args=[target.public_id]), {"subject": "Bonjour", "body": "Un café demain matin ?"}
    )
    original = ContactMessageFactory(sender=target.user, recipient=member)
    response = client.post(
        reverse("community:message_reply", args=[original.pk]),
        {"subject": "Re : Bonjour", "body": "Volontiers, à demain."},
    )
    assert response.status_code == 429
    assert "Volontiers, à demain." in response.content.decode()


def test_two_members_behind_one_address_share_the_address_limit(client, rate_limits):
    rate_limits(community_message="1/h/ip")
    target = MembershipFactory(approved=True, listed=True)
    url = reverse("community:contact", args=[target.public_id])
    for person, expected in (
        (MembershipFactory(approved=True).user, 302),
        (MembershipFactory(approved=True).user, 429),
    ):
        client.force_login(person)
        response = client.post(
            url, {"subject": "Salut", "body": "Un café demain matin ?"}, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
        assert response.status_code == expected


def test_reports_past_the_limit_are_a_french_429(client, member, rate_limits):
    rate_limits(community_report="1/h/user")
    client.force_login(member)
    first, second = MembershipFactory(approved=True, listed=True), MembershipFactory(approved=True, listed=True)
    response = client.post(reverse("community:profile_report", args=[first.public_id]), {"reason": "spam"})
    assert response.status_code == 302
    message = ContactMessageFactory(recipient=member)
    response = client.post(
        reverse("community:message_report", args=[message.pk]), {"reason": "spam", "details": "Encore du démarchage."}
    )
    assert response.status_code == 429
    assert "Encore du démarchage." in response.content.decode()
    response = client.post(reverse("community:profile_report", args=[second.public_id]), {"reason": "spam"})
    assert response.status_code == 429
    assert Report.objects.count() == 1
