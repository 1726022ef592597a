"""Calendar test data: pure calendars for rule tests, DB calendars through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kefu.calendar import rules
from kefu.calendar.models import BusinessCalendar
from kefu.calendar.services import calendar_create
from kefu.calendar.statutory import package_years, statutory_days
from kefu.org.models import Site

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    """A Beijing-time instant."""
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def china_calendar(
    weekly=rules.STANDARD_WEEK, closures=(), covered_years=None, last_year=None, **kwargs
) -> rules.WorkCalendar:
    """The standard office week with China's statutory days from the installed package.

    ``last_year`` pretends the package stops there (tests of uncovered years
    stay valid after a package upgrade).
    """
    days = {d: v for d, v in statutory_days().items() if last_year is None or d.year <= last_year}
    if covered_years is None and last_year is not None:
        covered_years = range(package_years().start, last_year + 1)
    return rules.WorkCalendar(
        weekly=weekly,
        holidays=[d for d, (off, _n) in days.items() if off],
        workdays=[d for d, (off, _n) in days.items() if not off],
        closures=closures,
        covered_years=package_years() if covered_years is None else covered_years,
        name=kwargs.pop("name", "test"),
        **kwargs,
    )


def make_calendar(site: Site, **kwargs) -> BusinessCalendar:
    kwargs.setdefault("name", "Office hours")
    return calendar_create(actor=None, site=site, **kwargs)
