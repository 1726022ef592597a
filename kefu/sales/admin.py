"""Admin of the sales office, scoped to the staff user's sites.

Configuration (the site's preset, sales roles, reception groups) is edited
here; the policy is saved through ``site_sales_setup`` so it is audited.
Workflow records (queues, receptions, the register, deals, ledgers,
disputes, penalties) are read-only: they change only through the services.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ServiceAdminMixin,
    SiteConsistentForm,
    SiteScopedAdminMixin,
)
from kefu.core.errors import KefuError
from kefu.sales.models import (
    Deal,
    Dispute,
    DisputeEntry,
    LedgerLine,
    Ownership,
    QueueDay,
    QueueMember,
    Reception,
    ReceptionGroup,
    SalesRole,
    SiteSalesPolicy,
    Visit,
    VisitCorrection,
)
from kefu.sales.policies import OVERRIDABLE, PRESETS, policy_for
from kefu.sales.services import site_sales_setup


class PolicyForm(SiteConsistentForm):
    class Meta:
        model = SiteSalesPolicy
        fields = ("site", "preset", "overrides")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preset"].help_text = format_html_join(
            "", "<p><b>{}</b>: {}</p>", ((p.label, p.help) for p in PRESETS.values())
        )
        self.fields["overrides"].help_text = _(
            'JSON, e.g. {"followup_lapse_months": 1}. Allowed: %(keys)s'
        ) % {"keys": ", ".join(OVERRIDABLE)}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            policy_for(data.get("preset") or "", data.get("overrides") or {})
        except KefuError as exc:
            self.add_error("overrides", str(exc.message))
        return data


@admin.register(SiteSalesPolicy)
class SiteSalesPolicyAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    form = PolicyForm
    list_display = ("site", "preset")

    def save_model(self, request: HttpRequest, obj: Any, form: forms.Form, change: bool) -> None:
        saved = site_sales_setup(
            actor=request.user, site=obj.site, preset=obj.preset, overrides=obj.overrides or {}
        )
        obj.pk = saved.pk


@admin.register(SalesRole)
class SalesRoleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("position", "role", "site")
    list_filter = ("role", ("site", admin.RelatedOnlyFieldListFilter))


@admin.register(ReceptionGroup)
class ReceptionGroupAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "site", "sort", "fallback")


class MemberInline(ReadOnlyInline):
    model = QueueMember
    site_lookup = "queue__site"
    fields = ("group", "place", "consultant", "status", "absence", "makeup", "turns")


@admin.register(QueueDay)
class QueueDayAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("site", "day", "compiled_by", "turns", "closed_at")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter),)
    date_hierarchy = "day"
    inlines = [MemberInline]


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "queue__site"
    list_display = ("queue", "seq", "receiver", "on_behalf_of", "kind", "makeup_reason")


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("visited_at", "customer", "consultant", "channel", "collision_with")
    list_filter = ("channel", ("site", admin.RelatedOnlyFieldListFilter))
    search_fields = ("customer__name", "customer__phone_digits")


@admin.register(VisitCorrection)
class VisitCorrectionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "visit__site"
    list_display = ("visit", "requested_by", "status", "decided_by")


@admin.register(Ownership)
class OwnershipAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("customer", "owner", "basis", "since", "last_activity_at", "ended_at")


class LedgerInline(ReadOnlyInline):
    model = LedgerLine
    fields = ("batch", "party", "consultant", "percent", "amount_fen", "rule", "reason")


@admin.register(Deal)
class DealAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "customer", "closer", "status", "commission_fen", "split_rule")
    inlines = [LedgerInline]


class DisputeEntryInline(ReadOnlyInline):
    model = DisputeEntry
    site_lookup = "dispute__site"
    fields = ("at", "author", "kind", "level", "text")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("customer", "filed_by", "against", "level", "status")
    inlines = [DisputeEntryInline]
