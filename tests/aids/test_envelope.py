"""The budget envelope: committed, paid and remaining, always current."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from solozere.aids import services
from solozere.aids.selectors import envelope_of
from solozere.aids.workflow import Status
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, pdf, represent

pytestmark = pytest.mark.django_db


def _submitted(scheme, first_name, siret):
    user = UserFactory()
    represent(user, siret)
    application = services.application_save_draft(
        user=user, scheme=scheme, data=draft_data(scheme, first_name=first_name, siret=siret)
    )
    for line in application.expenses.all():
        services.document_add(user=user, application=application, kind="quote", upload=pdf(), expense_line=line)
    services.document_add(user=user, application=application, kind="proof_of_address", upload=pdf())
    return services.application_submit(
        user=user, application=application, accuracy=True, rules_accepted=True, no_double_funding=True
    )


def test_committed_paid_and_remaining_follow_the_decisions(telework_scheme, staff_user):
    telework_scheme.budget_envelope = Decimal("5000")
    telework_scheme.save()
    first = _submitted(telework_scheme, "Anne", "73282932000074")
    second = _submitted(telework_scheme, "Bruno", "44306184100047")
    assert envelope_of(telework_scheme).remaining == Decimal("5000")

    first = services.application_accept(actor=staff_user, application=first, amount=Decimal("2400"))
    envelope = envelope_of(telework_scheme)
    assert (envelope.committed, envelope.paid, envelope.remaining) == (Decimal("2400"), 0, Decimal("2600"))

    with pytest.raises(services.ServiceError, match="Enveloppe insuffisante"):
        services.application_accept(actor=staff_user, application=second, amount=Decimal("2700"))
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED

    services.application_accept(actor=staff_user, application=second, amount=Decimal("2400"))
    services.application_record_payment(
        actor=staff_user, application=first, paid_on=timezone.localdate(first.decided_at), amount=Decimal("2400")
    )
    envelope = envelope_of(telework_scheme)
    assert (envelope.committed, envelope.paid, envelope.remaining) == (Decimal("4800"), Decimal("2400"), Decimal("200"))


def test_a_decision_taken_after_midnight_in_paris_is_dated_by_its_paris_day(telework_scheme, staff_user, monkeypatch):
    # 23:30 UTC on 6 December is 00:30 on 7 December in Paris: the payment's earliest day is the 7th, not the UTC 6th.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC))
    first = _submitted(telework_scheme, "Anne", "73282932000074")
    first = services.application_accept(actor=staff_user, application=first, amount=Decimal("2400"))
    with pytest.raises(services.ServiceError, match="ne peut pas précéder la décision"):
        services.application_record_payment(
            actor=staff_user, application=first, paid_on=dt.date(2026, 12, 6), amount=Decimal("2400")
        )
    paid = services.application_record_payment(
        actor=staff_user, application=first, paid_on=dt.date(2026, 12, 7), amount=Decimal("2400")
    )
    assert paid.status == Status.PAID


def test_an_exhausted_envelope_stops_new_applications_but_not_decided_ones(telework_scheme, staff_user):
    telework_scheme.budget_envelope = Decimal("2400")
    telework_scheme.save()
    first = _submitted(telework_scheme, "Anne", "73282932000074")
    first = services.application_accept(actor=staff_user, application=first, amount=Decimal("2400"))
    assert envelope_of(telework_scheme).exhausted
    evaluation = services.evaluate_application(first)
    assert evaluation.rule("scheme_open").outcome == "passed"  # its own grant does not count against itself
    with pytest.raises(services.ServiceError, match="ne reçoit pas de nouvelle demande"):
        services.application_save_draft(
            user=UserFactory(),
            scheme=telework_scheme,
            data=draft_data(telework_scheme, first_name="Zoé", siret="44306184100047"),
        )
