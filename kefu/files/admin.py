"""Admin of customer files: file kinds and their checklists are configuration; the rest
is read-only.

A kind is usually created with the "apply preset" action (新车档案's 12 items,
售后档案, 入伙资料) and then edited here. Files, their hand-over lines and
violations are workflow records: they change only through the services.
"""

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
)
from kefu.core.errors import KefuError
from kefu.files import grading
from kefu.files.models import (
    AccessApplication,
    CallRecording,
    ChecklistItem,
    CustodyInspection,
    CustomerFile,
    FileDestruction,
    FileHandover,
    FileItem,
    FileKind,
    FileLoan,
    FileViolation,
    GradingSetting,
    ImportJob,
    InspectionFinding,
    RecordingExtraction,
    RetentionRule,
)
from kefu.files.presets import KIND_PRESETS, RETENTION_PRESETS
from kefu.files.services import file_kind_preset_apply, retention_rule_preset_apply


class ChecklistItemInline(SiteScopedAdminMixin, admin.TabularInline):
    model = ChecklistItem
    site_lookup = "kind__site"
    extra = 0
    fields = ("position", "code", "label", "hint", "required", "needs_signature")


class PresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Checklist preset:"),
        required=False,
        choices=[("", "---------"), *((key, p["name"]) for key, p in KIND_PRESETS.items())],
    )


class FileKindForm(SiteConsistentForm):
    class Meta:
        model = FileKind
        fields = (
            "site", "code", "name", "per_vehicle", "handed_by", "deadline_working_days",
            "deadline_start", "late_rule", "incomplete_rule", "customer_signature_rule",
            "staff_signature_rule", "retention_years", "is_active",
        )  # fmt: skip


@admin.register(FileKind)
class FileKindAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    form = FileKindForm
    list_display = ("name", "code", "site", "handed_by", "deadline_working_days", "is_active")
    list_filter = ("is_active", "handed_by")
    list_select_related = ("site",)
    search_fields = ("code", "name")
    readonly_fields = ("preset_key", "seed")
    inlines = [ChecklistItemInline]
    action_form = PresetActionForm
    actions = ["apply_preset"]

    @admin.action(description=_("Apply the chosen checklist preset to these kinds' sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[FileKind]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in {k.site for k in queryset.select_related("site")}:
            try:
                file_kind_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Preset applied."), messages.SUCCESS)


class FileItemInline(ReadOnlyInline):
    model = FileItem
    site_lookup = "file__site"
    fields = ("item", "present", "defect", "note", "checked_by", "checked_at")


@admin.register(CustomerFile)
class CustomerFileAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "site", "kind", "status", "confidentiality", "handover_due_at")
    list_filter = ("status", "confidentiality")
    list_select_related = ("site", "kind")
    search_fields = ("number",)
    exclude = ("keyed_data",)
    inlines = [FileItemInline]


@admin.register(FileHandover)
class FileHandoverAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "file", "site", "department", "handed_by", "handed_at", "receiver", "incomplete",
    )  # fmt: skip
    list_filter = ("department", "incomplete")
    list_select_related = ("site", "file", "handed_by", "receiver")
    date_hierarchy = "handed_at"


@admin.register(FileViolation)
class FileViolationAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("file", "site", "rule", "person", "occurred_at", "corrected_at", "repeats")
    list_filter = ("rule",)
    list_select_related = ("site", "file", "person")
    date_hierarchy = "occurred_at"


@admin.register(AccessApplication)
class AccessApplicationAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("file", "site", "kind", "level", "applicant", "status", "valid_until")
    list_filter = ("status", "level", "kind")
    list_select_related = ("site", "file", "applicant")
    date_hierarchy = "created_at"


