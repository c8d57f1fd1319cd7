"""Date arithmetic shared by the apps. Pure: no ORM."""

import datetime as dt


def one_year_from(start: dt.date) -> dt.date:
    """The last day of a one-year term starting on `start` (a 29 February start ends on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:
        anniversary = start.replace(year=start.year + 1, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)
