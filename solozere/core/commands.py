"""The base of the periodic management commands (reminders, waiting-list offers, purges): a dry run by default,
which says what it would do and changes nothing, and `--wet-run` to act. `--today` replays a missed day.

A subclass writes `run(*, wet_run, today, **options)` and reports each thing with `self.line(...)`, then once
`self.summary(...)`; in a dry run the summary says so and tells how to act. The service it calls takes the same
`dry_run`/`wet_run` flag and does the same selection in both modes, so the dry run lists exactly what the wet run
would do."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

DRY_RUN_NOTE = "(essai : rien n'est fait ; relancez avec --wet-run pour agir)"


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today attend une date AAAA-MM-JJ, pas « {value} ».") from None


class PeriodicCommand(BaseCommand):
    """Dry run unless `--wet-run`. Subclasses set `help` and implement `run`; they may add arguments by
    overriding `add_more_arguments`."""

    wet_run: bool = False
    # False for a command whose work does not depend on the day (it then has no --today).
    takes_today: bool = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wet-run", action="store_true", help="Agir vraiment (sans cette option : essai).")
        if self.takes_today:
            parser.add_argument(
                "--today", type=str, default=None, help="Date du jour (AAAA-MM-JJ), pour rattraper un jour manqué."
            )
        self.add_more_arguments(parser)

    def add_more_arguments(self, parser: CommandParser) -> None:
        """Extra arguments of the subclass."""

    def handle(self, *args: Any, **options: Any) -> None:
        self.wet_run = bool(options.pop("wet_run"))
        raw_today = options.pop("today", None)
        today = parse_day(raw_today) if raw_today else timezone.localdate()
        self.run(wet_run=self.wet_run, today=today, **options)

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        raise NotImplementedError

    def line(self, text: str) -> None:
        """One thing done (or, in a dry run, to do)."""
        self.stdout.write(text if self.wet_run else f"[essai] {text}")

    def summary(self, text: str) -> None:
        self.stdout.write(self.style.SUCCESS(text if self.wet_run else f"{text} {DRY_RUN_NOTE}"))
