"""Admin of the notify app: notices and their outbox, read-only and site-scoped."""

from django.contrib import admin

from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.notify.models import Delivery, Notification


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    site_lookup = "notification__site"
    fields = ["channel", "address", "status", "attempts", "sent_at", "last_error"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipient", "site", "kind", "created_at", "read_at"]
    list_filter = ["kind", "site"]
    search_fields = ["subject", "recipient__username", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "site"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "notification__site"
    list_display = ["notification", "channel", "address", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["notification"]
