"""Mail leaves through the task queue after commit; in production the queue is django-tasks-db."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from solozere.core.mail import send_email_on_commit, send_email_task

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
