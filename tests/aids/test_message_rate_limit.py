"""A company's messages to the instructors are rate limited; past the limit its message comes back with the refusal."""

import pytest

from solozere.aids.models import Message
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_messages_past_the_limit_are_a_french_429_and_the_text_is_kept(client, submitted, applicant, rate_limits):
    rate_limits(aid_message="2/h/user")
    client.force_login(applicant)
    url = f"/aide-teletravail/demandes/{submitted.pk}/messages/"
    for body in ("Quand aurons-nous une réponse ?", "Le devis a changé."):
        assert client.post(url, {"body": body}).status_code == 302
    response = client.post(url, {"body": "Une troisième question."})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vous avez fait trop de demandes en peu de temps" in html
    assert "Une troisième question." in html
    assert Message.objects.filter(application=submitted).count() == 2


def test_the_limit_is_per_person(client, submitted, applicant, rate_limits):
    rate_limits(aid_message="1/h/user")
    colleague = UserFactory()
    submitted.company.representatives.add(colleague)
    url = f"/aide-teletravail/demandes/{submitted.pk}/messages/"
    client.force_login(applicant)
    assert client.post(url, {"body": "Première question."}).status_code == 302
    client.force_login(colleague)
    assert client.post(url, {"body": "Question d'une collègue."}).status_code == 302
