"""Admin of the reports app: the named report schedules are configuration (usually
made with the "apply preset" action, then edited); generated reports are read-only
records."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin
from kefu.core.errors import KefuError
from kefu.reports.models import GeneratedReport, ReportSchedule
from kefu.reports.presets import PRESETS
from kefu.reports.services import report_schedule_preset_apply


class PresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Named report:"),
        required=False,
        choices=[("", "---------"), *((key, p.name) for key, p in PRESETS.items())],
    )


@admin.register(ReportSchedule)
class ReportScheduleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "site",
        "period",
        "run_month",
        "run_day",
        "run_time",
        "lag",
        "is_active",
    )
    list_filter = ("period", "is_active")
    list_select_related = ("site",)
    filter_horizontal = ("recipients",)
    readonly_fields = ("preset_key",)
    action_form = PresetActionForm
    actions = ["apply_preset"]

    @admin.action(description=_("Schedule the chosen named report at these schedules' sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[ReportSchedule]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a named report."), messages.WARNING)
            return
        for site in {s.site for s in queryset.select_related("site")}:
            try:
                report_schedule_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Named report scheduled."), messages.SUCCESS)


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("site", "schedule", "period", "starts_on", "due_at", "generated_at")
    list_filter = ("period",)
    list_select_related = ("site", "schedule")
