"""Business calendars: when a site works, and the dated exceptions to its week."""

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DayKind(models.TextChoices):
    STATUTORY_HOLIDAY = "statutory_holiday", _("Statutory holiday")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up workday")
    SITE_CLOSURE = "site_closure", _("Site closure")
    EXTRA_HOLIDAY = "extra_holiday", _("Extra holiday")
    EXTRA_WORKDAY = "extra_workday", _("Extra workday")


#: Kinds that make a day a day off; the others make it a working day.
DAY_OFF_KINDS = frozenset({DayKind.STATUTORY_HOLIDAY, DayKind.SITE_CLOSURE, DayKind.EXTRA_HOLIDAY})
#: Kinds that come from the State Council's schedule (ignored by a 24-hour calendar).
STATUTORY_KINDS = frozenset({DayKind.STATUTORY_HOLIDAY, DayKind.MAKEUP_WORKDAY})


class DaySource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar package")
    ADMIN = "admin", _("Administrator")


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone."), code="invalid") from None


class BusinessCalendar(BaseModel):
    """When a site works. The default calendar of a site times its deadlines.

    ``covered_from_year``..``covered_to_year`` are the years whose statutory
    holidays and 调休 days are loaded; a deadline in another year is counted
    with the weekly periods only and flagged. ``version`` changes with every
    edit so cached calendars are rebuilt.
    """

    site = models.ForeignKey(
        "org.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="business_calendars",
    )
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(
        _("default"),
        default=True,
        help_text=_("The site's deadlines are counted with its default calendar."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    always_open = models.BooleanField(
        _("open 24 hours"),
        default=False,
        help_text=_(
            "Every hour of every day is working time (e.g. a 24-hour hotline); "
            "statutory holidays and the weekly periods are ignored, site closures still apply."
        ),
    )
    covered_from_year = models.PositiveSmallIntegerField(
        _("statutory days loaded from"), null=True, blank=True
    )
    covered_to_year = models.PositiveSmallIntegerField(
        _("statutory days loaded until"),
        null=True,
        blank=True,
        help_text=_(
            "Set by “refresh from chinesecalendar”. If you enter a year's statutory "
            "holidays and make-up workdays by hand, extend this to that year."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="calendar_site_name_uniq"),
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(is_default=True),
                name="calendar_one_default_per_site",
            ),
            models.CheckConstraint(
                condition=models.Q(covered_from_year__isnull=True, covered_to_year__isnull=True)
                | models.Q(covered_to_year__gte=models.F("covered_from_year")),
                name="calendar_covered_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.covered_from_year is None) != (self.covered_to_year is None):
            raise ValidationError(
                _("Give both years of the loaded statutory days, or neither."), code="invalid"
            )

    @property
    def covered_years(self) -> range:
        if self.covered_from_year is None or self.covered_to_year is None:
            return range(0)
        return range(self.covered_from_year, self.covered_to_year + 1)


class WorkingPeriod(models.Model):
    """One working period of one weekday, e.g. Monday 09:00–12:00. An end of 00:00 is 24:00."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name = _("working period")
        verbose_name_plural = _("working periods")
        ordering = ["calendar", "weekday", "start"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if (
            self.start is not None
            and self.end is not None
            and self.end <= self.start
            and self.end != time(0)
        ):
            raise ValidationError(
                {"end": _("A working period must end after it starts.")}, code="invalid"
            )


class CalendarDay(BaseModel):
    """A dated exception to the week: a holiday, a 调休 make-up workday, a closure.

    Rows from ``chinesecalendar`` are replaced by each refresh; an
    administrator's row for the same date wins over them and is never touched
    by a refresh.
    """

    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=32, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=DaySource.choices, default=DaySource.ADMIN
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date", "source"], name="calendar_day_uniq"
            ),
            models.CheckConstraint(
                condition=~models.Q(source="chinesecalendar")
                | models.Q(kind__in=["statutory_holiday", "makeup_workday"]),
                name="calendar_day_package_kinds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in DAY_OFF_KINDS
