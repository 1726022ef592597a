"""Admin of the reports app: the schedules are configuration; generated reports are
read-only records."""

from django.contrib import admin

from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin
from kefu.reports.models import GeneratedReport, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("site", "period", "is_active", "note")
    list_filter = ("period", "is_active")
    filter_horizontal = ("recipients",)


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("site", "period", "starts_on", "generated_at")
    list_filter = ("period",)
