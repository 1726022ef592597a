"""Admin of return visits, surveys and tenant meetings, scoped to the staff user's sites.

Configuration is edited here: a site's visit settings (scale, attempts,
offsets, hand-over schedule), questionnaires and survey campaigns. Visits,
answers, corrective actions, tenant meetings (with their attendance and
suggestions), in-person visits and the visit plan are workflow records:
read-only here, they change through the pages and the API
(``kefu.visits.services``; a meeting's suggestions become desk requests
there); the campaign actions open and close surveys through the services.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
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
from kefu.visits import rules
from kefu.visits.models import (
    CampaignStatus,
    CorrectiveAction,
    MeetingAttendance,
    MeetingSuggestion,
    Question,
    Questionnaire,
    ReturnVisit,
    SurveyCampaign,
    SurveyTarget,
    TenantMeeting,
    TenantVisit,
    VisitAttempt,
    VisitPlanItem,
    VisitSettings,
)
from kefu.visits.policies import SCALE_PRESETS
from kefu.visits.selectors import scale_of
from kefu.visits.services import campaign_close, campaign_open

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


class VisitSettingsForm(SiteConsistentForm):
    class Meta:
        model = VisitSettings
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        labels = cleaned.get("custom_labels") or []
        if cleaned.get("scale") == "custom" and (not isinstance(labels, list) or len(labels) < 2):
            self.add_error("custom_labels", gettext("A custom scale needs at least two labels."))
        for item in cleaned.get("handover_schedule") or []:
            try:
                reason, offset = item
                rules.Offset.parse(offset)
                assert reason in dict(rules.HANDOVER_SCHEDULE)
            except (TypeError, ValueError, AssertionError):
                self.add_error(
                    "handover_schedule",
                    gettext('Use pairs such as ["handover_3m", "3m"] (reason, offset).'),
                )
                break
        return cleaned


@admin.register(VisitSettings)
class VisitSettingsAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """A site's scale, attempts and offsets (defaults: seed 002 L156–158, seed 004)."""

    form = VisitSettingsForm
    list_display = ("site", "scale", "max_attempts", "reply_offset_days", "repair_offset_days")
    list_select_related = ("site",)
    readonly_fields = ("scale_description", "presets")

    @admin.display(description=_("scale in use"))
    def scale_description(self, obj: VisitSettings) -> str:
        scale = scale_of(obj)
        points = ", ".join(f"{v}={label}" for v, label in enumerate(scale.labels, 1))
        return f"{points}; ≥{scale.satisfied_from}"

    @admin.display(description=_("scale presets"))
    def presets(self, obj: VisitSettings) -> str:
        return " | ".join(p.describe() for p in SCALE_PRESETS.values())


class VisitAttemptInline(ReadOnlyInline):
    model = VisitAttempt
    site_lookup = "visit__site"
    fields = ("at", "actor", "reached", "note")


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("due_on", "reason", "customer", "unit", "status", "attempts", "satisfaction")
    list_filter = (SITE_FILTER, "status", "reason")
    list_select_related = ("site", "customer", "unit")
    search_fields = ("customer__name", "customer__phone", "ticket__number")
    date_hierarchy = "due_on"
    inlines = [VisitAttemptInline]
    readonly_fields = ("timeline",)

    @admin.display(description=_("history"))
    def timeline(self, obj: ReturnVisit) -> str:
        return audit_timeline_html(obj)


class QuestionInline(SiteScopedAdminMixin, admin.TabularInline):
    model = Question
    site_lookup = "questionnaire__site"
    fields = ("order", "text", "kind", "required")
    extra = 1


@admin.register(Questionnaire)
class QuestionnaireAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "site")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site",)
    inlines = [QuestionInline]


class SurveyTargetInline(ReadOnlyInline):
    model = SurveyTarget
    site_lookup = "campaign__site"
    fields = ("customer", "unit", "responded_at", "responded_via")
    max_num = 0


class CorrectiveActionInline(ReadOnlyInline):
    model = CorrectiveAction
    site_lookup = "campaign__site"
    fields = ("title", "owner", "due_on", "status", "done_at")


