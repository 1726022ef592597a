"""Admin of guest reception: classes, caps and the policy are configuration
(site-scoped); visits and the urging record are workflow records, read-only."""

from django.contrib import admin

from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.guests.models import (
    GuestClass,
    GuestPolicy,
    GuestVisit,
    UrgingEntry,
    UrgingItem,
    VisitChange,
    VisitPrep,
)


@admin.register(GuestPolicy)
class GuestPolicyAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Escort bands, cap tolerance, urging deadlines, where important gifts go."""

    list_display = ("site", "preset", "urge_working_days", "cap_tolerance_pct")
    readonly_fields = ("preset",)


@admin.register(GuestClass)
class GuestClassAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Classes a–d with host level and spend cap per head (seed 000 L215–223)."""

    list_display = ("site", "code", "name", "host_level", "cap_per_head")
    list_filter = ("site",)
    ordering = ("site", "order", "code")


class ChangeInline(ReadOnlyInline):
    model = VisitChange
    site_lookup = "visit__site"
    fields = ("at", "changed_by", "consent_note", "changes")


class PrepInline(ReadOnlyInline):
    model = VisitPrep
    site_lookup = "visit__site"
    fields = ("item", "done_by", "done_at", "note")


@admin.register(GuestVisit)
class GuestVisitAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("guest_name", "company", "starts_at", "place", "guest_class", "status")
    list_filter = ("status", "spend_status")
    list_select_related = ("site", "guest_class")
    search_fields = ("guest_name", "company")
    inlines = [PrepInline, ChangeInline]


class EntryInline(ReadOnlyInline):
    model = UrgingEntry
    site_lookup = "item__site"
    fields = ("at", "kind", "actor", "note")


@admin.register(UrgingItem)
class UrgingItemAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("content", "department", "due_at", "status", "urge_count")
    list_filter = ("status", "kind")
    list_select_related = ("site", "department")
    inlines = [EntryInline]
