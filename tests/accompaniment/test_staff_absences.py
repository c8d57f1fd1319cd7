"""The staff mark an agent absent for them (/equipe/accompagnement/absences/): every role on the page and its POSTs
(only the staff get in), the agent told by e-mail once, the absence read by the re-routing command, bad input kept
with a French message, and a list whose query count does not grow with its rows."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from solozere.accompaniment.models import AgentAbsence
from solozere.accompaniment.selectors_followup import absent_on
from solozere.core.models import AuditLogEntry
from tests.accompaniment.factories_partner import AgentAbsenceFactory
from tests.accompaniment.request_helpers import sent_to, text
from tests.organisations.factories import OrganisationAgentFactory
from tests.roles import ROLES, STAFF_ONLY, expect

pytestmark = pytest.mark.django_db
URL = "/equipe/accompagnement/absences/"
DELETE = "/equipe/accompagnement/absences/{pk}/retirer/"


def _days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_see_the_absences(as_role, role):
    expect(as_role(role).get(URL), STAFF_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_mark_an_agent_absent(as_role, partner_agent, role):
    response = as_role(role).post(URL, {"agent": partner_agent.pk, "starts_on": _days(0), "ends_on": _days(5)})
    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    assert AgentAbsence.objects.exists() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_withdraw_an_absence(as_role, partner_agent, role):
    absence = AgentAbsenceFactory(user=partner_agent)
    expect(as_role(role).post(DELETE.format(pk=absence.pk)), {**STAFF_ONLY, "staff": 302}[role])
    assert AgentAbsence.objects.filter(pk=absence.pk).exists() == (role != "staff")


def test_the_staff_mark_an_agent_absent_and_the_agent_is_told_once(staff, partner_agent, on_commit):
    with on_commit(execute=True):
        response = staff.post(
            URL, {"agent": partner_agent.pk, "starts_on": _days(0), "ends_on": _days(4), "note": "Arrêt maladie"}
        )
    assert response.status_code == 302
    absence = AgentAbsence.objects.get()
    assert (absence.user, absence.note) == (partner_agent, "Arrêt maladie")
    assert list(absent_on(timezone.localdate())) == [absence]
    [message] = sent_to(partner_agent.email)
    assert "a enregistré votre absence" in message.body and "Arrêt maladie" in message.body
    assert "/accompagnement/partenaires/absences/" in message.body
    assert AuditLogEntry.objects.filter(action="create", message="absence déclarée par l'équipe").count() == 1
    page = text(staff.get(URL))
    assert "Paul Agent" in page and "Structure partenaire de test" in page and "Arrêt maladie" in page


def test_withdrawing_tells_the_agent_and_an_agent_acting_alone_is_not_mailed(client, staff, partner_agent, on_commit):
    absence = AgentAbsenceFactory(user=partner_agent)
    with on_commit(execute=True):
        assert staff.post(DELETE.format(pk=absence.pk)).status_code == 302
    [message] = sent_to(partner_agent.email)
    assert "a retiré votre absence" in message.body
    assert AuditLogEntry.objects.filter(action="delete", message="absence retirée").count() == 1

    mail.outbox.clear()
    client.force_login(partner_agent)
    with on_commit(execute=True):
        client.post("/accompagnement/partenaires/absences/", {"starts_on": _days(1), "ends_on": _days(2)})
    assert AgentAbsence.objects.filter(user=partner_agent).count() == 1
    assert mail.outbox == []


def test_an_absence_already_withdrawn_is_said_in_french(staff):
    response = staff.post(DELETE.format(pk=999_999), follow=True)
    assert response.status_code == 200 and "déjà été retirée" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"agent": "", "starts_on": _days(0), "ends_on": _days(1)}, "Choisissez l'agent absent."),
        ({"agent": "999999", "starts_on": _days(0), "ends_on": _days(1)}, "n'est pas agent d'une structure"),
        ({"agent": "abc", "starts_on": _days(0), "ends_on": _days(1)}, "n'est pas agent d'une structure"),
        ({"starts_on": "31/02/2027", "ends_on": _days(1)}, "Saisissez une date valide"),
        ({"starts_on": _days(9), "ends_on": _days(2)}, "La fin de l'absence vient après son début."),
        ({"starts_on": "2020-01-01", "ends_on": "2020-01-10"}, "déjà passée"),
    ],
)
def test_bad_input_is_said_in_french_and_kept(staff, partner_agent, data, message):
    response = staff.post(URL, {"agent": partner_agent.pk, **data, "note": "Formation longue"})
    page = text(response)
    assert response.status_code == 400 and message in page and "Formation longue" in page
    assert not AgentAbsence.objects.exists()


def test_someone_who_is_not_an_agent_cannot_be_marked_absent(staff, member):
    response = staff.post(URL, {"agent": member.pk, "starts_on": _days(0), "ends_on": _days(1)})
    assert response.status_code == 400 and "n'est pas agent d'une structure" in text(response)


def test_past_absences_are_not_listed_and_the_query_count_does_not_grow(staff, partner_agent):
    AgentAbsenceFactory(user=partner_agent, starts_on=_days(-20), ends_on=_days(-10), note="Ancienne absence")
    AgentAbsenceFactory(user=partner_agent, starts_on=_days(1), ends_on=_days(3), note="Prochaine absence")
    with CaptureQueriesContext(connection) as few:
        page = text(staff.get(URL))
    assert "Prochaine absence" in page and "Ancienne absence" not in page
    for n in range(8):
        AgentAbsenceFactory(user=OrganisationAgentFactory().user, starts_on=_days(n), ends_on=_days(n + 2))
    with CaptureQueriesContext(connection) as many:
        staff.get(URL)
    assert len(many) == len(few)
