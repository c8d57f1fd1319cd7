"""An agent declares their own absences; only their own, and the command then gives their requests back."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.accompaniment.models import AgentAbsence
from tests.accompaniment.factories_partner import AgentAbsenceFactory
from tests.organisations.factories import OrganisationAgentFactory

pytestmark = pytest.mark.django_db
URL = "accompaniment_partner:absences"


def test_an_agent_declares_and_withdraws_an_absence(client, partner_agent):
    client.force_login(partner_agent)
    today = timezone.localdate()
    start, end = today + dt.timedelta(days=3), today + dt.timedelta(days=10)
    response = client.post(reverse(URL), {"starts_on": start.isoformat(), "ends_on": end.isoformat(), "note": "Congés"})
    assert response.status_code == 302
    absence = AgentAbsence.objects.get()
    assert (absence.user, absence.starts_on, absence.ends_on, absence.note) == (partner_agent, start, end, "Congés")
    page = client.get(reverse(URL))
    assert "Congés" in page.text
    client.post(reverse("accompaniment_partner:absence_delete", args=[absence.pk]))
    assert not AgentAbsence.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_on": "", "ends_on": ""}, "Indiquez la date."),
        ({"starts_on": "31/02/2027", "ends_on": "2027-03-01"}, "Saisissez une date valide"),
        ({"starts_on": "2099-03-10", "ends_on": "2099-03-01"}, "La fin de l&#x27;absence vient après son début."),
        ({"starts_on": "2020-01-01", "ends_on": "2020-01-10"}, "déjà passée"),
    ],
)
def test_bad_dates_are_said_in_french_and_kept(client, partner_agent, data, message):
    client.force_login(partner_agent)
    response = client.post(reverse(URL), {**data, "note": "Formation"})
    assert response.status_code == 400 and message in response.text and "Formation" in response.text
    assert not AgentAbsence.objects.exists()


def test_nobody_withdraws_another_agents_absence(client, partner_agent):
    other = AgentAbsenceFactory(user=OrganisationAgentFactory().user)
    client.force_login(partner_agent)
    assert client.post(reverse("accompaniment_partner:absence_delete", args=[other.pk])).status_code == 404
    assert AgentAbsence.objects.filter(pk=other.pk).exists()
    assert "Formation" not in client.get(reverse(URL)).text


@pytest.mark.parametrize("persona", ["plain_user", "member", "place_manager", "company_representative", "staff_user"])
def test_only_agents_have_absences(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse("accompaniment_partner:absence_delete", args=[1])).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get(reverse(URL)).status_code == 302
