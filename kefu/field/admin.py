"""Admin of field service, scoped to the staff user's sites.

Configuration is edited here: a site's settings (clocks, cash limit, patrol
interval), products, warranty rules, the fee schedule and the patrol
checkpoints. Work orders, swaps and patrols are workflow records: read-only
here, they change through the pages and the API (``kefu.field.services``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    SiteScopedAdminMixin,
    audit_timeline_html,
)
from kefu.field.models import (
    Checkpoint,
    DeviceSwap,
    FeeItem,
    FieldSettings,
    OrderPart,
    Patrol,
    PatrolCheck,
    PatrolPlan,
    Product,
    WarrantyRule,
    WorkOrder,
)
from kefu.field.policies import PRESETS

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


@admin.register(FieldSettings)
class FieldSettingsAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Clocks (seed 004 L393, L271), cash limit (seed 001 L41), patrol interval (seed 004 L237)."""

    list_display = (
        "site",
        "preset_key",
        "reply_amount",
        "onsite_amount",
        "urgent_amount",
        "cash_limit_working_days",
    )
    list_select_related = ("site",)
    readonly_fields = ("presets",)

    @admin.display(description=_("presets"))
    def presets(self, obj: FieldSettings) -> str:
        return "\n\n".join(p.describe() for p in PRESETS.values())


@admin.register(Product)
class ProductAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "model_name", "site", "is_active")
    list_filter = (SITE_FILTER, "is_active")
    search_fields = ("code", "name", "model_name")


@admin.register(WarrantyRule)
class WarrantyRuleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """A product's warranty in months; no product: every product of the site."""

    list_display = ("site", "product", "months", "seed")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site", "product")


@admin.register(FeeItem)
class FeeItemAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "price", "site", "is_active")
    list_filter = (SITE_FILTER, "kind", "is_active")
    search_fields = ("code", "name")


@admin.register(Checkpoint)
class CheckpointAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The patrol checklist (seed 004 L237–265: 一检 … 八检)."""

    list_display = ("order", "name", "requires_signature", "site", "is_active")
    list_filter = (SITE_FILTER, "is_active")


class PartInline(ReadOnlyInline):
    model = OrderPart
    site_lookup = "order__site"
    fields = ("name", "quantity", "unit_price")


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "kind", "status", "customer", "technician", "received_at", "fee")
    list_filter = (SITE_FILTER, "kind", "status")
    list_select_related = ("site", "customer", "technician")
    search_fields = ("number", "customer__name", "plate_number", "invoice_number")
    date_hierarchy = "received_at"
    inlines = [PartInline]
    readonly_fields = ("timeline",)

    @admin.display(description=_("history"))
    def timeline(self, obj: WorkOrder) -> str:
        return audit_timeline_html(obj)


@admin.register(DeviceSwap)
class DeviceSwapAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("at", "kind", "old_number", "new_number", "customer", "plate_number", "order")
    list_filter = (SITE_FILTER, "kind")
    list_select_related = ("customer", "order")
    search_fields = ("old_number", "new_number", "plate_number", "customer__name")


class PatrolCheckInline(ReadOnlyInline):
    model = PatrolCheck
    site_lookup = "patrol__plan__site"
    fields = ("checkpoint", "passed", "finding", "customer_signed_by", "work_order")


@admin.register(PatrolPlan)
class PatrolPlanAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("customer", "address", "interval_days", "next_due_on", "is_active")
    list_filter = (SITE_FILTER, "is_active")
    list_select_related = ("customer",)


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("plan", "due_on", "done_at", "done_by", "late")
    site_lookup = "plan__site"
    list_select_related = ("plan__customer", "done_by")
    inlines = [PatrolCheckInline]
