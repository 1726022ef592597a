"""Admin for customers and units.

Customers are saved through ``customer_create`` / ``customer_update`` (phone
validation and canonical form, audit); their units, vehicles and contacts are
added through ``customer_link_unit``, ``vehicle_add`` and ``contact_add`` and
are read-only once they exist. A customer is never deleted here; their history
is shown read-only. Units are the site's register of buildings and rooms
(configuration) and are edited directly.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kefu.core.admin_mixins import (
    AddOnlyInline,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ServiceAdminMixin,
    SiteConsistentForm,
    SiteScopedAdminMixin,
    audit_timeline_html,
)
from kefu.core.errors import KefuError
from kefu.customers.models import Contact, Customer, Unit, UnitOccupancy, Vehicle
from kefu.customers.rules import normalize_phone, normalize_plate
from kefu.customers.services import (
    CUSTOMER_FIELDS,
    contact_add,
    customer_create,
    customer_link_unit,
    customer_update,
    vehicle_add,
)


def _phone_field_value(value: str) -> str:
    """Validate a phone in a form: the rule's coded error becomes a field error."""
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except KefuError as exc:
        raise forms.ValidationError(str(exc.message), code=exc.code) from None


class CustomerForm(SiteConsistentForm):
    class Meta:
        model = Customer
        fields = ("site", *CUSTOMER_FIELDS)
        widgets = {"birthday": forms.DateInput(attrs={"type": "date"})}

    def clean_phone(self) -> str:
        return _phone_field_value(self.cleaned_data.get("phone", ""))


class OccupancyInline(ReadOnlyInline):
    model = UnitOccupancy
    site_lookup = "unit__site"
    fields = ("unit", "role")
    verbose_name_plural = _("units")


class OccupancyAddInline(AddOnlyInline):
    model = UnitOccupancy
    site_lookup = "unit__site"
    fields = ("unit", "role")
    verbose_name_plural = _("link a unit")

    def add_through_service(
        self, request: HttpRequest, parent: Customer, data: dict
    ) -> UnitOccupancy:
        return customer_link_unit(
            actor=request.user, customer=parent, unit=data["unit"], role=data["role"]
        )


class VehicleInline(ReadOnlyInline):
    model = Vehicle
    fields = ("plate", "model_name")


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ("plate", "model_name")

    def clean_plate(self) -> str:
        plate = normalize_plate(self.cleaned_data.get("plate", ""))
        if not plate:
            raise forms.ValidationError(_("Enter a plate number."))
        return plate


class VehicleAddInline(AddOnlyInline):
    model = Vehicle
    form = VehicleForm
    fields = ("plate", "model_name")
    verbose_name_plural = _("add a vehicle")

    def add_through_service(self, request: HttpRequest, parent: Customer, data: dict) -> Vehicle:
        return vehicle_add(
            actor=request.user,
            customer=parent,
            plate=data["plate"],
            model_name=data.get("model_name", ""),
        )


class ContactInline(ReadOnlyInline):
    model = Contact
    site_lookup = "customer__site"
    fields = ("name", "phone", "relation")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "phone", "relation")

    def clean_phone(self) -> str:
        return _phone_field_value(self.cleaned_data.get("phone", ""))


class ContactAddInline(AddOnlyInline):
    model = Contact
    form = ContactForm
    site_lookup = "customer__site"
    fields = ("name", "phone", "relation")
    verbose_name_plural = _("add a contact")

    def add_through_service(self, request: HttpRequest, parent: Customer, data: dict) -> Contact:
        return contact_add(
            actor=request.user,
            customer=parent,
            name=data["name"],
            phone=data.get("phone", ""),
            relation=data.get("relation", ""),
        )


@admin.register(Customer)
class CustomerAdmin(ServiceAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    form = CustomerForm
    list_display = ("name", "kind", "phone", "company", "site")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter), "kind")
    list_select_related = ("site",)
    search_fields = ("name", "phone_digits", "company", "vehicles__plate")
    inlines = [
        OccupancyInline,
        OccupancyAddInline,
        VehicleInline,
        VehicleAddInline,
        ContactInline,
        ContactAddInline,
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = ("site", *CUSTOMER_FIELDS)
        return (*fields, "history") if obj is not None else fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "history") if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("history"))
    def history(self, obj: Customer) -> str:
        return audit_timeline_html(obj)

    def save_model(self, request: HttpRequest, obj: Customer, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in CUSTOMER_FIELDS if k in form.cleaned_data}
        if change:
            changed = {k: v for k, v in data.items() if k in form.changed_data}
            customer_update(actor=request.user, customer=obj, **changed)
            return
        customer = customer_create(actor=request.user, site=form.cleaned_data["site"], **data)
        obj.pk, obj.phone_digits = customer.pk, customer.phone_digits
        obj._state.adding = False


class OccupantInline(ReadOnlyInline):
    model = UnitOccupancy
    site_lookup = "unit__site"
    fields = ("customer", "role")
    verbose_name_plural = _("customers")


@admin.register(Unit)
class UnitAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "building", "number", "area_m2", "site")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter), "building")
    list_select_related = ("site",)
    search_fields = ("building", "number")
    inlines = [OccupantInline]


@admin.register(Vehicle)
class VehicleAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("plate", "model_name", "customer", "site")
    list_filter = (("site", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("site", "customer")
    search_fields = ("plate", "customer__name")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.ModelAdmin):
    site_lookup = "customer__site"
    list_display = ("name", "phone", "relation", "customer")
    list_select_related = ("customer",)
    search_fields = ("name", "phone", "customer__name")
