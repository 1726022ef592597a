"""Admin for business calendars: working periods, overrides, refresh from chinesecalendar.

Site-scoped like the rest of the admin: a staff user who is not a superuser
sees and edits only the calendars of the sites they work at. Statutory days
are read-only here (they come from chinesecalendar); an administrator adds
holidays, workdays and closures as overrides, which win over the package.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.calendar import rules
from kefu.calendar.errors import CalendarNameTaken, DefaultCalendarExists, PeriodsInvalid
from kefu.calendar.models import BusinessCalendar, CalendarDay, DaySource, WorkingPeriod
from kefu.calendar.selectors import calendar_coverage_notices
from kefu.calendar.services import (
    calendar_changed,
    calendar_initialise,
    calendar_refresh_from_chinesecalendar,
)
from kefu.core.admin_mixins import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ServiceAdminMixin,
    SiteConsistentForm,
    SiteScopedAdminMixin,
)
from kefu.org.selectors import user_site_ids


def _live_forms(formset: forms.BaseInlineFormSet) -> list[dict[str, Any]]:
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class BusinessCalendarForm(SiteConsistentForm):
    """One default calendar and unique names per site, also once ``site`` is read-only."""

    class Meta:
        model = BusinessCalendar
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        site = cleaned.get("site") or getattr(self.instance, "site", None)
        if site is None:
            return cleaned
        others = BusinessCalendar.objects.filter(site=site).exclude(pk=self.instance.pk)
        if cleaned.get("is_default") and others.filter(is_default=True).exists():
            self.add_error("is_default", str(DefaultCalendarExists.default_message))
        if others.filter(name=cleaned.get("name")).exists():
            self.add_error("name", str(CalendarNameTaken.default_message))
        return cleaned


class WorkingPeriodFormSet(forms.BaseInlineFormSet):
    """The week's periods must not overlap; a calendar that is not 24 h needs one."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.always_open or not self.forms:
            return
        weekly: dict[int, list[tuple]] = {}
        for data in _live_forms(self):
            weekly.setdefault(data["weekday"], []).append((data["start"], data["end"]))
        if not weekly and self.instance._state.adding:
            return  # a new calendar gets the standard week
        try:
            rules.normalise_week(weekly)
        except ValueError:
            raise ValidationError(PeriodsInvalid.default_message) from None


class OverrideFormSet(forms.BaseInlineFormSet):
    """One administrator's entry per date."""

    def clean(self) -> None:
        super().clean()
        seen: set = set()
        for data in _live_forms(self):
            if data.get("date") in seen:
                raise ValidationError(gettext("Enter each date only once."))
            seen.add(data.get("date"))


class WorkingPeriodInline(SiteScopedAdminMixin, admin.TabularInline):
    model = WorkingPeriod
    formset = WorkingPeriodFormSet
    site_lookup = "calendar__site"
    fields = ("weekday", "start", "end")
    extra = 0


class OverrideInline(SiteScopedAdminMixin, admin.TabularInline):
    model = CalendarDay
    formset = OverrideFormSet
    site_lookup = "calendar__site"
    fields = ("date", "kind", "name")
    extra = 1
    verbose_name = _("override")
    verbose_name_plural = _(
        "Overrides: holidays, workdays and closures entered here win over chinesecalendar"
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(source=DaySource.ADMIN)


class StatutoryDayInline(ReadOnlyInline):
    model = CalendarDay
    site_lookup = "calendar__site"
    fields = ("date", "kind", "name")
    readonly_fields = fields
    verbose_name = _("statutory day")
    verbose_name_plural = _("Statutory days from chinesecalendar (this year and later)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .filter(source=DaySource.CHINESECALENDAR, date__year__gte=timezone.localdate().year)
        )


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(SiteScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    form = BusinessCalendarForm
    list_display = (
        "name",
        "site",
        "is_default",
        "always_open",
        "covered_from_year",
        "covered_to_year",
        "version",
    )
    list_filter = ("is_default", "always_open")
    search_fields = ("name", "site__code", "site__name")
    fields = (
        "site",
        "name",
        "is_default",
        "time_zone",
        "always_open",
        "covered_from_year",
        "covered_to_year",
    )
    inlines = (WorkingPeriodInline, OverrideInline, StatutoryDayInline)
    actions = ("refresh_from_chinesecalendar",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "site" and formfield is not None and not request.user.is_superuser:
            formfield.queryset = formfield.queryset.filter(pk__in=user_site_ids(request.user))
        return formfield

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            for notice in calendar_coverage_notices(
                today=timezone.localdate(), calendars=self.get_queryset(request)
            ):
                self.message_user(request, notice, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            calendar_initialise(actor=request.user, calendar=form.instance)
            return
        edited = [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.has_changed()
        ]
        if form.has_changed() or edited:
            calendar_changed(
                actor=request.user,
                calendar=form.instance,
                note=", ".join(form.changed_data + edited),
            )

    @admin.action(description=_("Refresh from chinesecalendar"), permissions=["change"])
    def refresh_from_chinesecalendar(self, request: HttpRequest, queryset: QuerySet) -> None:
        for calendar in queryset.order_by("pk"):
            for result in calendar_refresh_from_chinesecalendar(
                actor=request.user, calendar=calendar
            ):
                self.message_user(
                    request,
                    gettext(
                        "%(calendar)s: %(created)s added, %(updated)s updated, "
                        "%(deleted)s removed; statutory days loaded for %(first)s–%(last)s."
                    )
                    % {
                        "calendar": calendar,
                        "created": result.created,
                        "updated": result.updated,
                        "deleted": result.deleted,
                        "first": result.covered_after.start,
                        "last": result.covered_after.stop - 1,
                    },
                    messages.SUCCESS,
                )


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    """Every dated exception of every calendar, to look up; edit overrides on the calendar."""

    site_lookup = "calendar__site"
    list_display = ("date", "kind", "name", "source", "calendar")
    list_filter = ("source", "kind", ("calendar", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "date"
    search_fields = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("calendar")
