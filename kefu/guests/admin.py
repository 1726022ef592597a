"""Admin of guest reception: classes, caps and the policy are configuration
(site-scoped); visits and the urging record are workflow records, read-only."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ServiceAdminMixin,
    SiteScopedAdminMixin,
)
from kefu.guests.models import (
    GuestClass,
    GuestPolicy,
    GuestVisit,
    UrgingEntry,
    UrgingItem,
    VisitChange,
    VisitPrep,
)
from kefu.guests.policies import PRESETS
from kefu.guests.services import guest_preset_apply


class PolicyAddForm(forms.ModelForm):
    preset = forms.ChoiceField(
        label=_("preset"), choices=[(k, p.label) for k, p in PRESETS.items()]
    )

    class Meta:
        model = GuestPolicy
        fields = ("site", "preset")


@admin.register(GuestPolicy)
class GuestPolicyAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Escort bands, cap tolerance, urging deadlines, where important gifts go.

    Adding a policy applies the chosen preset (classes a–d, caps, escorts and the
    positions' capabilities) through ``guest_preset_apply``; then edit it here.
    """

    list_display = ("site", "preset", "urge_working_days", "cap_tolerance_pct")

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        if obj is None:
            kwargs["form"] = PolicyAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None):
        return ["site", "preset"] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        return ("preset",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.pk = guest_preset_apply(actor=request.user, site=obj.site, key=obj.preset).pk


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
