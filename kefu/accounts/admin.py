"""Admin of business accounts, scoped to the staff user's sites.

Configuration is edited here: a site's credit policy (preset + overrides).
Accounts are opened and changed through the services (``ServiceAdminMixin``);
shipment requests and credit entries are workflow records, read-only here.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kefu.accounts import services
from kefu.accounts.models import (
    BusinessAccount,
    CreditEntry,
    CreditSetting,
    GradeChange,
    Partner,
    PartnerSnapshot,
    PartnerVisit,
    ShipmentRequest,
)
from kefu.accounts.policies import OVERRIDABLE, PRESETS
from kefu.accounts.services.credit import ACCOUNT_FIELDS
from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ServiceAdminMixin,
    SiteConsistentForm,
    SiteScopedAdminMixin,
)

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)


class CreditSettingForm(SiteConsistentForm):
    preset_key = forms.ChoiceField(
        label=_("preset"), choices=[(k, v["label"]) for k, v in PRESETS.items()]
    )

    class Meta:
        model = CreditSetting
        fields = "__all__"

    def clean_overrides(self):
        value = self.cleaned_data.get("overrides") or {}
        if not isinstance(value, dict) or set(value) - OVERRIDABLE:
            raise forms.ValidationError(
                _("Overrides may set: %(keys)s") % {"keys": ", ".join(sorted(OVERRIDABLE))}
            )
        for key, v in value.items():
            if not isinstance(v, int) or v < 0:
                raise forms.ValidationError(_("%(key)s must be a whole number ≥ 0.") % {"key": key})
        return value


@admin.register(CreditSetting)
class CreditSettingAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    form = CreditSettingForm
    list_display = ("site", "preset_key", "overrides")


@admin.register(BusinessAccount)
class BusinessAccountAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "customer", "site", "contract_kind", "is_key_account")
    list_filter = (SITE_FILTER, "is_key_account")
    search_fields = ("code", "customer__name")
    raw_id_fields = ("customer", "customer_file")

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data.get(f) for f in ACCOUNT_FIELDS if f in form.cleaned_data}
        if change:
            saved = services.account_update(actor=request.user, account=obj, **data)
        else:
            saved = services.account_open(
                actor=request.user,
                site=form.cleaned_data["site"],
                customer=form.cleaned_data["customer"],
                code=form.cleaned_data["code"],
                **data,
            )
        obj.pk = saved.pk


@admin.register(ShipmentRequest)
class ShipmentRequestAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("account", "invoice_date", "amount_fen", "status", "way", "refusal", "signer")
    list_filter = (SITE_FILTER, "status", "way")
    list_select_related = ("account__customer", "signer")


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "account__site"
    list_display = (
        "account",
        "kind",
        "occurred_on",
        "amount_fen",
        "source",
        "unapproved_over_limit",
    )
    list_filter = ("kind", "source", "unapproved_over_limit")
    list_select_related = ("account__customer",)


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Partners change through the pages and the API (admission, grading, visits)."""

    list_display = ("name", "site", "status", "grade", "out_of_town", "last_visit_on")
    list_filter = (SITE_FILTER, "status", "grade")
    search_fields = ("name",)


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "partner__site"
    list_display = ("partner", "from_grade", "to_grade", "status", "proposed_at")


@admin.register(PartnerVisit)
class PartnerVisitAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "partner__site"
    list_display = ("partner", "visited_on", "visitors", "senior_management")


@admin.register(PartnerSnapshot)
class PartnerSnapshotAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Archive copies are never edited (L379)."""

    site_lookup = "partner__site"
    list_display = ("partner", "period", "grade", "taken_at")
