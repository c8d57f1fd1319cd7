"""iCalendar (RFC 5545) out of plain event descriptions: the one copy that bookings and events use for the `.ics`
of their e-mails (method REQUEST or CANCEL) and for their feeds (method PUBLISH).

Times are written in Europe/Paris with the VTIMEZONE icalendar derives from the zone database, never as floating
times: a calendar then shows 9 h as 9 h on both sides of the changes to and from summer time. UIDs are stable
(`<kind>-<pk>@<site domain>`): a client updates the event it already has instead of adding a copy, as long as the
SEQUENCE grows with each change (a cancellation included)."""

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from solozere.core.mail import Attachment

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//SoLozère//Agenda//FR"


class Method(enum.StrEnum):
    PUBLISH = "PUBLISH"  # a feed, or an .ics offered for import
    REQUEST = "REQUEST"  # an e-mail that confirms or changes an event the person takes part in
    CANCEL = "CANCEL"  # an e-mail that cancels it


class Status(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"  # asked, not yet confirmed (a booking awaiting approval)
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as an app describes it. `start` and `end` are both aware datetimes, or both dates for a whole-day
    event (`end` is then the day after the last day, as RFC 5545 has it: a one-day event ends the next day).
    `sequence` grows by one at each change the person should see (time, place, cancellation)."""

    uid: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    status: Status = Status.CONFIRMED
    sequence: int = 0
    # When the app last changed it (LAST-MODIFIED); None leaves the property out.
    modified_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        timed = isinstance(self.start, dt.datetime)
        if timed != isinstance(self.end, dt.datetime):
            raise ValueError("start and end must both be datetimes or both be dates")
        if timed and (timezone.is_naive(self.start) or timezone.is_naive(self.end)):  # type: ignore[arg-type]
            raise ValueError("start and end must be aware datetimes")
        if self.end <= self.start:  # type: ignore[operator]
            raise ValueError("an event must end after it starts")
        if self.sequence < 0:
            raise ValueError("sequence cannot be negative")
        if not self.uid or "\n" in self.uid or "\r" in self.uid:
            raise ValueError("uid must be one non-empty line")

    @property
    def whole_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def site_domain() -> str:
    """The host name of SITE_URL, the right-hand side of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(kind: str, pk: int | str) -> str:
    """The stable UID of an object: `event_uid("booking", 12)` → `booking-12@solozere.fr`. `kind` names the table,
    so a booking and an event registration with the same primary key never share a UID."""
    if not kind or not str(pk):
        raise ValueError("kind and pk are required")
    return f"{kind}-{pk}@{site_domain()}"


def _organizer() -> icalendar.vCalAddress:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"ne-pas-repondre@{site_domain()}"
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = icalendar.vText(settings.SITE_NAME)
    return organizer


def paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as the EU rule has it since 1996 (summer time from the last Sunday of March, 2:00, to the last
    Sunday of October, 3:00). Two recurring rules instead of icalendar's add_missing_timezones(), which lists
    every change as a date up to 2038 only (some sixty lines in each e-mail, and wrong for a series past 2037)."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Paris")
    zone.add("x-lic-location", "Europe/Paris")
    for kind, name, offset_from, offset_to, start, month in (
        (icalendar.TimezoneDaylight, "CEST", 1, 2, dt.datetime(1996, 3, 31, 2), 3),  # noqa: DTZ001 (local time)
        (icalendar.TimezoneStandard, "CET", 2, 1, dt.datetime(1996, 10, 27, 3), 10),  # noqa: DTZ001 (local time)
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _when(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    return value.astimezone(PARIS) if isinstance(value, dt.datetime) else value


def _vevent(event: CalendarEvent, *, method: Method, stamp: dt.datetime, attendee: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp.astimezone(dt.UTC))
    vevent.add("dtstart", _when(event.start))
    vevent.add("dtend", _when(event.end))
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    # A cancellation message cancels, whatever the app said of the event.
    vevent.add("status", Status.CANCELLED if method is Method.CANCEL else event.status)
    vevent.add("sequence", event.sequence)
    if event.modified_at is not None:
        vevent.add("last-modified", event.modified_at.astimezone(dt.UTC))
    if event.whole_day:
        vevent.add("transp", "TRANSPARENT")  # a whole-day event does not make the person busy all day
    if method is not Method.PUBLISH:
        # iTIP (RFC 5546) asks REQUEST and CANCEL for an organiser; the attendee lets the client match its copy.
        vevent.add("organizer", _organizer())
        if attendee:
            address = icalendar.vCalAddress(f"mailto:{attendee}")
            address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
            vevent.add("attendee", address)
    return vevent


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    method: Method = Method.PUBLISH,
    name: str = "",
    attendee: str = "",
    stamp: dt.datetime | None = None,
) -> str:
    """The text of an iCalendar object holding `events`, with the Europe/Paris VTIMEZONE when a time needs it.

    `name` titles a feed in the clients that show it (X-WR-CALNAME); `attendee` is the e-mail address of the person
    a REQUEST or CANCEL is sent to; `stamp` (DTSTAMP, when this object is produced) defaults to now."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add("x-wr-timezone", "Europe/Paris")
    moment = stamp or timezone.now()
    events = list(events)
    if any(not event.whole_day for event in events):
        calendar.add_component(paris_timezone())
    for event in events:
        calendar.add_component(_vevent(event, method=method, stamp=moment, attendee=attendee))
    return calendar.to_ical().decode("utf-8")


CONTENT_TYPE = "text/calendar; charset=utf-8"


def ics_filename(stem: str) -> str:
    """A safe file name for Content-Disposition: letters, digits, '-' and '_' only, then `.ics`."""
    kept = "".join(char if char.isascii() and (char.isalnum() or char in "-_") else "-" for char in stem)
    return f"{kept.strip('-') or 'agenda'}.ics"


def ics_attachment(
    events: Iterable[CalendarEvent],
    *,
    method: Method,
    attendee: str = "",
    filename: str = "invitation",
    stamp: dt.datetime | None = None,
) -> Attachment:
    """The .ics of an e-mail, for notify(attachments=[...]): REQUEST to confirm or change, CANCEL to cancel."""
    return Attachment(
        filename=ics_filename(filename),
        content=build_calendar(events, method=method, attendee=attendee, stamp=stamp),
        mimetype=f"text/calendar; method={method.value}; charset=utf-8",
    )
