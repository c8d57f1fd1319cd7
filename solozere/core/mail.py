"""E-mail leaves through the task queue, after the transaction that caused it commits."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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
