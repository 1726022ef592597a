from django.contrib import admin

from kefu.assessment.models import LedgerEntry
from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "site", "person", "rule", "kind", "amount_fen", "multiplier")
    list_filter = ("kind", "status", "rule")
    search_fields = ("person__username", "person__display_name", "rule", "reason")
    date_hierarchy = "occurred_at"
