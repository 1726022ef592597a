"""Admin of the portal, scoped to the staff user's sites.

Configuration is edited here: a site's portal settings (published service
numbers, offered request types, limits) and its links. Codes, sessions,
requests, photos and ratings are workflow records: read-only here. Matching an
unconfirmed identity is on the desk's portal page and in the API
(``kefu.portal.services.portal_request_match``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import ReadOnlyAdminMixin, SiteScopedAdminMixin, audit_timeline_html
from kefu.portal.models import (
    OnlineItem,
    PhoneCode,
    PortalLink,
    PortalRating,
    PortalRequest,
    PortalSession,
    PortalSettings,
)

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


@admin.register(PortalSettings)
class PortalSettingsAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Service numbers on every page (seed 000 L29, L69), request types and limits."""

    list_display = ("site", "is_enabled", "hotline", "emergency_phone", "complaint_phone")
    list_select_related = ("site",)
    readonly_fields = ("account",)


@admin.register(PortalLink)
class PortalLinkAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "site", "unit", "is_active")
    list_filter = (SITE_FILTER, "is_active")
    list_select_related = ("site", "unit")
    search_fields = ("code", "unit__building", "unit__number")
    readonly_fields = ("code",)


@admin.register(PortalRequest)
class PortalRequestAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("ticket", "phone", "identity_confirmed", "matched_by", "withdrawn_at")
    list_filter = (SITE_FILTER, "identity_confirmed")
    list_select_related = ("ticket", "matched_by")
    search_fields = ("phone", "ticket__number")
    readonly_fields = ("timeline",)

    @admin.display(description=_("history"))
    def timeline(self, obj: PortalRequest) -> str:
        return audit_timeline_html(obj)


@admin.register(PortalRating)
class PortalRatingAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "ticket__site"
    list_display = ("ticket", "kind", "score", "satisfied", "created_at")
    list_filter = ("kind", "satisfied")
    list_select_related = ("ticket",)


@admin.register(PortalSession)
class PortalSessionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("phone", "site", "customer", "created_at", "expires_at", "ended_at")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site", "customer")
    search_fields = ("phone",)
    exclude = ("key",)


@admin.register(PhoneCode)
class PhoneCodeAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("phone", "site", "created_at", "expires_at", "tries", "used_at")
    list_filter = (SITE_FILTER,)
    search_fields = ("phone",)
    exclude = ("code_hash", "nonce")


@admin.register(OnlineItem)
class OnlineItemAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Items raised online (seed 000 L69); they change through the services (pages, API)."""

    list_display = ("ticket", "source", "url", "reply_status", "review_department", "published_at")
    list_filter = (SITE_FILTER, "source", "reply_status")
    list_select_related = ("ticket", "review_department")
    search_fields = ("ticket__number", "url")
    readonly_fields = ("timeline",)

    @admin.display(description=_("history"))
    def timeline(self, obj: OnlineItem) -> str:
        return audit_timeline_html(obj)
