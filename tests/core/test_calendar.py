"""The one iCalendar builder: times right across the changes of summer time, stable UIDs, cancellations, escaping.
Everything is parsed back with icalendar, as a calendar client would read it."""

import datetime as dt

import icalendar
import pytest

from solozere.core.calendar import (
    PARIS,
    CalendarEvent,
    Method,
    Status,
    build_calendar,
    event_uid,
    ics_filename,
    paris_timezone,
)

UTC = dt.UTC


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def event(**overrides) -> CalendarEvent:  # type: ignore[no-untyped-def]
    values = {
        "uid": "booking-1@solozere.test",
        "start": paris(2026, 5, 4, 9),
        "end": paris(2026, 5, 4, 12),
        "summary": "Poste au télécentre",
    }
    values.update(overrides)
    return CalendarEvent(**values)


def parsed_events(text: str) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


@pytest.fixture(autouse=True)
def _site(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://solozere.test"
    settings.SITE_NAME = "SoLozère"
    settings.DEFAULT_FROM_EMAIL = "SoLozère <ne-pas-repondre@solozere.test>"


# The local hour stays the local hour across the changes of summer time. ----------------------------------------


@pytest.mark.parametrize(
    ("local_start", "local_end", "utc_start", "utc_end"),
    [
        # Sunday 29 March 2026: at 2:00 the clocks go to 3:00. Before the change: UTC+1; after: UTC+2.
        (paris(2026, 3, 29, 0, 30), paris(2026, 3, 29, 1, 30), (2026, 3, 28, 23, 30), (2026, 3, 29, 0, 30)),
        (paris(2026, 3, 29, 9), paris(2026, 3, 29, 12), (2026, 3, 29, 7), (2026, 3, 29, 10)),
        # A night across the change is one hour shorter: 22:00 → 8:00 lasts 9 hours.
        (paris(2026, 3, 28, 22), paris(2026, 3, 29, 8), (2026, 3, 28, 21), (2026, 3, 29, 6)),
        # Sunday 25 October 2026: at 3:00 the clocks go back to 2:00.
        (paris(2026, 10, 24, 9), paris(2026, 10, 24, 12), (2026, 10, 24, 7), (2026, 10, 24, 10)),
        (paris(2026, 10, 25, 9), paris(2026, 10, 25, 12), (2026, 10, 25, 8), (2026, 10, 25, 11)),
        (paris(2026, 10, 24, 22), paris(2026, 10, 25, 8), (2026, 10, 24, 20), (2026, 10, 25, 7)),
        # Sunday 28 March 2027.
        (paris(2027, 3, 27, 14), paris(2027, 3, 27, 18), (2027, 3, 27, 13), (2027, 3, 27, 17)),
        (paris(2027, 3, 28, 14), paris(2027, 3, 28, 18), (2027, 3, 28, 12), (2027, 3, 28, 16)),
    ],
)
def test_local_times_keep_their_instant_across_summer_time(local_start, local_end, utc_start, utc_end):
    text = build_calendar([event(start=local_start, end=local_end)])
    [vevent] = parsed_events(text)
    assert vevent.decoded("dtstart").astimezone(UTC) == dt.datetime(*utc_start, tzinfo=UTC)
    assert vevent.decoded("dtend").astimezone(UTC) == dt.datetime(*utc_end, tzinfo=UTC)
    # Written as Paris wall-clock time with its zone, never as UTC or floating.
    assert vevent["dtstart"].params["TZID"] == "Europe/Paris"
    assert f"DTSTART;TZID=Europe/Paris:{local_start:%Y%m%dT%H%M%S}" in text


def test_an_instant_given_in_utc_is_written_in_paris_time():
    start = dt.datetime(2026, 10, 25, 8, tzinfo=UTC)  # 9:00 in Paris, winter time again
    text = build_calendar([event(start=start, end=start + dt.timedelta(hours=1))])
    assert "DTSTART;TZID=Europe/Paris:20261025T090000" in text
    assert "DTEND;TZID=Europe/Paris:20261025T100000" in text


@pytest.mark.parametrize(
    ("instant", "offset_hours"),
    [
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), 1),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 2),
        (dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC), 2),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 1),
        (dt.datetime(2027, 3, 28, 0, 59, tzinfo=UTC), 1),
        (dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), 2),
        (dt.datetime(2027, 10, 31, 1, 0, tzinfo=UTC), 1),
        (dt.datetime(2040, 7, 1, 12, tzinfo=UTC), 2),  # past 2037, where a list of dates would stop
    ],
)
def test_the_vtimezone_itself_gives_paris_offsets(instant, offset_hours):
    """A client that does not know "Europe/Paris" reads the VTIMEZONE: rename it so icalendar must use it too."""
    text = build_calendar([event()]).replace("Europe/Paris", "SoLozere/Paris")
    [zone] = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    tzinfo = zone.to_tz(lookup_tzid=False)
    assert instant.astimezone(tzinfo).utcoffset() == dt.timedelta(hours=offset_hours)


