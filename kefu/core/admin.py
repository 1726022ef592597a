"""Admin for the audit trail: read-only, limited to the user's sites."""

from django.contrib import admin

from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin
from kefu.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("at", "action", "target_type", "target_id", "actor", "on_behalf_of", "site")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter), "action")
    list_select_related = ("actor", "on_behalf_of", "site", "target_type")
    search_fields = ("action", "note")
    date_hierarchy = "at"
