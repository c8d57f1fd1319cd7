"""The organiser's pages: their events (/agenda/organiser/), create an event or a series, edit, publish, cancel,
mark as held. Another's event is a 404; every change goes through the services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from solozere.accounts.decorators import forbidden
from solozere.core.templatetags.form_tags import ErrorItem, ErrorSummary, error_summary
from solozere.events.forms import (
    EventForm,
    QuestionFormSet,
    ReasonForm,
    SeriesForm,
    SiteFormSet,
)
from solozere.events.models import Event, EventSeries, SiteKind
from solozere.events.selectors import may_organise_anything, organised_by, site_places, with_sites
from solozere.events.services import (
    EventError,
    event_cancel,
    event_hold,
    event_publish,
    event_save,
    series_publish,
)
from solozere.events.views import organised_or_404
from solozere.events.workflow import EVENT_WORKFLOW, SEAT_STATES, EventRole, EventStatus


def _refuse_non_organisers(request: HttpRequest) -> HttpResponse | None:
    if not may_organise_anything(request.user):
        return forbidden(
            request,
            _(
                "Les événements sont organisés par l'équipe du réseau, les gestionnaires des lieux et les agents des "
                "structures partenaires."
            ),
        )
    return None


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    refused = _refuse_non_organisers(request)
    if refused:
        return refused
    events = (
        with_sites(organised_by(request.user))
        .select_related("series")
        .annotate(held=Count("registrations", filter=Q(registrations__status__in=SEAT_STATES), distinct=True))
        .order_by("-starts_at", "pk")
    )
    now = timezone.now()
    return render(
        request,
        "events/organise_list.html",
        {
            "upcoming": [e for e in events if e.ends_at > now],
            "past": [e for e in events if e.ends_at <= now],
        },
    )


def _site_initial(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "kind": site.kind,
            "place": site.place_id,
            "address": site.address,
            "commune": site.commune.name if site.commune else "",
            "online_url": site.online_url,
            "capacity": site.capacity,
        }
        for site in event.sites.all()
    ]


def _event_initial(event: Event) -> dict[str, Any]:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    return {
        "title": event.title,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "day": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "end_day": end.date() if end.date() != start.date() else None,
        "registration_open": event.registration_open,
        "contributions_open": event.contributions_open,
    }


def _summary(*forms_: Any, sites: Any, questions: Any, extra: list[str]) -> ErrorSummary:
    items = error_summary(*forms_, *sites.forms, *questions.forms)
    for formset in (sites, questions):
        for message in formset.non_form_errors():
            items.append(ErrorItem(str(message), f"form-{formset.prefix}"))
    for message in extra:
        items.append(ErrorItem(message, "form-main"))
    return items


def _filled(formset: Any) -> list[Any]:
    """The forms that hold a site or a question: the pre-filled ones of an edit (unless emptied: their "kind" set
    back to "— choisir —"), and the blank extra ones someone filled in."""
    initial = formset.initial_form_count()
    return [
        form
        for index, form in enumerate(formset.forms)
        if (form.cleaned_data.get("kind") if index < initial else form.has_changed())
    ]


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create (no slug) or edit an event; a new one may be a series. Another's event is a 404."""
    event = organised_or_404(request, slug) if slug else None
    refused = _refuse_non_organisers(request) if event is None else None
    if refused:
        return refused
    if event is not None and event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        messages.error(request, _("Un événement annulé ou passé ne se modifie plus."))
        return redirect("events:manage", slug=event.slug)
    data = request.POST if request.method == "POST" else None
    form = EventForm(
        data, user=request.user, editing=event is not None, initial=_event_initial(event) if event else None
    )
    series_form = SeriesForm(data) if event is None else None
    sites = SiteFormSet(
        data,
        prefix="sites",
        initial=_site_initial(event) if event else None,
        form_kwargs={"places": site_places(request.user, event)},
    )
    question_initial = (
        [
            {"label": q.label, "kind": q.kind, "choices": q.choices, "required": q.required}
            for q in event.questions.all()
        ]
        if event
        else None
    )
    questions = QuestionFormSet(data, prefix="questions", initial=question_initial)
    service_errors: list[str] = []
    if request.method == "POST":
        valid = form.is_valid() & sites.is_valid() & questions.is_valid()
        valid = (series_form.is_valid() if series_form is not None else True) and valid
        if valid:
            repeat = series_form.cleaned_data if series_form is not None else {}
            try:
                saved = event_save(
                    actor=request.user,  # type: ignore[arg-type]
                    event=event,
                    organiser=form.chosen_organiser() if event is None else None,
                    fields=form.event_fields(),
                    sites=[f.site_data() for f in _filled(sites)],
                    questions=[f.question_data() for f in _filled(questions)],
                    frequency=repeat.get("frequency") or "",
                    count=repeat.get("count"),
                )
            except EventError as error:
                service_errors.append(error.message)
            else:
                if isinstance(saved, EventSeries):
                    messages.success(
                        request,
                        _("La série est créée en brouillon : %(rule)s. Publiez-la quand elle est prête.")
                        % {"rule": saved.rule_label},
                    )
                    return redirect("events:series", pk=saved.pk)
                if event is None:
                    messages.success(request, _("L'événement est créé en brouillon. Publiez-le quand il est prêt."))
                else:
                    messages.success(request, _("L'événement est enregistré."))
                return redirect("events:manage", slug=saved.slug)
    return render(
        request,
        "events/organise_form.html",
        {
            "event": event,
            "form": form,
            "series_form": series_form,
            "sites": sites,
            "questions": questions,
            "items": _summary(form, series_form, sites=sites, questions=questions, extra=service_errors),
            "site_kinds": SiteKind,
        },
    )


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's page of one event: its state, what can be done now, its sites and their fill, its log."""
    event = organised_or_404(request, slug)
    sites = list(
        event.sites.annotate(
            held=Count("registrations", filter=Q(registrations__status__in=SEAT_STATES))
        ).select_related("place", "commune")
    )
    return render(
        request,
        "events/organise_detail.html",
        {
            "event": event,
            "sites": sites,
            "actions": [t.action for t in EVENT_WORKFLOW.available(event.status, EventRole.ORGANISER)],
            "log": event.log.select_related("actor").order_by("created_at", "pk"),
            "cancel_form": ReasonForm(),
            "is_past": event.ends_at <= timezone.now(),
            "has_started": event.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    try:
        event_publish(actor=request.user, event=event)  # type: ignore[arg-type]
        messages.success(request, _("L'événement est publié : il paraît dans l'agenda."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:manage", slug=event.slug)


@login_required
@require_POST
def hold(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    try:
        event_hold(actor=request.user, event=event)
        messages.success(request, _("L'événement est marqué comme tenu."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:manage", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    form = ReasonForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
            messages.success(request, _("L'événement est annulé : les inscrits en sont prévenus par e-mail."))
            return redirect("events:manage", slug=event.slug)
        except EventError as refusal:
            error = refusal.message
    return render(request, "events/organise_cancel.html", {"event": event, "form": form, "error": error})


def _series_or_404(request: HttpRequest, pk: int) -> EventSeries:
    series = get_object_or_404(EventSeries, pk=pk)
    if not organised_by(request.user).filter(series=series).exists():
        raise Http404
    return series


@login_required
def series(request: HttpRequest, pk: int) -> HttpResponse:
    found = _series_or_404(request, pk)
    occurrences = with_sites(organised_by(request.user).filter(series=found)).order_by("starts_at", "pk")
    return render(request, "events/organise_series.html", {"series": found, "occurrences": occurrences})


@login_required
@require_POST
def series_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = _series_or_404(request, pk)
    try:
        published = series_publish(actor=request.user, series=found)  # type: ignore[arg-type]
        messages.success(
            request,
            ngettext(
                "%(count)s date de la série est publiée.",
                "%(count)s dates de la série sont publiées.",
                len(published),
            )
            % {"count": len(published)},
        )
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:series", pk=found.pk)
