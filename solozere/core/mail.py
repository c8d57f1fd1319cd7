"""E-mail leaves through the task queue, after the transaction that caused it commits."""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_email_task(
    *, subject: str, body: str, to: list[str], html_body: str = "", reply_to: list[str] | None = None
) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def send_email_on_commit(
    *, subject: str, body: str, to: list[str], html_body: str = "", reply_to: list[str] | None = None
) -> None:
    transaction.on_commit(
        partial(
            send_email_task.enqueue,
            subject=subject,
            body=body,
            to=to,
            html_body=html_body,
            reply_to=reply_to,
        )
    )


def clean_subject(subject: str) -> str:
    """One line: a name or a subject typed by someone must never break the header (BadHeaderError, or an
    injected header)."""
    return " ".join(str(subject).split())


def notify(*, to: list[str], subject: str, template: str, context: dict[str, Any] | None = None) -> None:
    """The one way a notification leaves: `template` (one per notification, a .txt template path) rendered with the
    site's name and address, the subject prefixed and sanitised, sent after commit through the task queue.
    Nobody to tell (an empty list) sends nothing."""
    if not to:
        return
    body = render_to_string(
        template, {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **(context or {})}
    )
    send_email_on_commit(subject=clean_subject(f"[{settings.SITE_NAME}] {subject}"), body=body, to=to)
