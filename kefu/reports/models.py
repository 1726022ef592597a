"""Scheduled reports and the generated reports of the inbox.

A ``ReportSchedule`` is a named report of a site: its period (daily, weekly,
monthly, yearly), the date and time the seed names for it (``run_day``, a yearly
one's ``run_month``, ``run_time``: by the 10th, daily at 09:30, on the 30th, on
15 January for the year before — ``rules.schedule_occurrence``), how
many periods back it covers (``lag``) and who receives it (positions). The
background run (``services.reports_run_due``) generates each occurrence once
into a ``GeneratedReport`` — the figures frozen as JSON — and notifies the
recipients through ``kefu.notify`` (bell, and e-mail per their settings); the
inbox lists the generated reports of the user's sites.
"""

from datetime import time

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class ReportPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class ReportSchedule(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    preset_key = models.CharField(_("preset"), max_length=40, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    run_day = models.PositiveSmallIntegerField(
        _("day"),
        null=True,
        blank=True,
        help_text=_(
            "Monthly and yearly: the day of the month (the 30th is the last day of "
            "February); weekly: 1 = Monday … 7 = Sunday; empty: the first day of the period."
        ),
    )
    run_month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("Yearly only: the month it is sent in, 1–12; empty: January."),
    )
    run_time = models.TimeField(_("time"), default=time(0, 0))
    lag = models.PositiveSmallIntegerField(
        _("periods back"),
        default=1,
        help_text=_("1: the last complete period; 2: the one before; 0: the current one to date."),
    )
    recipients = models.ManyToManyField(
        "org.Position", verbose_name=_("recipients"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. the seed's date: by the 10th.")
    )

    class Meta:
        verbose_name = _("scheduled report")
        verbose_name_plural = _("scheduled reports")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="reports_schedule_site_code"),
            models.CheckConstraint(condition=Q(lag__lte=3), name="reports_schedule_lag_range"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.name or self.get_period_display()}"

    def clean(self) -> None:
        """A day (and month) the period has (``rules.run_day_error``) and at most 3
        periods back."""
        from django.core.exceptions import ValidationError

        from kefu.reports.rules import run_day_error

        problem = run_day_error(self.period, self.run_day, self.lag, run_month=self.run_month)
        messages = {
            "month_not_yearly": (
                "run_month",
                _("Only a yearly report is sent in a named month; leave it empty."),
            ),
            "month": ("run_month", _("A month is 1 to 12.")),
            "day_of_month": ("run_day", _("A day of the month is 1 to 31.")),
            "day_of_that_month": ("run_day", _("That month has no such day.")),
            "weekday": ("run_day", _("A weekday is 1 (Monday) to 7 (Sunday).")),
            "daily_day": ("run_day", _("A daily report has no day; leave it empty.")),
            "lag": ("lag", _("At most 3 periods back.")),
        }
        if problem:
            field, message = messages[problem]
            raise ValidationError({field: message})


class GeneratedReport(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    schedule = models.ForeignKey(
        ReportSchedule,
        verbose_name=_("scheduled report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (exclusive)"))
    figures = models.JSONField(_("figures"), default=dict)
    generated_at = models.DateTimeField(_("generated at"))
    due_at = models.DateTimeField(_("named date"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-starts_on", "site_id", "period"]
        constraints = [
            # a report of a schedule once per period; one unscheduled report per period
            models.UniqueConstraint(
                fields=["schedule", "starts_on"],
                condition=Q(schedule__isnull=False),
                name="reports_generated_once_per_schedule",
            ),
            models.UniqueConstraint(
                fields=["site", "period", "starts_on"],
                condition=Q(schedule__isnull=True),
                name="reports_generated_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.get_period_display()} {self.starts_on}"

    def get_absolute_url(self) -> str:
        return reverse("reports:inbox_detail", args=[self.pk])
