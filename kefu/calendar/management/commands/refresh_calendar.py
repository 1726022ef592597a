"""``manage.py refresh_calendar [--site CODE]``: load statutory days from chinesecalendar."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kefu.calendar.checks import coverage_warnings
from kefu.calendar.models import BusinessCalendar
from kefu.calendar.services import calendar_refresh_from_chinesecalendar
from kefu.calendar.statutory import package_version, package_years


class Command(BaseCommand):
    help = (
        "Load China's statutory holidays and make-up workdays from the installed "
        "chinesecalendar into every business calendar (or one site's). Idempotent; "
        "an administrator's entries are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", help="only the calendars of the site with this code")

    def handle(self, *args, **options):
        years = package_years()
        self.stdout.write(
            f"chinesecalendar {package_version()} covers {years.start}-{years.stop - 1}"
        )
        calendars = BusinessCalendar.objects.order_by("pk")
        if options["site"]:
            calendars = calendars.filter(site__code=options["site"])
            if not calendars.exists():
                raise CommandError(f"no calendar for site {options['site']!r}")
        results = []
        for calendar in calendars:
            results += calendar_refresh_from_chinesecalendar(actor=None, calendar=calendar)
        for result in results:
            self.stdout.write(
                f"{result.calendar.site.code}/{result.calendar.name}: "
                f"{result.created} added, {result.updated} updated, {result.deleted} removed"
            )
        for warning in coverage_warnings(today=timezone.localdate()):
            self.stderr.write(f"{warning.id}: {warning.msg}\n  {warning.hint}")
