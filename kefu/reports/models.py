"""Scheduled reports and the generated reports of the inbox.

A ``ReportSchedule`` says which site's KPI report is generated for which
period (daily, weekly, monthly) and who receives it (positions). The
background run (``services.reports_run_due``) generates each complete period
once into a ``GeneratedReport`` — the figures frozen as JSON — and notifies the
recipients through ``kefu.notify`` (bell, and e-mail per their settings); the
inbox lists the generated reports of the user's sites.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.core.models import BaseModel


class ReportPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class ReportSchedule(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
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
            models.UniqueConstraint(fields=["site", "period"], name="reports_schedule_site_period")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.get_period_display()}"


class GeneratedReport(BaseModel):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (exclusive)"))
    figures = models.JSONField(_("figures"), default=dict)
    generated_at = models.DateTimeField(_("generated at"))

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-starts_on", "site_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "period", "starts_on"], name="reports_generated_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.get_period_display()} {self.starts_on}"

    def get_absolute_url(self) -> str:
        return reverse("reports:inbox_detail", args=[self.pk])
