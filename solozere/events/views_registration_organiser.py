"""The organiser's side of registrations: the list per site (/agenda/<slug>/inscrits/), one registration and its
cancellation with a reason, the CSV export, and the attendance sheet (/agenda/<slug>/presences/?site=<pk>), made for
a phone (one big button per person, works without JavaScript, htmx swaps the line in place) and for paper.

Who may: selectors.may_organise (the staff for every event; a place's managers, a partner's agents for theirs).
Anyone else gets a 404, as for another's object."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.core.csv_export import SafeWriter
from solozere.events.forms_registration import AttendanceForm, OrganiserCancelForm
from solozere.events.models import Event, EventSite, Registration
from solozere.events.selectors_registration import attendance_rows, questions_of, site_lists
from solozere.events.services_registration import (
    RegistrationError,
    attendance_opens,
    event_when,
    registration_cancel_by_organiser,
    registration_mark_attendance,
)
from solozere.events.views import organised_or_404
from solozere.events.workflow import LIVE_STATES


def _registration_or_404(event: Event, pk: int) -> Registration:
    try:
        return Registration.objects.select_related("site__place", "user").get(event=event, pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_GET
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    sites = list(event.sites.all())
    questions = questions_of(event)
    lists = site_lists(event, sites)
    for site_list in lists:
        for row in site_list.registered + site_list.offered + site_list.waiting + site_list.pending:
            row.answer_list = [row.answers.get(str(question.pk), "") for question in questions]  # type: ignore[attr-defined]
    return render(
        request,
        "events/registration_list.html",
        {"event": event, "when": event_when(event), "lists": lists, "questions": questions},
    )


def _detail(request: HttpRequest, event: Event, registration: Registration, form: OrganiserCancelForm) -> HttpResponse:
    labels = {str(question.pk): question.label for question in questions_of(event)}
    return render(
        request,
        "events/registration_detail.html",
        {
            "event": event,
            "registration": registration,
            "answers": [(labels.get(key, _("Question retirée")), value) for key, value in registration.answers.items()],
            "log": list(registration.log.select_related("actor").order_by("created_at", "pk")),
            "can_cancel": registration.status in LIVE_STATES,
            "form": form,
        },
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )


@never_cache
@login_required
@require_GET
def registration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    return _detail(request, event, _registration_or_404(event, pk), OrganiserCancelForm())


@login_required
@require_POST
def registration_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    registration = _registration_or_404(event, pk)
    form = OrganiserCancelForm(request.POST)
    if form.is_valid():
        try:
            registration_cancel_by_organiser(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                reason=form.cleaned_data["reason"],
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Inscription annulée : la personne est prévenue par e-mail, avec le motif."))
            return redirect("events:registrations", event.slug)
    return _detail(request, event, registration, form)


EXPORT_COLUMNS = [
    gettext_lazy("Site"),
    gettext_lazy("État"),
    gettext_lazy("Place n°"),
    gettext_lazy("Position sur la liste d'attente"),
    gettext_lazy("Nom"),
    gettext_lazy("Adresse e-mail"),
    gettext_lazy("Compte"),
    gettext_lazy("Adresse confirmée le"),
    gettext_lazy("Présent"),
]


@never_cache
@login_required
@require_GET
def registrations_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One line per registration of the event, every site, one column per question."""
    event = organised_or_404(request, slug)
    sites = list(event.sites.all())
    questions = questions_of(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
    response.write("\ufeff")  # so that a spreadsheet reads the accents right
    writer = SafeWriter(response, delimiter=";")
    writer.writerow([*(str(column) for column in EXPORT_COLUMNS), *(question.label for question in questions)])
    yes, no = _("oui"), _("non")
    attended = {True: yes, False: no, None: ""}
    for site_list in site_lists(event, sites):
        rows = site_list.registered + site_list.offered + site_list.waiting + site_list.pending + site_list.ended
        waiting_rank = {row.pk: rank for rank, row in enumerate(site_list.waiting, start=1)}
        for row in rows:
            confirmed = timezone.localtime(row.confirmed_at).isoformat(timespec="minutes") if row.confirmed_at else ""
            writer.writerow(
                [
                    site_list.site.name,
                    row.get_status_display(),
                    row.seat or "",
                    waiting_rank.get(row.pk, ""),
                    row.name,
                    row.email,
                    yes if row.user_id else no,
                    confirmed,
                    attended[row.attended],
                    *(row.answers.get(str(question.pk), "") for question in questions),
                ]
            )
    return response


# --- The attendance sheet ------------------------------------------------------------------------------------------


def _site_of(event: Event, raw: str) -> EventSite | None:
    sites = list(event.sites.all())
    if not raw and len(sites) == 1:
        return sites[0]
    return next((site for site in sites if raw.isascii() and raw.isdecimal() and site.pk == int(raw)), None)


@never_cache
@login_required
@require_GET
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    raw = request.GET.get("site", "")
    site = _site_of(event, raw)
    sites = list(event.sites.all())
    if site is None:
        return render(
            request,
            "events/registration_attendance.html",
            {
                "event": event,
                "sites": sites,
                "site": None,
                "error": _("Ce site n'est pas un site de l'événement : choisissez-en un dans la liste.") if raw else "",
            },
            status=HTTPStatus.BAD_REQUEST if raw else HTTPStatus.OK,
        )
    rows = attendance_rows(site)
    return render(
        request,
        "events/registration_attendance.html",
        {
            "event": event,
            "when": event_when(event),
            "sites": sites,
            "site": site,
            "rows": rows,
            "present": sum(1 for row in rows if row.attended),
            "is_open": timezone.localdate() >= attendance_opens(event),
            "opens": attendance_opens(event),
        },
    )


@login_required
@require_POST
def attendance_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    registration = _registration_or_404(event, pk)
    form = AttendanceForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Dites si la personne est venue (présent ou absent).")
    else:
        try:
            registration = registration_mark_attendance(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                attended=form.cleaned_data["attended"],
            )
        except RegistrationError as exc:
            error = exc.message
    if request.htmx:  # type: ignore[attr-defined]  # set by django_htmx's middleware
        # htmx swaps only a 2xx answer: the line comes back with its refusal in it, said as a refusal.
        return render(
            request,
            "events/_registration_attendance_row.html",
            {
                "event": event,
                "site": registration.site,
                "row": registration,
                "error": error,
                "is_open": timezone.localdate() >= attendance_opens(event),
            },
        )
    if error:
        messages.error(request, error)
    url = reverse("events:attendance", args=[event.slug])
    return redirect(f"{url}?site={registration.site_id}#inscrit-{registration.pk}")
