"""Admin of property procedures: templates (steps, who, items, approvals,
deadlines) and the fee schedule are configuration, site-scoped; running
procedures and amounts are workflow records, read-only."""

from django.contrib import admin

from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.procedures.models import (
    FeeItem,
    MoneyRecord,
    Procedure,
    ProcedureStep,
    ProcedureTemplate,
    TemplateItem,
    TemplateStep,
)


@admin.register(FeeItem)
class FeeItemAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """收费标准公示: service fees, fees collected on behalf, paid services, deposits."""

    list_display = ("site", "category", "code", "name", "price", "unit", "is_active")
    list_filter = ("category", "is_active")


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
