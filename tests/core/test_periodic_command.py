"""The base of the periodic commands: a dry run unless --wet-run, --today to replay a day."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from solozere.core.commands import DRY_RUN_NOTE, PeriodicCommand, parse_day


class Reminders(PeriodicCommand):
    """A stand-in for bookings' reminders: says whom it would tell, tells them only when wet."""

    help = "Rappels de démonstration."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[str] = []
        self.days: list[dt.date] = []

    def add_more_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        self.days.append(today)
        for name in ("Ana", "Bruno"):
            if wet_run:
                self.sent.append(name)
            self.line(f"{name} ({options['hours']} h)")
        self.summary(f"{2} rappel(s).")


class Purge(PeriodicCommand):
    takes_today = False

    def run(self, *, wet_run: bool, **options: Any) -> None:
        self.summary("0 ligne(s).")


def run(command: PeriodicCommand, *args: str) -> str:
    out = StringIO()
    command.stdout = out  # type: ignore[assignment]
    parser = command.create_parser("manage.py", "reminders")
    options = vars(parser.parse_args(list(args)))
    command.execute(stdout=out, **options)
    return out.getvalue()


def test_a_dry_run_by_default_does_nothing_and_says_how_to_act():
    command = Reminders()
    text = run(command)
    assert command.sent == []
    assert "[essai] Ana (24 h)" in text
    assert DRY_RUN_NOTE in text
    assert "--wet-run" in text


def test_wet_run_acts_and_says_it_plainly():
    command = Reminders()
    text = run(command, "--wet-run", "--hours", "2")
    assert command.sent == ["Ana", "Bruno"]
    assert "Ana (2 h)" in text
    assert "essai" not in text


def test_today_defaults_to_the_local_day_and_can_be_given():
    command = Reminders()
    run(command, "--today", "2026-03-29")
    assert command.days == [dt.date(2026, 3, 29)]
    other = Reminders()
    run(other)
    assert other.days == [timezone.localdate()]


@pytest.mark.parametrize("value", ["29/03/2026", "2026-02-30", "demain"])
def test_a_bad_day_is_a_french_error(value):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        parse_day(value)
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        run(Reminders(), "--today", value)


def test_a_command_that_does_not_depend_on_the_day_has_no_today():
    parser = Purge().create_parser("manage.py", "purge")
    with pytest.raises(CommandError, match="unrecognized arguments: --today"):
        parser.parse_args(["--today", "2026-01-01"])
    assert "essai" in run(Purge())


def test_the_base_run_must_be_written():
    with pytest.raises(NotImplementedError):
        PeriodicCommand().run(wet_run=False, today=dt.date(2026, 1, 1))