def test_the_vtimezone_comes_once_before_the_events():
    text = build_calendar([event(uid="a@x"), event(uid="b@x")])
    assert text.count("BEGIN:VTIMEZONE") == 1
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_paris_timezone_has_one_rule_for_each_change():
    zone = paris_timezone()
    assert [part.name for part in zone.subcomponents] == ["DAYLIGHT", "STANDARD"]


# Whole days. ---------------------------------------------------------------------------------------------------


def test_a_whole_day_event_is_a_date_with_an_exclusive_end():
    text = build_calendar([event(start=dt.date(2026, 10, 25), end=dt.date(2026, 10, 26))])
    [vevent] = parsed_events(text)
    assert vevent.decoded("dtstart") == dt.date(2026, 10, 25)
    assert vevent.decoded("dtend") == dt.date(2026, 10, 26)
    assert "DTSTART;VALUE=DATE:20261025" in text
    assert str(vevent["transp"]) == "TRANSPARENT"
    # Dates need no time zone.
    assert "VTIMEZONE" not in text


def test_a_period_of_whole_days_across_the_change_of_time():
    text = build_calendar([event(start=dt.date(2027, 3, 22), end=dt.date(2027, 4, 3))])
    [vevent] = parsed_events(text)
    assert (vevent.decoded("dtend") - vevent.decoded("dtstart")).days == 12


# UIDs, sequence, cancellation. ---------------------------------------------------------------------------------


def test_uid_is_kind_pk_and_the_site_domain():
    assert event_uid("booking", 12) == "booking-12@solozere.test"
    assert event_uid("registration", "7") == "registration-7@solozere.test"


def test_uid_needs_a_kind_and_a_key():
    with pytest.raises(ValueError, match="required"):
        event_uid("", 1)
    with pytest.raises(ValueError, match="required"):
        event_uid("booking", "")


def test_the_uid_is_stable_across_changes_and_the_sequence_grows():
    uid = event_uid("booking", 5)
    first = parsed_events(build_calendar([event(uid=uid)], method=Method.REQUEST, attendee="a@example.org"))[0]
    moved = parsed_events(
        build_calendar(
            [event(uid=uid, start=paris(2026, 5, 5, 9), end=paris(2026, 5, 5, 12), sequence=1)],
            method=Method.REQUEST,
            attendee="a@example.org",
        )
    )[0]
    assert str(first["uid"]) == str(moved["uid"]) == "booking-5@solozere.test"
    assert moved.decoded("sequence") > first.decoded("sequence")


def test_a_cancellation_is_method_cancel_status_cancelled_with_a_higher_sequence():
    uid = event_uid("booking", 5)
    text = build_calendar([event(uid=uid, sequence=2)], method=Method.CANCEL, attendee="a@example.org")
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["method"]) == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"
    assert vevent.decoded("sequence") == 2
    assert str(vevent["uid"]) == uid


def test_a_cancelled_event_in_a_feed_keeps_its_status():
    text = build_calendar([event(status=Status.CANCELLED, sequence=1)])
    [vevent] = parsed_events(text)
    assert str(vevent["status"]) == "CANCELLED"


def test_a_tentative_event_is_tentative():
    [vevent] = parsed_events(build_calendar([event(status=Status.TENTATIVE)]))
    assert str(vevent["status"]) == "TENTATIVE"


