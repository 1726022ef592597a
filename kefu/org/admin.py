"""Admin for who works where: sites, departments, positions, users, deputies, tokens.

Sites, departments, positions and users are configuration and are edited
here directly. Absences and API tokens have services (``absence_declare``,
``api_token_create`` …); the admin adds them through those services and
changes them only through its actions (cancel, revoke).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    ServiceAdminMixin,
    SiteConsistentForm,
    SiteScopedAdminMixin,
    admin_site_ids,
)
from kefu.core.errors import KefuError
from kefu.desk.presets import PRESETS
from kefu.desk.services import site_desk_preset_apply
from kefu.org.models import (
    Absence,
    ApiToken,
    Capability,
    Department,
    Position,
    PositionAssignment,
    Site,
    User,
)
from kefu.org.selectors import users_manageable_by, users_working_at
from kefu.org.services import absence_cancel, absence_declare, api_token_create, api_token_revoke

admin.site.site_header = _("kefu administration")
admin.site.site_title = _("kefu administration")
admin.site.index_title = _("Configuration")


# --- sites -------------------------------------------------------------------------


class PresetActionForm(helpers.ActionForm):
    """The change list's action bar, with the preset to apply."""

    preset = forms.ChoiceField(
        label=_("Preset:"),
        required=False,
        choices=[("", "---------"), *((key, spec["label"]) for key, spec in PRESETS.items())],
    )


@admin.register(Site)
class SiteAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = ""
    list_display = ("code", "name", "kind", "hotline", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    action_form = PresetActionForm
    actions = ["apply_desk_preset"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new site has nobody working there yet: only a superuser could see it.
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Apply desk preset"), permissions=["change"])
    def apply_desk_preset(self, request: HttpRequest, queryset: QuerySet[Site]) -> None:
        """Set the selected sites up from the chosen preset (``site_desk_preset_apply``)."""
        key = request.POST.get("preset", "")
        if not key:
            self.message_user(request, gettext("Choose a preset to apply."), messages.WARNING)
            return
        for site in queryset:
            try:
                created = site_desk_preset_apply(actor=request.user, site=site, key=key)
            except KefuError as exc:
                self.message_user(request, f"{site}: {exc.message}", messages.ERROR)
                return
            summary = ", ".join(f"{kind} +{n}" for kind, n in created.items() if n) or "—"
            self.message_user(
                request,
                gettext("Preset %(preset)s applied to %(site)s: %(summary)s")
                % {"preset": key, "site": site, "summary": summary},
                messages.SUCCESS,
            )


# --- departments and positions -------------------------------------------------------


@admin.register(Department)
class DepartmentAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "site")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")


class PositionForm(SiteConsistentForm):
    capabilities = forms.MultipleChoiceField(
        label=_("capabilities"),
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Position
        fields = ("site", "department", "code", "name", "capabilities")


@admin.register(Position)
class PositionAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    form = PositionForm
    list_display = ("name", "code", "site", "department", "capability_list")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")
    list_select_related = ("site", "department")

    @admin.display(description=_("capabilities"))
    def capability_list(self, obj: Position) -> str:
        labels = dict(Capability.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.capabilities or [])


# --- users ---------------------------------------------------------------------------


class PositionAssignmentInline(SiteScopedAdminMixin, admin.TabularInline):
    model = PositionAssignment
    site_lookup = "position__site"
    fields = ("position",)
    extra = 1

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            # A site administrator's user must keep a position at one of their
            # sites, or it would drop out of their sight.
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(User)
class UserAdmin(SiteScopedAdminMixin, DjangoUserAdmin):
    """Users with their positions. A site administrator manages only people who
    work at their sites alone, and cannot grant superuser rights or permissions."""

    site_lookup = "assignments__position__site"
    form = UserChangeForm
    inlines = [PositionAssignmentInline]
    list_display = ("username", "display_name", "position_list", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "first_name", "last_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("display_name", "phone", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    def scope_queryset(self, request: HttpRequest, qs: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=users_manageable_by(request.user).values("pk"))

    def choice_queryset(self, request: HttpRequest) -> QuerySet:
        """People working at the user's sites (e.g. a deputy), shared or not."""
        return users_working_at(admin_site_ids(request)).order_by("username")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ("is_superuser", "groups", "user_permissions")
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("assignments__position__site")

    @admin.display(description=_("positions"))
    def position_list(self, obj: User) -> str:
        return ", ".join(f"{a.position.site.code} · {a.position}" for a in obj.assignments.all())


# --- absences and deputies -------------------------------------------------------------


@admin.register(Absence)
class AbsenceAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Declared through ``absence_declare``; ended early through ``absence_cancel``."""

    site_lookup = "position__site"
    list_display = ("holder", "position", "deputy", "starts_at", "ends_at", "cancelled_at")
    list_filter = (("position__site", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("holder", "deputy", "position__site")
    fields = ("holder", "position", "deputy", "starts_at", "ends_at", "reason", "cancelled_at")
    actions = ["cancel_absences"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.fields if obj is not None else ("cancelled_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Absence, form: Any, change: bool) -> None:
        if change:
            return
        data = form.cleaned_data
        absence = absence_declare(
            actor=request.user,
            holder=data["holder"],
            position=data["position"],
            deputy=data["deputy"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            reason=data.get("reason", ""),
        )
        obj.pk = absence.pk
        obj._state.adding = False

    @admin.action(description=_("End the selected absences now"), permissions=["change"])
    def cancel_absences(self, request: HttpRequest, queryset: QuerySet[Absence]) -> None:
        for absence in queryset:
            try:
                absence_cancel(actor=request.user, absence=absence)
            except KefuError as exc:
                self.message_user(request, f"{absence}: {exc.message}", messages.ERROR)
                return
        self.message_user(request, gettext("Absences ended."), messages.SUCCESS)


# --- API tokens ------------------------------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Created through ``api_token_create``: the key is shown once, only its digest is kept."""

    site_lookup = "user__assignments__position__site"
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    actions = ["revoke_tokens"]

    def scope_queryset(self, request: HttpRequest, qs: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return qs
        return qs.filter(user__in=users_manageable_by(request.user).values("pk"))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("user", "name")
        return ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else self.get_fields(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = users_manageable_by(request.user).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        token, raw_key = api_token_create(
            actor=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        obj.pk, obj.prefix, obj.digest = token.pk, token.prefix, token.digest
        obj._state.adding = False
        self.message_user(
            request,
            gettext("Copy the key now; it will not be shown again: %(key)s") % {"key": raw_key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
        self.message_user(request, gettext("Tokens revoked."), messages.SUCCESS)
