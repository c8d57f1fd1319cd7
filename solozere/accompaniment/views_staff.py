"""Staff screens of accompaniment, under /equipe/accompagnement/ (one staff area, ADR 0008): the partner
organisations with what each handles and where, and the form to change one's profile (topics, zones, whether it
receives requests, a note on its territory, its address); the requests to route by hand and those nobody has
answered, and a request seen whole (internal notes and both logs) with the form to route it by hand. Its agents are
the organisations app's screen."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accompaniment import (
    selectors_followup,
    selectors_profiles,
    services,
    services_absences,
    services_profiles,
)
from solozere.accompaniment.forms_partner import StaffAbsenceForm
from solozere.accompaniment.forms_profiles import PartnerProfileForm
from solozere.accompaniment.forms_staff import RouteByHandForm
from solozere.accompaniment.models import AgentAbsence, AssignmentLog, ProjectRequest
from solozere.accompaniment.workflow import RequestStatus
from solozere.accounts.decorators import staff_required
from solozere.core.dates import working_days_between
from solozere.organisations.models import Organisation


@never_cache
@staff_required
@require_GET
def staff_profiles(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accompaniment/staff_profiles.html",
        {"organisations": list(selectors_profiles.organisations_with_profiles())},
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def staff_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    profile = selectors_profiles.profile_of(organisation)
    if request.method == "POST":
        form = PartnerProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services_profiles.partner_profile_update(
                    actor=request.user,
                    organisation=organisation,
                    data=services_profiles.ProfileData(
                        topics=data["topics"],
                        zones=list(data["zones"]),
                        receives_requests=data["receives_requests"],
                        territory_note=data["territory_note"],
                        contact_email=data["contact_email"],
                    ),
                )
            except services_profiles.ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Sujets et territoire de %(name)s enregistrés.") % {"name": organisation})
                return redirect("accompaniment:staff_profiles")
    else:
        form = PartnerProfileForm(initial=PartnerProfileForm.initial_of(profile))
    return render(
        request,
        "accompaniment/staff_profile.html",
        {"organisation": organisation, "profile": profile, "form": form},
        status=400 if form.is_bound else 200,
    )


PAGE_SIZE = 50


def _aged(request: HttpRequest, requests: QuerySet[ProjectRequest], **context: Any) -> HttpResponse:
    """A page of the requests (with who has them) and their age in working days; three queries whatever the number
    of rows."""
    today = timezone.localdate()
    page = Paginator(selectors_followup.with_holders(requests), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(row, working_days_between(timezone.localdate(row.created_at), today)) for row in page.object_list]
    return render(request, "accompaniment/staff_requests.html", {"rows": rows, "page_obj": page, **context})


@never_cache
@staff_required
@require_GET
def staff_to_route(request: HttpRequest) -> HttpResponse:
    return _aged(
        request,
        selectors_followup.requests_to_route(),
        title=_("Demandes à orienter"),
        hint=_(
            "Personne ne couvre ces demandes, ou une partie de leurs sujets, sur leur commune : orientez-les vers "
            "une structure. Les plus anciennes d'abord ; l'âge est compté en jours ouvrés."
        ),
        empty=_("Aucune demande à orienter."),
    )


@never_cache
@staff_required
@require_GET
def staff_unanswered(request: HttpRequest) -> HttpResponse:
    return _aged(
        request,
        selectors_followup.unanswered_requests(),
        title=_("Demandes sans réponse"),
        hint=_(
            "Aucune structure n'a encore répondu à ces demandes. Les plus anciennes d'abord ; l'âge est compté en "
            "jours ouvrés."
        ),
        empty=_("Toutes les demandes ont reçu une réponse."),
    )


def _request_context(project_request: ProjectRequest, form: RouteByHandForm | None) -> dict[str, Any]:
    assignments = list(
        project_request.assignments.select_related("organisation", "taken_by", "handed_over_from__organisation")
    )
    return {
        "project": project_request,
        "age": working_days_between(timezone.localdate(project_request.created_at), timezone.localdate()),
        "assignments": assignments,
        "thread": list(project_request.messages.select_related("organisation", "author")),
        "request_log": list(project_request.log.select_related("actor")),
        "assignment_log": list(
            AssignmentLog.objects.filter(assignment__request=project_request).select_related(
                "actor", "assignment__organisation"
            )
        ),
        "form": form,
    }


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def staff_request(request: HttpRequest, reference: str) -> HttpResponse:
    project_request = get_object_or_404(ProjectRequest.objects.select_related("commune", "user"), reference=reference)
    routable = project_request.status in (RequestStatus.UNROUTED, RequestStatus.OPEN)
    form = None
    if request.method == "POST":
        form = RouteByHandForm(request.POST, project_request=project_request)
        if not routable:
            form.add_error(
                None,
                _("Cette demande est « %(state)s » : elle ne peut plus être orientée.")
                % {"state": project_request.get_status_display()},
            )
        elif form.is_valid():
            try:
                assignments = services.route_by_hand(
                    actor=request.user,
                    project_request=project_request,
                    organisations=list(form.cleaned_data["organisations"]),
                    lead=form.cleaned_data.get("lead"),
                )
            except services.RequestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Demande %(reference)s transmise à : %(names)s.")
                    % {
                        "reference": project_request.reference,
                        "names": ", ".join(a.organisation.name for a in assignments),
                    },
                )
                return redirect("accompaniment:staff_request", reference=project_request.reference)
    elif routable:
        form = RouteByHandForm(project_request=project_request)
    return render(
        request,
        "accompaniment/staff_request.html",
        _request_context(project_request, form),
        status=400 if form is not None and form.is_bound else 200,
    )


# --- The agents' absences --------------------------------------------------------------------------------------------


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def staff_absences(request: HttpRequest) -> HttpResponse:
    """Every agent's absence under way or to come, and the form to mark one absent for them (the agent is told)."""
    form = StaffAbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        absence = services_absences.absence_declare(
            actor=request.user,
            agent=data["agent"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
        )
        messages.success(
            request,
            _("L'absence de %(agent)s est enregistrée ; l'agent en est prévenu par e-mail.")
            % {"agent": absence.user.get_full_name() or absence.user.email},
        )
        return redirect("accompaniment:staff_absences")
    rows = selectors_followup.absences_to_come(timezone.localdate())
    status = 400 if request.method == "POST" else 200
    return render(request, "accompaniment/staff_absences.html", {"form": form, "absences": rows}, status=status)


@staff_required
@require_POST
def staff_absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = AgentAbsence.objects.select_related("user").filter(pk=pk).first()
    if absence is None:  # withdrawn in another tab, or a second click
        messages.info(request, _("Cette absence n'existe plus : elle a déjà été retirée."))
    else:
        services_absences.absence_withdraw(actor=request.user, absence=absence)
        messages.success(request, _("L'absence est retirée ; l'agent en est prévenu par e-mail."))
    return redirect("accompaniment:staff_absences")
