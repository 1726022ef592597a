"""Reads of the working calendar: a site's ``WorkCalendar`` and what is not covered.

``work_calendar_for(site)`` is how every other app gets a site's calendar for
deadline arithmetic. It is cached per process and per site; the cache is
checked against the calendar's ``version``/``updated_at`` with one small query,
so an edit in the admin is seen by the next computation.
"""

import logging
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kefu.calendar import rules
from kefu.calendar.errors import CalendarNotFound
from kefu.calendar.models import (
    DAY_OFF_KINDS,
    STATUTORY_KINDS,
    BusinessCalendar,
    CalendarDay,
    DayKind,
    DaySource,
)
from kefu.calendar.statutory import package_version, package_years, statutory_days
from kefu.core.config_cache import StampedCache
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids

logger = logging.getLogger("kefu.calendar")

#: Site id → its default calendar's ``WorkCalendar``, kept under the calendar's
#: (pk, version, updated_at).
_cache: StampedCache[int, rules.WorkCalendar] = StampedCache()


def clear_calendar_cache() -> None:
    """Forget every cached ``WorkCalendar`` (tests; after bulk imports)."""
    _cache.clear()
    default_work_calendar.cache_clear()


@lru_cache(maxsize=1)
def default_work_calendar() -> rules.WorkCalendar:
    """The calendar of a site without one: Mon–Fri 09:00–12:00, 13:30–18:00, China's holidays."""
    days = statutory_days()
    return rules.WorkCalendar(
        weekly=rules.STANDARD_WEEK,
        holidays=[day for day, (off, _name) in days.items() if off],
        workdays=[day for day, (off, _name) in days.items() if not off],
        covered_years=package_years(),
        time_zone=settings.TIME_ZONE,
        name="default",
    )


def default_calendar_of(site: Site | int) -> BusinessCalendar | None:
    site_id = getattr(site, "pk", site)
    return BusinessCalendar.objects.filter(site_id=site_id, is_default=True).first()


def work_calendar_for(site: Site | int) -> rules.WorkCalendar:
    """The pure ``WorkCalendar`` of ``site``'s default calendar (or the standard one)."""
    site_id = getattr(site, "pk", site)
    stamp = (
        BusinessCalendar.objects.filter(site_id=site_id, is_default=True)
        .values_list("pk", "version", "updated_at")
        .first()
    )
    if stamp is None:
        return default_work_calendar()
    return _kept(site_id, stamp)


def _kept(site_id: int, stamp: tuple) -> rules.WorkCalendar:
    """The site's calendar kept under ``stamp``, else built from its rows and kept."""
    return _cache.get(
        site_id, stamp, lambda: work_calendar_from(BusinessCalendar.objects.get(pk=stamp[0]))
    )


def work_calendars_for(site_ids: Iterable[int]) -> dict[int, rules.WorkCalendar]:
    """``work_calendar_for`` of many sites, checking the cache with one query."""
    site_ids = list(site_ids)
    stamps = {
        site_id: (pk, version, updated_at)
        for site_id, pk, version, updated_at in BusinessCalendar.objects.filter(
            site_id__in=site_ids, is_default=True
        ).values_list("site_id", "pk", "version", "updated_at")
    }
    return {
        site_id: default_work_calendar() if stamp is None else _kept(site_id, stamp)
        for site_id, stamp in ((site_id, stamps.get(site_id)) for site_id in site_ids)
    }


