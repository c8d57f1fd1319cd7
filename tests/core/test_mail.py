"""Mail leaves through the task queue after commit; in production the queue is django-tasks-db."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from solozere.core.calendar import PARIS, CalendarEvent, Method, ics_attachment
from solozere.core.mail import Attachment, notify, send_email_on_commit, send_email_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_email_on_commit(subject="Bonjour", body="Corps", to=["a@example.org"])
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_mail_is_sent_with_its_html_alternative_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email_on_commit(
            subject="Bonjour", body="Corps", to=["a@example.org"], html_body="<p>Corps</p>", reply_to=["r@example.org"]
        )
    [message] = mail.outbox
    assert message.subject == "Bonjour"
    assert message.reply_to == ["r@example.org"]
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_no_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_email_on_commit(subject="Bonjour", body="Corps", to=["a@example.org"])
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_a_queued_mail(settings):
    """Through django_tasks_db.DatabaseBackend and `db_worker --batch`, as `make run` does."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    send_email_on_commit(subject="File d'attente", body="Corps", to=["a@example.org"])  # autocommit: enqueued now

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="solozere.core.mail.send_email_task").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    [message] = mail.outbox
    assert message.subject == "File d'attente"
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_is_recorded_as_failed_by_the_worker(settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    send_email_task.enqueue(subject="Panne", body="Corps", to=["a@example.org"])
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    assert DBTaskResult.objects.get().status == "FAILED"


# Attachments (an .ics) go through the task queue as plain strings. ---------------------------------------------


def _calendar_attachment():  # type: ignore[no-untyped-def]
    start = dt.datetime(2026, 10, 25, 9, tzinfo=PARIS)
    booking = CalendarEvent(
        uid="booking-3@solozere.test", start=start, end=start + dt.timedelta(hours=3), summary="Poste, Mende"
    )
    return ics_attachment([booking], method=Method.REQUEST, attendee="a@example.org", filename="reservation-3")


@pytest.mark.django_db
def test_notify_joins_the_ics_as_a_calendar_invitation(django_capture_on_commit_callbacks):
    attachment = _calendar_attachment()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=["a@example.org"],
            subject="Réservation confirmée",
            template="accounts/emails/account_deleted.txt",
            attachments=[attachment],
        )
    [message] = mail.outbox
    [part] = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    assert part.get_filename() == "reservation-3.ics"
    assert part.get("Content-Disposition").startswith("attachment")
    text = part.get_payload(decode=True).decode("utf-8")
    [vevent] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(vevent["summary"]) == "Poste, Mende"
    assert str(vevent["attendee"]) == "mailto:a@example.org"
    # The body is still the notification's text.
    assert message.body.strip()


@pytest.mark.django_db(transaction=True)
def test_an_attachment_survives_the_database_queue(settings):
    """In production the task's arguments are stored as JSON: the attachment must come out of it whole."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    attachment = _calendar_attachment()
    send_email_on_commit(subject="Invitation", body="Corps", to=["a@example.org"], attachments=[attachment])
    [result] = DBTaskResult.objects.filter(task_path="solozere.core.mail.send_email_task")
    assert result.args_kwargs["kwargs"]["attachments"] == [list(attachment)]
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    [message] = mail.outbox
    [part] = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    assert part.get_payload(decode=True).decode("utf-8") == attachment.content
    assert Attachment(*result.args_kwargs["kwargs"]["attachments"][0]) == attachment


def test_a_plain_text_attachment_keeps_its_type():
    send_email_task.call(
        subject="Liste", body="Corps", to=["a@example.org"], attachments=[["liste.csv", "a;b\n1;2\n", "text/csv"]]
    )
    [message] = mail.outbox
    [part] = [part for part in message.message().walk() if part.get_filename() == "liste.csv"]
    assert part.get_content_type() == "text/csv"
    assert part.get_payload(decode=True).decode("utf-8") == "a;b\n1;2\n"


@pytest.mark.parametrize("mimetype", ["application/pdf", "image/png", "text", "calendar"])
def test_a_binary_or_malformed_attachment_is_refused_by_the_caller(mimetype):
    with pytest.raises(ValueError, match="only text attachments"):
        send_email_on_commit(
            subject="x", body="y", to=["a@example.org"], attachments=[Attachment("f", "contenu", mimetype)]
        )


@pytest.mark.django_db
def test_no_attachment_is_no_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email_on_commit(subject="Bonjour", body="Corps", to=["a@example.org"])
    [message] = mail.outbox
    assert message.attachments == []
