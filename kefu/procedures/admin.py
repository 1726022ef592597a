"""Admin of property procedures: templates (steps, who, items, approvals,
deadlines) and the fee schedule are configuration, site-scoped; running
procedures and amounts are workflow records, read-only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.core.errors import KefuError
from kefu.procedures.models import (
    FeeItem,
    MoneyRecord,
    Procedure,
    ProcedureStep,
    ProcedureTemplate,
    TemplateItem,
    TemplateStep,
)
from kefu.procedures.presets import PRESETS
from kefu.procedures.services import procedure_preset_apply


class PresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Procedure preset:"),
        required=False,
        choices=[("", "---------"), *((key, p.label) for key, p in PRESETS.items())],
    )


@admin.register(FeeItem)
class FeeItemAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The published fee schedule: service fees, fees collected on behalf, paid
    services, deposits. The action copies a preset's templates and fees to the
    selected lines' sites (add one line by hand on a new site first)."""

    list_display = ("site", "category", "code", "name", "price", "unit", "is_active")
    list_filter = ("category", "is_active")
    action_form = PresetActionForm
    actions = ["apply_preset"]

    @admin.action(description=_("Apply the chosen procedure preset to these lines' sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[FeeItem]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in {f.site for f in queryset.select_related("site")}:
            try:
                procedure_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Preset applied."), messages.SUCCESS)


class TemplateStepInline(SiteScopedAdminMixin, admin.TabularInline):
    model = TemplateStep
    site_lookup = "template__site"
    extra = 0
    fields = ("order", "code", "name", "position", "is_approval", "deadline_working_days")
    show_change_link = True


@admin.register(ProcedureTemplate)
class ProcedureTemplateAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("site", "code", "name", "preset_key", "is_active")
    inlines = [TemplateStepInline]


class TemplateItemInline(SiteScopedAdminMixin, admin.TabularInline):
    model = TemplateItem
    site_lookup = "step__template__site"
    extra = 0
    fields = ("order", "code", "name", "kind", "required", "fee")


@admin.register(TemplateStep)
class TemplateStepAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "template__site"
    list_display = ("template", "order", "name", "position", "is_approval")
    inlines = [TemplateItemInline]

    def has_module_permission(self, request):  # edited from the template page
        return False


class StepInline(ReadOnlyInline):
    model = ProcedureStep
    site_lookup = "procedure__site"
    fields = ("order", "name", "status", "done_by", "done_at", "due_at")


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("template", "unit", "customer", "status", "started_at")
    list_filter = ("status", "template__code")
    list_select_related = ("template", "unit", "customer")
    inlines = [StepInline]


@admin.register(MoneyRecord)
class MoneyRecordAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "procedure__site"
    list_display = ("procedure", "kind", "amount", "receipt_number", "recorded_by", "recorded_at")
    list_filter = ("kind",)
    list_select_related = ("procedure__template", "recorded_by")
