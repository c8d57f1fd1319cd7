"""The satisfaction survey: the person answers from their private link once their request is closed; each
organisation's agents read the results of the requests their organisation had."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from solozere.accompaniment.forms_survey import SurveyForm
from solozere.accompaniment.models import ProjectRequest, Survey
from solozere.accompaniment.selectors import request_by_token
from solozere.accompaniment.services import RequestError
from solozere.accompaniment.services_survey import results_for, survey_answer
from solozere.accounts.decorators import partner_agent_required
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.organisations.selectors import organisations_of_agent


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        project_request = request_by_token(token)
    except ProjectRequest.DoesNotExist:
        return render(request, "accompaniment/request_link_invalid.html", {"expired": False}, status=404)
    done = Survey.objects.filter(request=project_request).exists()
    form = SurveyForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and not done:
        if form.is_valid():
            try:
                survey_answer(project_request=project_request, **form.cleaned_data)
            except RequestError as refused:
                error = refused.message
                status = 400
            else:
                done = True
        else:
            status = 400
    return render(
        request,
        "accompaniment/survey.html",
        {"project_request": project_request, "form": form, "done": done, "error": error},
        status=status,
    )


@never_cache
@partner_agent_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    organisations = organisations_of_agent(request.user)
    return render(
        request,
        "accompaniment/survey_results.html",
        {"results": [results_for(org) for org in organisations], "small_threshold": SMALL_GROUP_THRESHOLD},
    )