def test_a_request_names_the_site_as_organiser_and_the_person_as_attendee():
    text = build_calendar([event()], method=Method.REQUEST, attendee="marie@example.org")
    [vevent] = parsed_events(text)
    assert str(vevent["organizer"]) == "mailto:ne-pas-repondre@solozere.test"
    assert vevent["organizer"].params["CN"] == "SoLozère"
    assert str(vevent["attendee"]) == "mailto:marie@example.org"
    assert str(icalendar.Calendar.from_ical(text)["method"]) == "REQUEST"


def test_a_feed_names_neither_organiser_nor_attendee():
    text = build_calendar([event()], name="Mes réservations")
    [vevent] = parsed_events(text)
    assert "organizer" not in vevent
    assert "attendee" not in vevent
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == "Mes réservations"


def test_dtstamp_is_the_given_instant_in_utc_and_last_modified_when_given():
    stamp = paris(2026, 7, 1, 10)
    changed = paris(2026, 6, 30, 18)
    [vevent] = parsed_events(build_calendar([event(modified_at=changed)], stamp=stamp))
    assert vevent.decoded("dtstamp") == stamp.astimezone(UTC)
    assert vevent.decoded("last-modified") == changed.astimezone(UTC)
    [plain] = parsed_events(build_calendar([event()], stamp=stamp))
    assert "last-modified" not in plain


def test_several_events_keep_their_order_and_uids():
    events = [event(uid=f"booking-{n}@solozere.test") for n in range(3)]
    assert [str(v["uid"]) for v in parsed_events(build_calendar(events))] == [e.uid for e in events]


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar = icalendar.Calendar.from_ical(build_calendar([], name="Rien"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


# Text is escaped. -----------------------------------------------------------------------------------------------


def test_commas_semicolons_backslashes_and_newlines_are_escaped_and_come_back_intact():
    description = "Salle 2, au fond ; code : 1234\\5\nApportez votre ordinateur.\r\nMerci"
    summary = "Poste, bureau; « open space »"
    location = "Télécentre de Mende, 1 rue de l'Ange\n48000 Mende"
    text = build_calendar(
        [event(summary=summary, description=description, location=location, url="https://x.test/a?b=1,2")]
    )
    assert "SUMMARY:Poste\\, bureau\\; « open space »" in text
    assert "\\n" in text
    [vevent] = parsed_events(text)
    assert str(vevent["summary"]) == summary
    assert str(vevent["description"]) == description.replace("\r\n", "\n")
    assert str(vevent["location"]) == location
    assert str(vevent["url"]) == "https://x.test/a?b=1,2"


def test_a_summary_cannot_inject_a_property():
    text = build_calendar([event(summary="Poste\nSTATUS:CANCELLED\nUID:other")])
    [vevent] = parsed_events(text)
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["uid"]) == "booking-1@solozere.test"
    assert text.count("\r\nSTATUS:") == 1
    assert text.count("\r\nUID:") == 1


def test_long_lines_are_folded_at_75_octets():
    text = build_calendar([event(description="é" * 200)])
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    [vevent] = parsed_events(text)
    assert str(vevent["description"]) == "é" * 200


# Bad descriptions are refused by the dataclass, not written. -----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": paris(2026, 5, 4, 9)}, "end after"),
        ({"end": paris(2026, 5, 4, 8)}, "end after"),
        ({"start": dt.datetime(2026, 5, 4, 9), "end": dt.datetime(2026, 5, 4, 10)}, "aware"),
        ({"start": dt.date(2026, 5, 4)}, "both"),
        ({"start": dt.date(2026, 5, 4), "end": dt.date(2026, 5, 4)}, "end after"),
        ({"sequence": -1}, "negative"),
        ({"uid": ""}, "uid"),
        ({"uid": "a\nb"}, "uid"),
    ],
)
def test_an_impossible_event_is_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        event(**overrides)


@pytest.mark.parametrize(
    ("stem", "filename"),
    [
        ("reservation-12", "reservation-12.ics"),
        ("réservation du 4/5", "r-servation-du-4-5.ics"),
        ('a"b\r\nc', "a-b--c.ics"),
        ("", "agenda.ics"),
        ("///", "agenda.ics"),
    ],
)
def test_ics_filename_is_safe_for_a_header(stem, filename):
    assert ics_filename(stem) == filename
