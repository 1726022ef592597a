"""Admin of complaint handling: the per-site workflow and authority table are
configuration (editable); complaints, slips, opinions, the penalty ledger and
notices are workflow records (read-only; they change only through the services)."""

from django.contrib import admin

from kefu.complaints.models import (
    CompensationLimit,
    Complaint,
    ComplaintNotice,
    ComplaintPolicy,
    ComplaintStep,
    HandlingOpinion,
    QualityMemo,
    ResponsibilityShare,
    TransferSlip,
)
from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


@admin.register(ComplaintPolicy)
class ComplaintPolicyAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The site's complaint workflow (preset: furniture maker, seed 002 §4.1)."""

    list_display = (
        "site",
        "preset_key",
        "transfer_needs_approval",
        "opinion_needs_approval",
        "closure_days",
        "warning_hours",
        "visit_days_after_reply",
        "visit_days_after_delivery",
        "reopen_on_unsatisfied_visit",
    )
    list_filter = (SITE_FILTER,)


@admin.register(CompensationLimit)
class CompensationLimitAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The authority table (权限核决表, seed 000 L565)."""

    list_display = ("position", "max_amount", "site")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site", "position")


class StepInline(ReadOnlyInline):
    model = ComplaintStep
    site_lookup = "complaint__site"
    fields = ("step", "actor", "on_behalf_of", "at", "due_at", "note")


class SlipInline(ReadOnlyInline):
    model = TransferSlip
    site_lookup = "complaint__site"
    fields = (
        "to_position",
        "receiver",
        "approved_by",
        "approved_at",
        "sender_name",
        "sender_signed_at",
        "receiver_name",
        "receiver_signed_at",
    )


class OpinionInline(ReadOnlyInline):
    model = HandlingOpinion
    site_lookup = "complaint__site"
    fields = ("author", "status", "submitted_at", "decided_by", "compensation_amount")


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("ticket", "stage", "is_major", "visit_state", "visit_due_on", "site")
    list_filter = (SITE_FILTER, "stage", "is_major", "visit_state")
    list_select_related = ("site", "ticket")
    search_fields = ("ticket__number", "ticket__subject")
    inlines = [StepInline, SlipInline, OpinionInline]


class ShareInline(ReadOnlyInline):
    model = ResponsibilityShare
    site_lookup = "memo__complaint__site"
    fields = ("kind", "name", "percent", "cost_fen")


@admin.register(QualityMemo)
class QualityMemoAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "complaint__site"
    list_display = ("complaint", "repair_cost", "customer_confirmed", "delivered_on")
    inlines = [ShareInline]


@admin.register(ComplaintNotice)
class ComplaintNoticeAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        "kind",
        "recipient",
        "recipient_label",
        "sent_at",
        "due_at",
        "done_at",
    )
    list_filter = (SITE_FILTER, "kind")
