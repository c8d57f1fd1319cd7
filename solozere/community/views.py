"""Pages of the community. Thin: fetch (scoped) -> validate (form) -> service -> message -> redirect/render."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import member_required
from solozere.community import selectors, services
from solozere.community.consents import ConsentKind, current_text, text_of
from solozere.community.forms import (
    MEMBERSHIP_STEPS,
    STEPS_BY_SLUG,
    ConsentsForm,
    ContactForm,
    DirectorySearchForm,
    MembershipForm,
    RenewalForm,
    ReportForm,
    initial_from_typed,
    typed_from_initial,
    typed_values,
)
from solozere.community.models import Consent, Membership, Visibility
from solozere.community.services import CommunityError, ContactLimitReached
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


def _draft_state(request: HttpRequest, membership: Membership | None) -> tuple[dict[str, Any], list[str]]:
    """What the steps show: the draft; else the current profile (every step done); else the account's name."""
    draft = selectors.membership_draft_of(request.user)
    if draft is not None:
        return draft.data, list(draft.done_steps)
    if membership is not None:
        consents = {kind: c.granted for kind, c in selectors.latest_consents(request.user).items()}
        typed = typed_from_initial(MembershipForm.initial_from(membership, consents))
        return typed, [step.slug for step in MEMBERSHIP_STEPS]
    user: Any = request.user  # logged in: login_required
    return {"first_name": user.first_name, "last_name": user.last_name}, []


def _as_post(typed: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in typed.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def _first_step_to_do(done: list[str]) -> int:
    return next((i for i, step in enumerate(MEMBERSHIP_STEPS) if step.slug not in done), len(MEMBERSHIP_STEPS) - 1)


def _steps(current: int, done: list[str]) -> list[dict[str, Any]]:
    """The progress indicator (components/steps.html): every step up to the first one still to do can be opened."""
    reachable = _first_step_to_do(done)
    return [
        {
            "label": step.label,
            "url": reverse("community:apply_step", args=[step.slug]) if i <= reachable and i != current else None,
            "state": "current" if i == current else "done" if step.slug in done else "todo",
        }
        for i, step in enumerate(MEMBERSHIP_STEPS)
    ]


@never_cache
@login_required
@require_GET
def apply(request: HttpRequest) -> HttpResponse:
    """The membership form opens where the person left it (the first step still to do), else at the start."""
    if selectors.membership_draft_of(request.user) is None:  # a new form, or a profile to change: from the start
        return redirect("community:apply_step", step=MEMBERSHIP_STEPS[0].slug)
    _typed, done = _draft_state(request, selectors.membership_of(request.user))
    return redirect("community:apply_step", step=MEMBERSHIP_STEPS[_first_step_to_do(done)].slug)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the membership form. Each post keeps what was typed in the draft, valid or not; "Étape
    précédente" goes back without checking; the last step sends the whole application."""
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    index = MEMBERSHIP_STEPS.index(current)
    membership = selectors.membership_of(request.user)
    typed, done = _draft_state(request, membership)
    if index > _first_step_to_do(done):  # no skipping ahead of a step still to do
        return redirect("community:apply_step", step=MEMBERSHIP_STEPS[_first_step_to_do(done)].slug)
    if request.method == "POST":
        form = MembershipForm(request.POST, step=current)
        valid = form.is_valid()
        draft = services.membership_draft_save(
            user=request.user,
            fields=current.fields,
            values=typed_values(request.POST, current),
            step=current.slug,
            done=valid,
            start=typed,
            start_done=done,
        )
        if request.POST.get("go") == "back" and index > 0:
            return redirect("community:apply_step", step=MEMBERSHIP_STEPS[index - 1].slug)
        if valid and index < len(MEMBERSHIP_STEPS) - 1:
            return redirect("community:apply_step", step=MEMBERSHIP_STEPS[index + 1].slug)
        if valid:
            sent = _send_application(request, form, draft.data)
            if sent is not None:
                return sent
        done = list(draft.done_steps)
    elif "verifier" in request.GET and current.slug not in done:  # sent back here by the last step: show why
        form = MembershipForm(_as_post(typed), step=current)
        form.is_valid()
    else:
        form = MembershipForm(initial=initial_from_typed(typed), step=current)
    context = {
        "form": form,
        "membership": membership,
        "step": current,
        "steps": _steps(index, done),
        "previous": MEMBERSHIP_STEPS[index - 1] if index > 0 else None,
        "is_last": index == len(MEMBERSHIP_STEPS) - 1,
    }
    return render(request, "community/membership_form.html", context)


def _send_application(request: HttpRequest, last_step: MembershipForm, typed: dict[str, Any]) -> HttpResponse | None:
    """The last step is valid: check every step's values together and send. A step no longer valid (a commune
    renamed since, a value changed on another device) is opened again with its errors; None when the refusal
    belongs on the last step itself."""
    whole = MembershipForm(_as_post(typed))
    if not whole.is_valid():
        wrong = next(s for s in MEMBERSHIP_STEPS if any(name in whole.errors for name in s.fields))
        services.membership_draft_save(
            user=request.user, fields=(), values={}, step=wrong.slug, done=False, start=typed, start_done=[]
        )
        messages.error(request, _("Une information est à corriger avant l'envoi : la voici."))
        return redirect(reverse("community:apply_step", args=[wrong.slug]) + "?verifier=1")
    try:
        saved = services.membership_apply(user=request.user, data=whole.to_input(), consents=whole.consents())
    except CommunityError as error:
        last_step.add_error(None, str(error))
        return None
    if saved.state == MembershipState.APPROVED:
        messages.success(request, _("Votre profil est mis à jour."))
    else:
        messages.success(request, _("Votre demande d'adhésion est envoyée : l'équipe du réseau va l'examiner."))
    return redirect("community:my_membership")


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
        except ContactLimitReached as error:
            form.add_error(None, str(error))
            status = 429
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
        except ContactLimitReached as error:
            form.add_error(None, str(error))
            status = 429
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