class CampaignForm(SiteConsistentForm):
    class Meta:
        model = SurveyCampaign
        fields = "__all__"
        widgets = {"opens_on": forms.DateInput(attrs={"type": "date"})}


@admin.register(SurveyCampaign)
class SurveyCampaignAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """Yearly satisfaction surveys (seed 000 L119, L249); opened and closed by the actions."""

    form = CampaignForm
    list_display = ("name", "year", "status", "target_rule", "closes_on", "site")
    list_filter = (SITE_FILTER, "status", "year")
    list_select_related = ("site",)
    readonly_fields = ("status",)
    inlines = [CorrectiveActionInline, SurveyTargetInline]
    actions = ["open_campaigns", "close_campaigns"]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != CampaignStatus.DRAFT:
            fields += ("questionnaire", "target_rule")
        return fields

    def _run(self, request: HttpRequest, queryset: QuerySet, service, done: str) -> None:
        for campaign in queryset:
            try:
                service(actor=request.user, campaign=campaign)
            except KefuError as exc:
                self.message_user(request, f"{campaign}: {exc.message}", messages.ERROR)
                return
            self.message_user(request, f"{campaign}: {done}", messages.SUCCESS)

    @admin.action(description=_("Open the surveys and build their target lists"))
    def open_campaigns(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, campaign_open, gettext("opened"))

    @admin.action(description=_("Close the surveys"))
    def close_campaigns(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, campaign_close, gettext("closed"))


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "campaign", "owner", "due_on", "status")
    list_filter = ("status",)
    site_lookup = "campaign__site"
    list_select_related = ("campaign", "owner")


# --- tenant meetings, in-person visits and the visit plan (seed 000 L39, L57, L63) ------


class MeetingAttendanceInline(ReadOnlyInline):
    model = MeetingAttendance
    site_lookup = "meeting__site"
    fields = ("customer",)
    verbose_name_plural = _("tenants present")


class MeetingSuggestionInline(ReadOnlyInline):
    model = MeetingSuggestion
    site_lookup = "meeting__site"
    fields = ("text", "customer", "ticket", "ticket_status")
    readonly_fields = ("ticket_status",)

    @admin.display(description=_("request status"))
    def ticket_status(self, obj: MeetingSuggestion) -> str:
        return obj.ticket.get_status_display()


@admin.register(TenantMeeting)
class TenantMeetingAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """All-tenant meetings (seed 000 L39) with the tenants present and each suggestion's
    desk request (L57); recorded on the meetings page, read-only here."""

    list_display = ("held_on", "title", "kind", "site", "attendee_count", "suggestion_count")
    list_filter = (SITE_FILTER, "kind")
    list_select_related = ("site",)
    search_fields = ("title", "topics")
    date_hierarchy = "held_on"
    inlines = [MeetingAttendanceInline, MeetingSuggestionInline]
    readonly_fields = ("timeline",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendees=Count("attendance", distinct=True),
                suggestion_total=Count("suggestions", distinct=True),
            )
        )

    @admin.display(description=_("tenants present"), ordering="attendees")
    def attendee_count(self, obj: TenantMeeting) -> int:
        return obj.attendees

    @admin.display(description=_("suggestions"), ordering="suggestion_total")
    def suggestion_count(self, obj: TenantMeeting) -> int:
        return obj.suggestion_total

    @admin.display(description=_("history"))
    def timeline(self, obj: TenantMeeting) -> str:
        return audit_timeline_html(obj)


@admin.register(TenantVisit)
class TenantVisitAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("visited_on", "customer", "visitor", "site")
    list_filter = (SITE_FILTER,)
    list_select_related = ("site", "customer", "visitor")
    search_fields = ("customer__name",)
    date_hierarchy = "visited_on"


@admin.register(VisitPlanItem)
class VisitPlanItemAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("year", "month", "customer", "site")
    list_filter = (SITE_FILTER, "year", "month")
    list_select_related = ("site", "customer")
    search_fields = ("customer__name",)
