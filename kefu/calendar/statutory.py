"""China's statutory holidays and 调休 make-up workdays, read from ``chinesecalendar``.

The State Council publishes the next year's schedule each winter and the
``chinesecalendar`` package (import name ``chinese_calendar``) ships it. The
years it covers are the years kefu knows; every other year is counted with
weekends only (see ``kefu.calendar.rules``).
"""

from datetime import date
from functools import lru_cache

import chinese_calendar


def package_version() -> str:
    return getattr(chinese_calendar, "__version__", "unknown")


@lru_cache(maxsize=1)
def package_years() -> range:
    """The years the installed package covers, e.g. ``range(2004, 2027)`` for 1.11.0."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


@lru_cache(maxsize=1)
def statutory_days() -> dict[date, tuple[bool, str]]:
    """``{date: (is_day_off, holiday name)}`` for every statutory holiday and make-up day.

    The name is the package's English name ("National Day", "Spring Festival").
    """
    days: dict[date, tuple[bool, str]] = {
        day: (True, str(name)) for day, name in chinese_calendar.holidays.items()
    }
    days.update({day: (False, str(name)) for day, name in chinese_calendar.workdays.items()})
    return days
