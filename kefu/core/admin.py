"""Admin for the audit trail: read-only, limited to the user's sites."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kefu.core.actions import action_label
from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin
from kefu.core.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, offering the actions present, by their labels."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("action", flat=True)
        return sorted(((code, action_label(code)) for code in set(codes)), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "at",
        "action_display",
        "target_type",
        "target_id",
        "actor",
        "on_behalf_of",
        "site",
    )
    list_filter = (("site", admin.RelatedOnlyFieldListFilter), ActionFilter)
    list_select_related = ("actor", "on_behalf_of", "site", "target_type")
    search_fields = ("action", "note")
    date_hierarchy = "at"

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, entry: AuditEntry) -> str:
        return action_label(entry.action)
