"""System checks: is the statutory schedule of this year and the next installed?

``calendar.W001``: the installed chinesecalendar does not cover the current or
the next year, so deadlines there count weekends only.
``calendar.W002`` (``--database``): a calendar's loaded statutory days lag
behind the installed package; run ``manage.py refresh_calendar``.
"""

from datetime import date

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone

from kefu.calendar.statutory import package_version, package_years


def coverage_warnings(*, today: date) -> list[checks.CheckMessage]:
    years = package_years()
    missing = [year for year in (today.year, today.year + 1) if year not in years]
    if not missing:
        return []
    listed = ", ".join(str(y) for y in missing)
    return [
        checks.Warning(
            f"The installed chinesecalendar {package_version()} covers "
            f"{years.start}-{years.stop - 1}; {listed} is not covered: deadlines in "
            f"{listed} are counted with weekends only (no statutory holidays or make-up workdays).",
            hint=(
                "Upgrade chinesecalendar (pip install -U chinesecalendar) and run "
                "`manage.py refresh_calendar`, or enter the year's holidays and make-up "
                "workdays in the admin and extend each calendar's loaded years."
            ),
            id="calendar.W001",
        )
    ]


@checks.register("kefu")
def statutory_coverage_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return coverage_warnings(today=timezone.localdate())


@checks.register("kefu", checks.Tags.database)
def calendars_loaded_check(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases:
        return []
    from kefu.calendar.models import BusinessCalendar

    last = package_years().stop - 1
    try:
        behind = list(
            BusinessCalendar.objects.filter(always_open=False)
            .exclude(covered_to_year__gte=last)
            .values_list("site__code", "name")
        )
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Warning(
            f"Calendar {name!r} of site {site!r} has not loaded the statutory days "
            f"up to {last} that the installed chinesecalendar has.",
            hint="Run `manage.py refresh_calendar`.",
            id="calendar.W002",
        )
        for site, name in behind
    ]
