"""Admin of the assessment app: scorecard templates are configuration; the rest is read-only.

Templates, their sections and items are edited here (usually after copying a
preset with the "apply preset" action). Scorecards, their lines and the
ledger are workflow records: they change only through the services.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.assessment.measures import measure_choices
from kefu.assessment.models import (
    LedgerEntry,
    Scorecard,
    ScorecardItem,
    ScorecardLine,
    ScorecardSection,
    ScorecardTemplate,
)
from kefu.assessment.presets import PRESETS
from kefu.assessment.services import scorecard_template_preset_apply
from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.core.errors import KefuError


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "site", "person", "rule", "kind", "amount_fen", "multiplier")
    list_filter = ("kind", "status", "rule")
    search_fields = ("person__username", "person__display_name", "rule", "reason")
    date_hierarchy = "occurred_at"


class ScorecardSectionInline(SiteScopedAdminMixin, admin.TabularInline):
    model = ScorecardSection
    site_lookup = "template__site"
    extra = 0
    fields = ("order", "code", "name", "max_points", "is_bonus")
    show_change_link = True


class ScorecardItemForm(forms.ModelForm):
    measure = forms.ChoiceField(label=_("data source"), choices=measure_choices)

    class Meta:
        model = ScorecardItem
        fields = (
            "order", "code", "name", "rule", "unit", "points", "points_up_to", "max_points",
            "forfeit_at", "measure", "measure_options",
        )  # fmt: skip


class ScorecardItemInline(SiteScopedAdminMixin, admin.TabularInline):
    """Items: points per incident, a range, the allocation and the wipe-out (seed 002 §7.3)."""

    model = ScorecardItem
    form = ScorecardItemForm
    site_lookup = "section__template__site"
    extra = 0
    fields = (
        "order", "code", "name", "unit", "points", "points_up_to", "max_points", "forfeit_at",
        "measure", "measure_options",
    )  # fmt: skip


class PresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Scorecard preset:"),
        required=False,
        choices=[("", "---------"), *((key, p.name) for key, p in PRESETS.items())],
    )


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "site", "preset_key", "max_total", "run_day", "scope", "is_active")
    list_filter = ("is_active", "scope")
    list_select_related = ("site",)
    inlines = [ScorecardSectionInline]
    readonly_fields = ("preset_description",)
    action_form = PresetActionForm
    actions = ["apply_preset"]

    @admin.display(description=_("preset"))
    def preset_description(self, obj: ScorecardTemplate) -> str:
        preset = PRESETS.get(obj.preset_key)
        return preset.describe() if preset else "—"

    @admin.action(description=_("Apply the chosen scorecard preset to these templates' sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[ScorecardTemplate]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in {t.site for t in queryset.select_related("site")}:
            try:
                scorecard_template_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Preset applied."), messages.SUCCESS)


@admin.register(ScorecardSection)
class ScorecardSectionAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "template__site"
    list_display = ("name", "template", "max_points", "is_bonus", "order")
    list_select_related = ("template",)
    inlines = [ScorecardItemInline]


class ScorecardLineInline(ReadOnlyInline):
    model = ScorecardLine
    site_lookup = "scorecard__site"
    fields = ("item", "kind", "points", "occurred_at", "note", "entered_by", "approved_by")


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("month", "site", "template", "person", "total", "status")
    list_filter = ("status",)
    list_select_related = ("site", "template", "person")
    date_hierarchy = "month"
    inlines = [ScorecardLineInline]
