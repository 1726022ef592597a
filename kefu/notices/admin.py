"""Admin of the notices app: templates and site settings are configuration; notices
(handbook editions included), recipients, inspections with their findings and
greetings are workflow records (read-only).

The admin actions on notices (approve, seal, send, chase) call the services,
so an unapproved or unsealed notice cannot be sent from here either.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SiteScopedAdminMixin
from kefu.core.errors import KefuError
from kefu.notices import rules, services
from kefu.notices.models import (
    Greeting,
    InspectionFinding,
    InspectionReport,
    Notice,
    NoticeRecipient,
    NoticeSettings,
    NoticeTemplate,
)
from kefu.notices.policies import PRESETS, describe


class NoticeTemplateForm(forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = ("site", "code", "name", "kind", "title", "body", "is_major", "is_active")

    def clean_body(self) -> str:
        return _template_field(self.cleaned_data["body"])


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The unified external-document templates (seed 000 L45)."""

    form = NoticeTemplateForm
    list_display = ("name", "site", "kind", "is_major", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("site",)
    search_fields = ("name", "title", "code")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["body"].help_text = gettext("Variables: %(names)s") % {
            "names": ", ".join("{{ " + v + " }}" for v in rules.TEMPLATE_VARIABLES)
        }
        return form


class PresetActionForm(helpers.ActionForm):
    preset = forms.ChoiceField(
        label=_("Notice preset:"),
        required=False,
        choices=[("", "---------"), *((key, p["label"]) for key, p in PRESETS.items())],
    )


def _template_field(value: str) -> str:
    """A notice-template text in a form: refused tags become a field error."""
    try:
        rules.template_check(value)
    except rules.TemplateRefused as exc:
        raise forms.ValidationError(
            gettext("The template uses a tag that is not allowed or does not parse: %(tag)s")
            % {"tag": exc}
        ) from None
    return value


class NoticeSettingsForm(forms.ModelForm):
    class Meta:
        model = NoticeSettings
        fields = (
            "site",
            "rectification_working_days",
            "link_valid_days",
            "fire_safety_day",
            "fire_safety_template",
            "birthday_greetings",
            "birthday_lead_days",
            "birthday_channel",
            "birthday_text",
        )

    def clean_birthday_text(self) -> str:
        return _template_field(self.cleaned_data.get("birthday_text") or "")


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """A site's numbers: rectification days, link validity, the fire-safety template
    and day, birthday greetings (seed 000 L43, L753, L773)."""

    form = NoticeSettingsForm
    list_display = (
        "site",
        "preset_key",
        "rectification_working_days",
        "link_valid_days",
        "birthday_greetings",
    )
    list_select_related = ("site",)
    readonly_fields = ("preset_key", "preset_description")
    action_form = PresetActionForm
    actions = ["apply_preset"]

    @admin.display(description=_("preset"))
    def preset_description(self, obj: NoticeSettings) -> str:
        return describe(obj.preset_key) if obj.preset_key in PRESETS else "—"

    @admin.action(description=_("Apply the chosen notice preset to these sites"))
    def apply_preset(self, request: HttpRequest, queryset: QuerySet[NoticeSettings]) -> None:
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for config in queryset.select_related("site"):
            try:
                services.notice_preset_apply(actor=request.user, site=config.site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{config.site}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Preset applied."), messages.SUCCESS)


class RecipientInline(ReadOnlyInline):
    model = NoticeRecipient
    site_lookup = "notice__site"
    fields = (
        "customer",
        "unit",
        "handed_out_by",
        "signed_at",
        "sign_method",
        "signer_name",
        "chase_count",
    )


def _run(admin_obj, request: HttpRequest, queryset: QuerySet[Notice], service, done: str) -> None:
    """Call ``service`` for each notice; a refusal is shown and changes nothing."""
    count = 0
    for notice in queryset.select_related("site"):
        try:
            service(actor=request.user, notice=notice)
        except KefuError as exc:
            admin_obj.message_user(request, f"{notice}: {exc.message}", messages.ERROR)
            continue
        count += 1
    if count:
        admin_obj.message_user(request, f"{done}: {count}", messages.SUCCESS)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Notices, letters and handbook editions; the actions call the services."""

    list_display = (
        "title",
        "site",
        "kind",
        "status",
        "is_major",
        "issued_at",
        "follow_up_due",
        "signed_off_at",
    )
    list_filter = ("status", "kind", "is_major")
    list_select_related = ("site",)
    search_fields = ("title",)
    inlines = [RecipientInline]
    actions = ["approve", "seal", "issue", "chase"]

    @admin.action(description=_("Approve the selected drafts"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        _run(self, request, queryset, services.notice_approve, gettext("Approved"))

    @admin.action(description=_("Approve the seal applications"))
    def seal(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        _run(self, request, queryset, services.notice_seal_approve, gettext("Sealed"))

    @admin.action(description=_("Send the selected notices to tenants"))
    def issue(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        _run(self, request, queryset, services.notice_issue, gettext("Sent"))

    @admin.action(description=_("Chase the outstanding sign-offs"))
    def chase(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        _run(self, request, queryset, services.notice_chase, gettext("Chased"))


class FindingInline(ReadOnlyInline):
    model = InspectionFinding
    site_lookup = "report__notice__site"
    fields = ("customer", "finding", "rectified_at", "rectified_by", "rectified_note")


@admin.register(InspectionReport)
class InspectionReportAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """The fire-safety inspections with their findings and rectification (seed 000 L43)."""

    site_lookup = "notice__site"
    list_display = ("notice", "inspected_on", "inspector")
    list_select_related = ("notice", "inspector")
    inlines = [FindingInline]


@admin.register(Greeting)
class GreetingAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "occasion",
        "site",
        "customer",
        "holiday_on",
        "send_on",
        "channel",
        "sent_at",
        "sent_count",
    )
    list_filter = ("occasion", "channel")
    list_select_related = ("site", "customer")
