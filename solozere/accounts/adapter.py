from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from solozere.core.mail import send_email_on_commit


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails go through the task queue after commit, like every other mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Without django.contrib.sites allauth's `current_site` is the request host: name the site ourselves.
        context = {**context, "email": email, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        msg = self.render_mail(template_prefix, email, context)
        html_body = ""
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html_body = str(content)
        send_email_on_commit(subject=str(msg.subject), body=str(msg.body), to=[email], html_body=html_body)