@admin.register(FileLoan)
class FileLoanAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("file", "site", "borrower", "material", "status", "due_at", "returned_at")
    list_filter = ("status",)
    list_select_related = ("site", "file", "borrower")
    date_hierarchy = "created_at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "site", "created_by", "status", "total_rows", "error_count")
    list_filter = ("status",)
    list_select_related = ("site", "created_by")
    exclude = ("errors", "preview")


@admin.register(FileDestruction)
class FileDestructionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "description", "site", "file", "recording", "status", "requested_by", "decided_by",
        "decided_at",
    )  # fmt: skip
    list_filter = ("status",)
    list_select_related = ("site", "file", "recording", "requested_by", "decided_by")


# --- retention rules and grading schemes (configuration) ------------------------------


class RetentionPresetForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Retention preset:"),
        required=False,
        choices=[("", "---------"), *((k, p["name"]) for k, p in RETENTION_PRESETS.items())],
    )


class RetentionRuleForm(SiteConsistentForm):
    class Meta:
        model = RetentionRule
        fields = ("site", "record_kind", "period", "unit", "important_permanent")


@admin.register(RetentionRule)
class RetentionRuleAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """How long a site keeps recordings (≥ 30 days, seed 000 L35) and complaint records
    (seed 002 L254); customer files keep their period per file kind."""

    form = RetentionRuleForm
    list_display = ("site", "record_kind", "period", "unit", "important_permanent", "preset_key")
    list_filter = ("record_kind",)
    list_select_related = ("site",)
    readonly_fields = ("preset_key", "seed")
    action_form = RetentionPresetForm
    actions = ["apply_preset"]

    @admin.action(description=_("Apply the chosen retention preset to these rules' sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[RetentionRule]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in {r.site for r in queryset.select_related("site")}:
            try:
                retention_rule_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Preset applied."), messages.SUCCESS)


class GradingSettingForm(SiteConsistentForm):
    preset_key = forms.ChoiceField(
        label=_("preset"), choices=[(k, v["label"]) for k, v in grading.PRESETS.items()]
    )

    class Meta:
        model = GradingSetting
        fields = ("site", "preset_key", "overrides")

    def clean(self):
        cleaned = super().clean()
        problem = grading.overrides_problem(
            cleaned.get("preset_key", ""), cleaned.get("overrides") or {}
        )
        if problem:
            self.add_error("overrides", problem)
        return cleaned


@admin.register(GradingSetting)
class GradingSettingAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """A site's A–D grading scheme: a preset (seed 001 [GRD], seed 000 [LOY]) plus
    overrides (thresholds in fen, review interval or round date, temporary months)."""

    form = GradingSettingForm
    list_display = ("site", "preset_key", "overrides")
    list_select_related = ("site",)


# --- recordings and custody inspections (workflow records: read-only) ------------------


class RecordingExtractionInline(ReadOnlyInline):
    model = RecordingExtraction
    fields = ("extracted_at", "extracted_by", "reason", "location", "size_bytes")


@admin.register(CallRecording)
class CallRecordingAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("called_at", "site", "direction", "customer", "ticket", "status")
    list_filter = ("status", "direction")
    list_select_related = ("site", "customer", "ticket")
    date_hierarchy = "called_at"
    exclude = ("phone",)
    inlines = [RecordingExtractionInline]


@admin.register(RecordingExtraction)
class RecordingExtractionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("recording", "site", "extracted_by", "extracted_at", "reason", "location")
    list_select_related = ("site", "recording", "extracted_by")
    date_hierarchy = "extracted_at"


class InspectionFindingInline(ReadOnlyInline):
    model = InspectionFinding
    site_lookup = "inspection__site"
    fields = ("kind", "location", "file", "description", "repair", "repaired_on", "repaired_by")


@admin.register(CustodyInspection)
class CustodyInspectionAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("inspected_on", "site", "inspector", "scope", "environment_ok", "next_due_on")
    list_filter = ("environment_ok",)
    list_select_related = ("site", "inspector")
    date_hierarchy = "inspected_on"
    inlines = [InspectionFindingInline]
