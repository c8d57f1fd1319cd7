"""The satisfaction survey: answered through the registration's private link (/agenda/questionnaire/<token>/, no
account needed), read in full by the event's organiser (/agenda/<slug>/questionnaire/). A link that is not valid,
or whose registration was purged, is a French 404 page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from solozere.events import survey_stats
from solozere.events.forms_survey import SurveyForm
from solozere.events.models import SurveyResponse
from solozere.events.selectors import may_organise
from solozere.events.services_survey import (
    SURVEY_WINDOW_DAYS,
    SurveyError,
    registration_for_survey,
    survey_answer,
    survey_comments,
    survey_figures,
)
from solozere.events.views import event_or_404


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_for_survey(token)
    if registration is None:
        return render(request, "events/survey_not_found.html", status=404)
    event = registration.event
    context = {"event": event, "registration": registration}
    if SurveyResponse.objects.filter(registration=registration).exists():
        # A second visit (or a second try): said plainly, the first answer kept.
        status = 409 if request.method == "POST" else 200
        return render(request, "events/survey_done.html", {**context, "already": True}, status=status)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                survey_answer(
                    registration=registration,
                    rating=form.cleaned_data["rating"],
                    useful=form.is_useful,
                    comment=form.cleaned_data.get("comment", ""),
                )
            except SurveyError as error:
                if error.already:
                    return render(request, "events/survey_done.html", {**context, "already": True}, status=409)
                form.add_error(None, error.message)
            else:
                return render(request, "events/survey_done.html", {**context, "already": False})
        return render(request, "events/survey_answer.html", {**context, "form": form}, status=400)
    return render(request, "events/survey_answer.html", {**context, "form": form})


@never_cache
@login_required
@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    if not may_organise(request.user, event):
        raise Http404
    figures = survey_figures(event)
    return render(
        request,
        "events/survey_results.html",
        {
            "event": event,
            "figures": figures,
            "bars": figures.rating_bars(),
            "comments": list(survey_comments(event)),
            "public": survey_stats.public_summary(figures),
            "threshold": survey_stats.PUBLIC_THRESHOLD,
            "window_days": SURVEY_WINDOW_DAYS,
        },
    )
