"""Pages of the community. Thin: fetch (scoped) -> validate (form) -> service -> message -> redirect/render."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import member_required
from solozere.community import selectors, services
from solozere.community.consents import ConsentKind, current_text, text_of
from solozere.community.forms import (
    ConsentsForm,
    ContactForm,
    DirectorySearchForm,
    MembershipForm,
    RenewalForm,
    ReportForm,
)
from solozere.community.models import Consent, Visibility
from solozere.community.services import CommunityError
from solozere.community.stats import bar_chart
from solozere.community.workflow import MembershipState
from solozere.core import ratelimit
from solozere.core.page_cache import cache_anonymous_page

View = Callable[..., HttpResponse]


def _over_limit(request: HttpRequest, form: Any, action: str) -> bool:
    """A valid post counts one use of `action`; past its limit the form comes back, as typed, with the refusal."""
    if request.method == "POST" and form.is_valid() and not ratelimit.consume(request, action=action):
        form.add_error(None, ratelimit.limited_message())
        return True
    return False


# Census ----------------------------------------------------------------------------------------------------------


@require_GET
@cache_anonymous_page("community")
def index(request: HttpRequest) -> HttpResponse:
    census = selectors.community_census()
    chart = bar_chart([(day.strftime("%m/%Y"), value) for day, value in census.growth], goal=None)
    return render(
        request,
        "community/index.html",
        {
            "census": census,
            "chart": chart,
            "membership": selectors.membership_of(request.user),
            "can_use_directory": selectors.can_use_directory(request.user),
        },
    )


# Membership --------------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_of(request.user)
    if request.method == "POST":
        form = MembershipForm(request.POST)
        if form.is_valid():
            try:
                saved = services.membership_apply(user=request.user, data=form.to_input(), consents=form.consents())
            except CommunityError as error:
                form.add_error(None, str(error))
            else:
                if saved.state == MembershipState.APPROVED:
                    messages.success(request, _("Votre profil est mis à jour."))
                else:
                    messages.success(
                        request, _("Votre demande d'adhésion est envoyée : l'équipe du réseau va l'examiner.")
                    )
                return redirect("community:my_membership")
    elif membership is not None:
        consents = {kind: c.granted for kind, c in selectors.latest_consents(request.user).items()}
        form = MembershipForm(initial=MembershipForm.initial_from(membership, consents))
    else:
        user: Any = request.user  # logged in: login_required
        form = MembershipForm(initial={"first_name": user.first_name, "last_name": user.last_name})
    return render(request, "community/membership_form.html", {"form": form, "membership": membership})


@never_cache
@login_required
@require_GET
def my_membership(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_of(request.user)
    latest = selectors.latest_consents(request.user)
    context: dict[str, Any] = {"membership": membership, "consents": _consent_rows(latest)}
    if membership is not None:
        context.update(
            events=membership.events.all(),
            periods=membership.periods.all(),
            can_renew=selectors.can_renew(membership),
            renewal_form=RenewalForm(
                initial={
                    "consent_directory": membership.listed_in_directory,
                    "consent_newsletter": selectors.consent_is_current(latest.get(ConsentKind.NEWSLETTER)),
                }
            ),
            consents_form=ConsentsForm(
                auto_id="consents_%s",  # the renewal form on the same page has the same fields
                initial={
                    "consent_directory": membership.listed_in_directory,
                    "consent_newsletter": bool(
                        latest.get(ConsentKind.NEWSLETTER) and latest[ConsentKind.NEWSLETTER].granted
                    ),
                },
            ),
        )
    return render(request, "community/my_membership.html", context)


def _consent_rows(latest: dict[str, Consent]) -> list[dict[str, Any]]:
    rows = []
    for kind, label in ConsentKind.choices:
        consent = latest.get(kind)
        text = text_of(kind, consent.version) if consent else None
        rows.append(
            {
                "label": label,
                "consent": consent,
                "text": text.text if text else current_text(kind).text,
                "outdated": bool(consent and consent.granted and consent.version != current_text(kind).version),
            }
        )
    return rows


@login_required
@require_POST
def renew(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_of(request.user)
    if membership is None:
        messages.error(request, _("Vous n'avez pas encore d'adhésion à renouveler."))
        return redirect("community:my_membership")
    form = RenewalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pour renouveler, cochez votre accord sur le texte d'adhésion."))
        return redirect("community:my_membership")
    try:
        period = services.membership_renew(membership_id=membership.pk, user=request.user, consents=form.consents())
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Votre adhésion est renouvelée jusqu'au %(date)s.") % {"date": period.ends_on.strftime("%d/%m/%Y")},
        )
    return redirect("community:my_membership")


@login_required
@require_POST
def update_consents(request: HttpRequest) -> HttpResponse:
    form = ConsentsForm(request.POST)
    if form.is_valid():
        services.consents_update(
            user=request.user,
            directory=form.cleaned_data["consent_directory"],
            newsletter=form.cleaned_data["consent_newsletter"],
        )
        messages.success(request, _("Vos choix sont enregistrés."))
    return redirect("community:my_membership")


# Directory -----------------------------------------------------------------------------------------------------


@member_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    profiles = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        queryset = selectors.directory_profiles(
            viewer=request.user,
            skill=data.get("skill", ""),
            commune=form.commune_match,
            status=data.get("status", ""),
        )
        levels = selectors.viewer_levels(request.user)
        profiles = [selectors.profile_card(m, levels) for m in queryset[:200]]
    return render(request, "community/directory.html", {"form": form, "profiles": profiles})


@require_GET
def profile_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.visible_profile(viewer=request.user, public_id=public_id)
    if membership is None:
        raise Http404
    is_owner = request.user.is_authenticated and membership.user_id == request.user.pk
    levels = frozenset(Visibility.values) if is_owner else selectors.viewer_levels(request.user)
    card = selectors.profile_card(membership, levels)
    if not card.shows_anything:
        raise Http404
    return render(
        request,
        "community/profile_detail.html",
        {
            "card": card,
            "is_owner": is_owner,
            "can_contact": not is_owner and selectors.can_use_directory(request.user),
            "hidden_by_staff": membership.hidden_by_staff and request.user.is_staff,
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.contactable_profile(viewer=request.user, public_id=public_id)
    if membership is None:
        raise Http404
    card = selectors.profile_card(membership, selectors.viewer_levels(request.user))
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 429 if _over_limit(request, form, "community_message") else 200
    if status == 200 and request.method == "POST" and form.is_valid():
        try:
            services.contact_message_send(
                sender=request.user,
                recipient=membership.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre message est transmis. Votre adresse e-mail n'a pas été communiquée."))
            return redirect("community:profile", public_id=public_id)
    return render(request, "community/contact_form.html", {"form": form, "card": card, "reply_to": None}, status=status)


@member_required
@require_http_methods(["GET", "POST"])
def profile_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.contactable_profile(viewer=request.user, public_id=public_id)
    if membership is None:
        raise Http404
    card = selectors.profile_card(membership, selectors.viewer_levels(request.user))
    return _report(
        request, target={"membership": membership}, context={"card": card, "message": None}, done="community:directory"
    )


@never_cache
@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    received, sent = selectors.messages_of(request.user)
    return render(
        request,
        "community/messages.html",
        {
            "received": [(m, selectors.person_label(m.sender)) for m in received[:100]],
            "sent": [(m, selectors.person_label(m.recipient)) for m in sent[:100]],
            "can_reply": selectors.can_use_directory(request.user),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def message_reply(request: HttpRequest, pk: int) -> HttpResponse:
    original = selectors.received_message(user=request.user, pk=pk)
    if original is None:
        raise Http404
    subject = original.subject if original.subject.lower().startswith("re") else f"Re : {original.subject}"
    form = ContactForm(request.POST if request.method == "POST" else None, initial={"subject": subject[:150]})
    status = 429 if _over_limit(request, form, "community_message") else 200
    if status == 200 and request.method == "POST" and form.is_valid():
        try:
            services.contact_message_send(
                sender=request.user,
                recipient=original.sender,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                in_reply_to=original,
            )
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre réponse est transmise. Votre adresse e-mail n'a pas été communiquée."))
            return redirect("community:inbox")
    return render(
        request,
        "community/contact_form.html",
        {"form": form, "card": None, "reply_to": original, "reply_label": selectors.person_label(original.sender)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.received_message(user=request.user, pk=pk)
    if message is None:
        raise Http404
    return _report(
        request, target={"message": message}, context={"card": None, "message": message}, done="community:inbox"
    )


def _report(request: HttpRequest, *, target: dict[str, Any], context: dict[str, Any], done: str) -> HttpResponse:
    """The report form, for a profile or a received message (`target` names which)."""
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 429 if _over_limit(request, form, "community_report") else 200
    if status == 200 and request.method == "POST" and form.is_valid():
        services.report_create(
            reporter=request.user, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"], **target
        )
        messages.success(request, _("Merci : l'équipe du réseau va examiner votre signalement."))
        return redirect(done)
    return render(request, "community/report_form.html", {"form": form, **context}, status=status)
