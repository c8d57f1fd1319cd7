"""E-mail leaves through the task queue, after the transaction that caused it commits."""

from collections.abc import Sequence
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


def absolute_url(path: str) -> str:
    """The address of a page of the site, for a link in an e-mail (SITE_URL, never the request's host)."""
    return settings.SITE_URL.rstrip("/") + path


class Attachment(NamedTuple):
    """A file joined to an e-mail, as plain text so that it goes through the task queue's JSON arguments (a list
    of three strings once there). `mimetype` may carry parameters: `text/calendar; method=REQUEST`."""

    filename: str
    content: str
    mimetype: str


def _mime_part(attachment: Sequence[str]) -> MIMEBase:
    """Django's attach() takes the whole mimetype as its subtype and would drop `method=REQUEST`, which tells the
    mail client that the .ics is an invitation: build the part ourselves, charset utf-8, parameters kept."""
    filename, content, mimetype = attachment
    kind, _, parameters = mimetype.partition(";")
    maintype, _, subtype = kind.strip().partition("/")
    if maintype != "text" or not subtype:
        raise ValueError(f"only text attachments go through the task queue, not {mimetype!r}")
    part = MIMEText(content, subtype, "utf-8")
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip() and name.strip().lower() != "charset":
            part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


@task()
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
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
    for attachment in attachments or []:
        message.attach(_mime_part(attachment))
    return message.send()


def send_email_on_commit(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    reply_to: list[str] | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    for attachment in attachments:
        _mime_part(attachment)  # a bad attachment fails here, in the caller, not later in the worker
    transaction.on_commit(
        partial(
            send_email_task.enqueue,
            subject=subject,
            body=body,
            to=to,
            html_body=html_body,
            reply_to=reply_to,
            attachments=[list(attachment) for attachment in attachments],
        )
    )


def clean_subject(subject: str) -> str:
    """One line: a name or a subject typed by someone must never break the header (BadHeaderError, or an
    injected header)."""
    return " ".join(str(subject).split())


def notify(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """The one way a notification leaves: `template` (one per notification, a .txt template path) rendered with the
    site's name and address, the subject prefixed and sanitised, sent after commit through the task queue, with its
    `attachments` (an .ics: `solozere.core.calendar.ics_attachment`). Nobody to tell (an empty list) sends nothing."""
    if not to:
        return
    body = render_to_string(
        template, {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **(context or {})}
    )
    send_email_on_commit(
        subject=clean_subject(f"[{settings.SITE_NAME}] {subject}"), body=body, to=to, attachments=attachments
    )
