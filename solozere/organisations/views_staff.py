"""Staff screens of the partner organisations, under /equipe/structures/ (one staff area, ADR 0008): the list, and
each organisation's agents (who holds the partner-agent role for it), added by their account's address or removed."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.accounts.decorators import staff_required
from solozere.organisations import selectors, services
from solozere.organisations.forms import AgentAddForm
from solozere.organisations.models import Organisation, OrganisationAgent


@never_cache
@staff_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organisations/staff_list.html", {"organisations": list(selectors.organisations_for_staff())}
    )


def _agents_page(
    request: HttpRequest, organisation: Organisation, form: AgentAddForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "organisations/staff_agents.html",
        {
            "organisation": organisation,
            "agents": list(selectors.agents_of(organisation)),
            "form": form or AgentAddForm(),
        },
        status=status,
    )


@never_cache
@staff_required
@require_GET
def staff_agents(request: HttpRequest, slug: str) -> HttpResponse:
    return _agents_page(request, get_object_or_404(Organisation, slug=slug))


@staff_required
@require_POST
def staff_agent_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = AgentAddForm(request.POST)
    if form.is_valid():
        try:
            agent = services.organisation_agent_add(
                actor=request.user, organisation=organisation, email=form.cleaned_data["email"]
            )
        except services.ServiceError as error:
            form.add_error("email" if error.field == "email" else None, error.message)
        else:
            messages.success(
                request,
                _("%(person)s est agent de %(organisation)s.") % {"person": agent.user, "organisation": organisation},
            )
            return redirect("organisations:staff_agents", slug=organisation.slug)
    return _agents_page(request, organisation, form, status=400)


@staff_required
@require_POST
def staff_agent_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        agent = organisation.agents.select_related("user").get(pk=pk)
    except OrganisationAgent.DoesNotExist:
        raise Http404 from None
    try:
        services.organisation_agent_remove(actor=request.user, agent=agent)
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s n'est plus agent de %(organisation)s.")
            % {"person": agent.user, "organisation": organisation},
        )
    return redirect("organisations:staff_agents", slug=organisation.slug)
