"""Staff screens of accompaniment, under /equipe/accompagnement/ (one staff area, ADR 0008): the partner
organisations with what each handles and where, and the form to change one's profile (topics, zones, whether it
receives requests, a note on its territory, its address). Its agents are the organisations app's screen."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from solozere.accompaniment import selectors_profiles, services_profiles
from solozere.accompaniment.forms_profiles import PartnerProfileForm
from solozere.accounts.decorators import staff_required
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
