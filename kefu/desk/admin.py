"""Admin for the desk's configuration: channels, request types, categories and
routing, numbering schemes. Requests themselves are read-only here; they change
only through the desk pages and the API (``kefu.desk.services``).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    SiteConsistentForm,
    SiteScopedAdminMixin,
    audit_timeline_html,
)
from kefu.core.errors import KefuError
from kefu.desk.models import (
    Category,
    Channel,
    NumberCounter,
    NumberingScheme,
    RequestType,
    SlaEscalationStep,
    SlaPolicy,
    SlaTarget,
    Ticket,
    TicketPause,
    TicketSlaMark,
    TicketUrge,
)
from kefu.desk.services import site_sla_preset_apply
from kefu.desk.sla_presets import PRESETS as SLA_PRESETS

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


class NumberCounterInline(ReadOnlyInline):
    """The numbers handed out so far, per period (read-only)."""

    model = NumberCounter
    site_lookup = "scheme__site"
    fields = ("period", "value")
    ordering = ("-period",)


@admin.register(NumberingScheme)
class NumberingSchemeAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "prefix", "date_format", "seq_digits", "reset", "site")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site",)
    inlines = [NumberCounterInline]


@admin.register(Channel)
class ChannelAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active", "site")
    list_filter = (SITE_FILTER, "is_active")
    list_select_related = ("site",)
    search_fields = ("code", "name")


class RequestTypeForm(SiteConsistentForm):
    class Meta:
        model = RequestType
        fields = "__all__"
        widgets = {"registrar_positions": forms.CheckboxSelectMultiple}


@admin.register(RequestType)
class RequestTypeAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Request types, their numbering and designated registrars (seed 002 L40)."""

    form = RequestTypeForm
    list_display = (
        "name",
        "code",
        "numbering",
        "registrar_list",
        "requires_category",
        "requires_time_place",
        "is_active",
        "site",
    )
    list_filter = (SITE_FILTER, "is_active")
    list_select_related = ("site", "numbering")
    search_fields = ("code", "name")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("registrar_positions")

    @admin.display(description=_("designated registrars"))
    def registrar_list(self, obj: RequestType) -> str:
        return ", ".join(str(p) for p in obj.registrar_positions.all()) or "—"


@admin.register(Category)
class CategoryAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Categories and their routing to an owning position (seed 002 §3.1)."""

    list_display = ("name", "code", "request_type", "owner_position", "is_active", "site")
    list_filter = (SITE_FILTER, ("request_type", admin.RelatedOnlyFieldListFilter), "is_active")
    list_select_related = ("site", "request_type", "owner_position")
    search_fields = ("code", "name")


class TicketPauseInline(ReadOnlyInline):
    model = TicketPause
    site_lookup = "ticket__site"
    fields = ("started_at", "ended_at", "reason", "started_by", "ended_by")


class TicketUrgeInline(ReadOnlyInline):
    model = TicketUrge
    site_lookup = "ticket__site"
    fields = ("at", "actor", "note")


class TicketSlaMarkInline(ReadOnlyInline):
    model = TicketSlaMark
    site_lookup = "ticket__site"
    fields = ("at", "kind", "clock", "due", "step", "recipients")


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Requests, listed and shown with their timeline; changed only at the desk."""

    list_display = (
        "number",
        "subject",
        "request_type",
        "category",
        "status",
        "urgency",
        "received_at",
        "assignee",
        "site",
    )
    list_filter = (
        SITE_FILTER,
        "status",
        ("request_type", admin.RelatedOnlyFieldListFilter),
        "urgency",
        "is_serious",
    )
    list_select_related = ("site", "request_type", "category", "assignee")
    search_fields = ("number", "subject", "contact_name", "contact_phone")
    date_hierarchy = "received_at"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "site",
                    "number",
                    "request_type",
                    "category",
                    "channel",
                    "status",
                    "urgency",
                    "is_serious",
                )
            },
        ),
        (
            _("Caller"),
            {"fields": ("customer", "unit", "contact_name", "contact_phone")},
        ),
        (
            _("Request"),
            {
                "fields": (
                    "subject",
                    "content",
                    "occurred_at",
                    "occurred_place",
                    "recording_ref",
                    "received_at",
                    "received_by",
                    "received_for",
                )
            },
        ),
        (
            _("Handling"),
            {
                "fields": (
                    "handling_department",
                    "handling_position",
                    "assignee",
                    "assigned_for",
                    "rejection_reason",
                    "result",
                    "reply_content",
                    "reply_method",
                    "replied_at",
                    "closed_at",
                    "reopen_count",
                )
            },
        ),
        (
            _("Deadlines"),
            {
                "fields": (
                    "sla_policy",
                    "first_response_due",
                    "reply_due",
                    "handling_opinion_due",
                    "resolution_due",
                    "closure_due",
                    "sla_next_due",
                    "sla_calendar_uncovered",
                    "sla_paused_at",
                    "sla_paused_total",
                    "urge_count",
                )
            },
        ),
        (_("Timeline"), {"fields": ("timeline",)}),
    )
    readonly_fields = ("timeline",)
    inlines = [TicketPauseInline, TicketUrgeInline, TicketSlaMarkInline]

    @admin.display(description=_("timeline"))
    def timeline(self, obj: Ticket) -> str:
        return audit_timeline_html(obj)


# --- SLA policies ------------------------------------------------------------------


class SlaTargetInline(SiteScopedAdminMixin, admin.TabularInline):
    """A policy's targets; the most specific match wins (category, urgency, type)."""

    model = SlaTarget
    site_lookup = "policy__site"
    extra = 0
    fields = ("clock", "request_type_code", "category_code", "urgency", "kind", "amount")


class SlaEscalationStepInline(SiteScopedAdminMixin, admin.TabularInline):
    """The escalation chain (and the serious requests' chain), step by step."""

    model = SlaEscalationStep
    site_lookup = "policy__site"
    extra = 0
    fields = ("serious", "sort_order", "recipient", "position_code", "anchor", "kind", "amount")


class SlaPresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("SLA preset:"),
        required=False,
        choices=[("", "---------"), *((key, p.name) for key, p in SLA_PRESETS.items())],
    )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """SLA policies per site (one active), their targets, and the seeds' presets."""

    list_display = ("name", "preset_key", "is_active", "warn_at_percent", "site")
    list_filter = (SITE_FILTER, "is_active")
    list_select_related = ("site",)
    inlines = [SlaTargetInline, SlaEscalationStepInline]
    readonly_fields = ("preset_description",)
    action_form = SlaPresetActionForm
    actions = ["apply_sla_preset"]

    @admin.display(description=_("preset"))
    def preset_description(self, obj: SlaPolicy) -> str:
        preset = SLA_PRESETS.get(obj.preset_key)
        return preset.describe() if preset else "—"

    @admin.action(
        description=_("Apply the chosen SLA preset to these policies' sites"),
        permissions=["change"],
    )
    def apply_sla_preset(self, request: HttpRequest, queryset: QuerySet[SlaPolicy]) -> None:
        """Make the chosen preset the active policy of each selected policy's site
        (``site_sla_preset_apply``)."""
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in {policy.site for policy in queryset.select_related("site")}:
            try:
                site_sla_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
            self.message_user(
                request,
                gettext("SLA preset %(preset)s applied to %(site)s.")
                % {"preset": key, "site": site},
                messages.SUCCESS,
            )