def work_calendar_from(calendar: BusinessCalendar) -> rules.WorkCalendar:
    """Build the pure calendar from the rows (uncached).

    On each date an administrator's row wins over the chinesecalendar row. A
    24-hour calendar ignores statutory days and never reports uncovered years;
    site closures and extra holidays still apply.
    """
    by_date: dict[date, str] = {}
    for row in calendar.days.order_by("date", "source").values("date", "kind", "source"):
        if row["source"] == DaySource.ADMIN or row["date"] not in by_date:
            by_date[row["date"]] = row["kind"]
    if calendar.always_open:
        by_date = {day: kind for day, kind in by_date.items() if kind not in STATUTORY_KINDS}
    holidays = [day for day, kind in by_date.items() if kind == DayKind.STATUTORY_HOLIDAY]
    closures = [
        day
        for day, kind in by_date.items()
        if kind in DAY_OFF_KINDS and kind != DayKind.STATUTORY_HOLIDAY
    ]
    workdays = [day for day, kind in by_date.items() if kind not in DAY_OFF_KINDS]
    common = {
        "closures": closures,
        "workdays": workdays,
        "time_zone": calendar.time_zone,
        "name": f"{calendar.site_id}/{calendar.name}",
    }
    if calendar.always_open:
        return rules.WorkCalendar(weekly=rules.ROUND_THE_CLOCK, covered_years=None, **common)
    weekly: dict[int, list[tuple]] = {}
    for period in calendar.periods.all():
        weekly.setdefault(period.weekday, []).append((period.start, period.end))
    try:
        return rules.WorkCalendar(
            weekly=weekly, holidays=holidays, covered_years=calendar.covered_years, **common
        )
    except ValueError:
        logger.error(
            "calendar %s has no valid working periods; using the standard week", calendar.pk
        )
        return rules.WorkCalendar(
            weekly=rules.STANDARD_WEEK,
            holidays=holidays,
            covered_years=calendar.covered_years,
            **common,
        )


def calendar_list_for(user: User) -> QuerySet[BusinessCalendar]:
    return (
        BusinessCalendar.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site")
        .order_by("site__code", "name")
    )


def access_calendar(user: User, calendar_id: int | str | None) -> BusinessCalendar:
    """The calendar, if it belongs to a site the user works at; else ``CalendarNotFound``."""
    try:
        pk = int(calendar_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CalendarNotFound() from None
    calendar = BusinessCalendar.objects.filter(pk=pk).select_related("site").first()
    if calendar is None or calendar.site_id not in user_site_ids(user):
        raise CalendarNotFound()
    return calendar


def calendar_days(calendar: BusinessCalendar, *, year: int | None = None) -> QuerySet[CalendarDay]:
    qs = calendar.days.order_by("date", "source")
    return qs.filter(date__year=year) if year is not None else qs


# --- coverage ------------------------------------------------------------------


def years_needed(today: date) -> tuple[int, int]:
    """Deadlines are computed for this year and the next."""
    return today.year, today.year + 1


def package_gap(*, today: date) -> list[int]:
    """This year or next, if the installed chinesecalendar does not cover them."""
    return [year for year in years_needed(today) if year not in package_years()]


def uncovered_years_notice(years: Iterable[int]) -> str:
    """What a page shows next to a deadline counted without statutory holidays."""
    listed = ", ".join(str(y) for y in sorted(years))
    return _(
        "China's statutory holidays and make-up workdays for %(years)s are not loaded yet: "
        "deadlines in %(years)s are counted with weekends only."
    ) % {"years": listed}


def calendar_coverage_notices(*, today: date, calendars: Iterable[BusinessCalendar]) -> list[str]:
    """Admin notices: the package or a calendar does not cover this year or the next."""
    notices: list[str] = []
    missing = package_gap(today=today)
    available = package_years()
    if missing:
        notices.append(
            _(
                "The installed chinesecalendar %(version)s covers %(first)s–%(last)s; "
                "%(missing)s is not covered, so deadlines there count weekends only. "
                "Upgrade chinesecalendar and run “refresh from chinesecalendar”, or enter "
                "the year's holidays and make-up workdays by hand and extend the loaded years."
            )
            % {
                "version": package_version(),
                "first": available.start,
                "last": available.stop - 1,
                "missing": ", ".join(str(y) for y in missing),
            }
        )
    for calendar in calendars:
        if calendar.always_open:
            continue
        behind = [
            y for y in years_needed(today) if y not in calendar.covered_years and y in available
        ]
        if behind:
            notices.append(
                _(
                    "Calendar “%(name)s” (%(site)s) has no statutory days for %(years)s "
                    "although chinesecalendar has them: refresh it."
                )
                % {
                    "name": calendar.name,
                    "site": calendar.site,
                    "years": ", ".join(str(y) for y in behind),
                }
            )
    return notices
