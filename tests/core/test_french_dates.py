import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from solozere.core.templatetags.french_dates import day_month, french_date, french_datetime


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_the_first_of_the_month_is_written_premier():
    assert french_date(dt.date(2026, 12, 1)) == "1er décembre 2026"


def test_other_days_are_plain_numbers():
    assert french_date(dt.date(2026, 12, 2)) == "2 décembre 2026"
    assert french_date(dt.date(2027, 2, 11)) == "11 février 2027"


def test_an_aware_datetime_is_read_in_paris_time():
    # 23:30 UTC on 30 November is already 1 December in Paris.
    late = dt.datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert french_date(late) == "1er décembre 2026"


def test_nothing_gives_an_empty_text():
    assert french_date(None) == ""
    assert french_date("") == ""


def test_the_filter_is_usable_in_a_template():
    rendered = Template("{% load french_dates %}Le {{ day|french_date }}").render(Context({"day": dt.date(2026, 8, 1)}))
    assert rendered == "Le 1er août 2026"


def test_day_month_writes_premier_in_french_and_plain_days_in_english():
    assert day_month(dt.date(2027, 1, 1)) == "1er janvier"
    assert day_month(dt.date(2026, 12, 25)) == "25 décembre"
    with translation.override("en"):
        assert day_month(dt.date(2027, 1, 1)) == "1 January"


def test_the_english_pages_get_the_english_date():
    with translation.override("en"):
        assert french_date(dt.date(2026, 12, 1)) == "1 December 2026"


def test_a_date_and_time_reads_a_h_in_paris_time():
    # 13:50 UTC is 14:50 in Paris in December.
    assert french_datetime(dt.datetime(2026, 12, 2, 13, 50, tzinfo=ZoneInfo("UTC"))) == "2 décembre 2026 à 14 h 50"
    assert french_datetime(dt.datetime(2026, 12, 1, 8, 5, tzinfo=ZoneInfo("UTC"))) == "1er décembre 2026 à 9 h 05"


def test_on_the_hour_the_minutes_are_left_out():
    assert french_datetime(dt.datetime(2026, 7, 14, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))) == "14 juillet 2026 à 9 h"


def test_a_date_and_time_in_english_keeps_django_s_format():
    with translation.override("en"):
        value = dt.datetime(2026, 12, 2, 13, 50, tzinfo=ZoneInfo("UTC"))
        assert french_datetime(value) == "2 December 2026, 14:50"


def test_a_plain_date_or_nothing_for_french_datetime():
    assert french_datetime(dt.date(2026, 12, 1)) == "1er décembre 2026"
    assert french_datetime(None) == ""
