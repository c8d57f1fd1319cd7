from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from solozere.accounts.middleware import must_set_up_second_factor, second_factor_required_message
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

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Staff without an authenticator app go to set one up first, told why, instead of meeting the middleware's
        redirect only when they open a staff page (StaffSecondFactorMiddleware)."""
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect) and must_set_up_second_factor(user):
            messages.warning(request, second_factor_required_message())
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return response

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        """The link carries the sign-up's destination (`next`), so that it survives the e-mail.

        Opened in the same session, allauth resumes the pending sign-in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION) and
        lands on that destination. Opened elsewhere, the confirmation page passes `next` on and sends the person
        to log in, then to the destination.
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        destination = _safe_destination(request)
        if not destination:
            return url
        login_then_destination = f"{reverse('account_login')}?{urlencode({'next': destination})}"
        return f"{url}?{urlencode({'next': login_then_destination})}"


def _safe_destination(request: HttpRequest | None) -> str | None:
    """The request's `next`, or the pending sign-in's, if it is a path of this site (never another host)."""
    if request is None:
        return None
    candidate = request.POST.get("next") or request.GET.get("next")
    if not candidate:
        from allauth.account.internal.stagekit import unstash_login  # noqa: PLC0415 (allauth's stages import the adapter)

        pending = unstash_login(request, peek=True) if hasattr(request, "session") else None
        candidate = pending.redirect_url if pending else None
    if candidate and candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return candidate
    return None
