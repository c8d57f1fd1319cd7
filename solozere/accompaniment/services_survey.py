"""Satisfaction: when a request is closed, the person gets three questions once (answered? useful? a comment), from
their private link; each organisation sees the results of the requests it had."""

import datetime as dt
from dataclasses import dataclass
from statistics import mean

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment.models import Assignment, ProjectRequest, Survey
from solozere.accompaniment.services import RequestError, tell_person
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.core.mail import absolute_url
from solozere.organisations.models import Organisation


def survey_url(project_request: ProjectRequest) -> str:
    return absolute_url(reverse("accompaniment:survey", args=[project_request.token]))


def surveys_due(*, today: dt.date) -> QuerySet[ProjectRequest]:
    """Closed before `today` (the survey goes the day after), never surveyed, its person's data not erased."""
    return ProjectRequest.objects.filter(
        status=RequestStatus.CLOSED,
        survey_sent_at__isnull=True,
        purged_at__isnull=True,
        closed_at__date__lt=today,
    ).order_by("closed_at", "pk")


def surveys_send(*, today: dt.date, wet_run: bool) -> list[ProjectRequest]:
    """Send each due survey once (the row is claimed first); in a dry run, only say which."""
    due = list(surveys_due(today=today))
    if not wet_run:
        return due
    sent = []
    for project_request in due:
        with transaction.atomic():
            claimed = ProjectRequest.objects.filter(pk=project_request.pk, survey_sent_at__isnull=True).update(
                survey_sent_at=timezone.now()
            )
            if not claimed:
                continue
            tell_person(
                project_request,
                subject=_("Trois questions sur votre demande d'accompagnement %(reference)s"),
                template="accompaniment/email/survey.txt",
                survey_url=survey_url(project_request),
            )
        sent.append(project_request)
    return sent


def survey_answer(*, project_request: ProjectRequest, answered: str, useful: int, comment: str) -> Survey:
    """The person's one answer. Raises RequestError (in French) when the request is not closed or already
    answered."""
    if project_request.status != RequestStatus.CLOSED:
        raise RequestError(_("Le questionnaire s'ouvre quand votre demande est terminée."))
    try:
        with transaction.atomic():
            return Survey.objects.create(
                request=project_request, answered=answered, useful=useful, comment=comment.strip()
            )
    except IntegrityError:
        raise RequestError(_("Vous avez déjà répondu à ce questionnaire : merci !")) from None


@dataclass(frozen=True)
class OrganisationResults:
    organisation: Organisation
    answers: int
    answered: dict[str, int]  # Survey.Answered value -> count
    useful_mean: float | None
    comments: list[str]

    @property
    def shown(self) -> bool:
        """Under SMALL_GROUP_THRESHOLD answers, the organisation would recognise who wrote what: nothing is shown
        but the count, the way the census hides its small groups."""
        return self.answers >= SMALL_GROUP_THRESHOLD


def results_for(organisation: Organisation) -> OrganisationResults:
    """The answers about the requests `organisation` saw to the end (its part done: not those it declined or
    handed over, which another organisation answered), two queries; comments without who wrote them."""
    requests = Assignment.objects.filter(organisation=organisation, status=AssignmentStatus.DONE).values("request_id")
    rows = list(Survey.objects.filter(request_id__in=requests).order_by("pk").values("answered", "useful", "comment"))
    answered = dict.fromkeys(Survey.Answered.values, 0)
    for row in rows:
        answered[row["answered"]] += 1
    return OrganisationResults(
        organisation=organisation,
        answers=len(rows),
        answered=answered,
        useful_mean=round(mean(row["useful"] for row in rows), 1) if rows else None,
        comments=[row["comment"] for row in rows if row["comment"]],
    )
