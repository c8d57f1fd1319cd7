"""The short satisfaction survey of an event: sent once to each person who came, from the day after the event
until SURVEY_WINDOW_DAYS days after it (send_event_surveys, daily); answered once, through the registration's
private link; read by the organiser in full and by the public in aggregate (survey_stats)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.core.mail import notify
from solozere.events import survey_stats
from solozere.events.models import Event, Registration, SurveyResponse
from solozere.events.workflow import EventStatus, RegistrationStatus

PARIS = ZoneInfo("Europe/Paris")
# How many days after the event the survey may still leave: a command missed for a while catches up, but nobody
# is asked about an event of last month.
SURVEY_WINDOW_DAYS = 14
MAX_COMMENT = 2000
HELD_STATES = (EventStatus.PUBLISHED, EventStatus.HELD)


class SurveyError(Exception):
    """A refused answer, with a French sentence for the person."""

    def __init__(self, message: str, *, already: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.already = already


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=PARIS)


def registrations_to_survey(*, today: dt.date) -> QuerySet[Registration]:
    """People who came to an event that ended between SURVEY_WINDOW_DAYS days ago and yesterday (Paris days), not
    yet asked, whose data is still there."""
    return (
        Registration.objects.filter(
            attended=True,
            status=RegistrationStatus.REGISTERED,
            survey_sent_at__isnull=True,
            purged_at__isnull=True,
            event__status__in=HELD_STATES,
            event__ends_at__gte=_midnight(today - dt.timedelta(days=SURVEY_WINDOW_DAYS)),
            event__ends_at__lt=_midnight(today),
        )
        .exclude(email="")
        .select_related("event")
        .order_by("event__ends_at", "pk")
    )


def survey_url(registration: Registration) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("events:survey", args=[registration.token])


def surveys_send(*, today: dt.date, wet_run: bool) -> list[Registration]:
    """E-mail each person who came the link of the survey, once; in a dry run, only say whom."""
    due = list(registrations_to_survey(today=today))
    if not wet_run:
        return due
    sent = []
    for registration in due:
        with transaction.atomic():
            # Claim the registration first: a second run at the same time finds it taken and sends nothing.
            claimed = Registration.objects.filter(pk=registration.pk, survey_sent_at__isnull=True).update(
                survey_sent_at=timezone.now()
            )
            if not claimed:
                continue
            notify(
                to=[registration.email],
                subject=_("Votre avis sur « %(event)s »") % {"event": registration.event.title},
                template="events/email/survey_invitation.txt",
                context={
                    "registration": registration,
                    "event": registration.event,
                    "survey_url": survey_url(registration),
                    "event_url": settings.SITE_URL.rstrip("/") + registration.event.get_absolute_url(),
                },
            )
        sent.append(registration)
    return sent


def registration_for_survey(token: str) -> Registration | None:
    """The registration whose private link this is, if its survey may be answered: the person came to an event
    that is over, and their data was not purged. None otherwise (the page is then a 404)."""
    registration = (
        Registration.objects.select_related("event")
        .filter(token=token, purged_at__isnull=True, attended=True, event__status__in=HELD_STATES)
        .first()
    )
    if registration is None or registration.event.ends_at > timezone.now():
        return None
    return registration


ALREADY_ANSWERED = gettext_lazy(
    "Vous avez déjà répondu à ce questionnaire : merci ! Une seule réponse est gardée par inscription."
)


@transaction.atomic
def survey_answer(*, registration: Registration, rating: int, useful: bool, comment: str = "") -> SurveyResponse:
    """One answer per registration: a second one is refused, also when two arrive at once (the one-to-one key)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    if registration.purged_at is not None or not registration.attended:
        raise SurveyError(_("Ce questionnaire n'est plus ouvert."))
    if rating not in survey_stats.RATINGS:
        raise SurveyError(_("Choisissez une note de 1 à 5."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise SurveyError(_("Le commentaire est trop long : %(max)s caractères au plus.") % {"max": MAX_COMMENT})
    if SurveyResponse.objects.filter(registration=registration).exists():
        raise SurveyError(str(ALREADY_ANSWERED), already=True)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                registration=registration, event=registration.event, rating=rating, useful=useful, comment=comment
            )
    except IntegrityError:
        raise SurveyError(str(ALREADY_ANSWERED), already=True) from None


def survey_figures(event: Event) -> survey_stats.Figures:
    rows = (
        SurveyResponse.objects.filter(event=event)
        .values_list("rating", "useful")
        .annotate(n=Count("pk"))
        .order_by("rating", "useful")
    )
    return survey_stats.figures((rating, useful, n) for rating, useful, n in rows)


def survey_comments(event: Event) -> QuerySet[SurveyResponse]:
    """The comments, for the organiser only (never public): newest first, without who wrote them."""
    return (
        SurveyResponse.objects.filter(event=event)
        .exclude(comment="")
        .order_by("-created_at", "-pk")
        .only("comment", "rating", "created_at")
    )
