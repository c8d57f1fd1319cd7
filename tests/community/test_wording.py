"""The words of the member pages (issue 9, item 6): a message's date reads the French way."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from solozere.community.models import ContactMessage
from tests.community.factories import ContactMessageFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_inbox_dates_a_message_in_words_with_the_hour(client, member):
    other = MembershipFactory(approved=True, listed=True).user
    message = ContactMessageFactory(sender=other, recipient=member, subject="Un café ?", body="Jeudi ?")
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=dt.datetime(2026, 12, 2, 13, 50, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(member)
    text = html.unescape(client.get(reverse("community:inbox")).content.decode())
    assert ", le 2 décembre 2026 à 14 h 50" in text
    assert "02/12/2026" not in text
