"""Forms of the notices pages (input validation only; rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Customer
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    GreetingOccasion,
    NoticeStatus,
    NoticeTemplate,
)
from kefu.org.models import Site, User


class NoticeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *NoticeStatus.choices]
    )


class NoticeDraftForm(forms.Form):
    """Draft a notice at one of the user's sites."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=NoticeTemplate.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Audience.choices)
    building = forms.CharField(label=_("Building"), max_length=50, required=False)
    customers = forms.ModelMultipleChoiceField(
        label=_("Chosen tenants"), queryset=Customer.objects.none(), required=False
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=DeliveryMethod.choices)
    deliverer = forms.ModelChoiceField(
        label=_("Designated deliverer"), queryset=User.objects.none(), required=False
    )
    is_major = forms.BooleanField(label=_("Major notice"), required=False)
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, sites, templates, customers, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["template"].queryset = templates
        self.fields["customers"].queryset = customers
        self.fields["deliverer"].queryset = users


class PaperSignOffForm(forms.Form):
    signer_name = forms.CharField(label=_("Signed by"), max_length=100)
    signed_copy = forms.FileField(label=_("Scanned signed copy"))


class InspectionForm(forms.Form):
    """The fire-safety inspection as a form: one finding per tenant (seed 000 L43)."""

    inspected_on = forms.DateField(
        label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for recipient in recipients:
            name = f"finding_{recipient.customer_id}"
            self.fields[name] = forms.CharField(
                label=f"{recipient.customer.name} {recipient.unit or ''}".strip(),
                required=False,
                max_length=2000,
            )
            self.rows.append((recipient.customer, name))

    def findings(self) -> list[tuple[Customer, str]]:
        return [(c, self.cleaned_data.get(name) or "") for c, name in self.rows]

    def finding_fields(self):
        return [self[name] for _customer, name in self.rows]


class FindingRectifiedForm(forms.Form):
    note = forms.CharField(label=_("Re-inspection note"), required=False, max_length=2000)


class RectificationFilterForm(forms.Form):
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class GreetingForm(forms.Form):
    """Schedule a greeting, a weather alert or one customer's birthday greeting."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    occasion = forms.ChoiceField(label=_("Occasion"), choices=GreetingOccasion.choices)
    holiday_on = forms.DateField(
        label=_("Holiday starts / birthday"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    send_on = forms.DateField(
        label=_("Send on (weather alerts)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=DeliveryMethod.choices[1:])
    customer = forms.ModelChoiceField(
        label=_("Only this customer"), queryset=Customer.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Text"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sites, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["customer"].queryset = customers


class HandOutForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers


class ReceiptFilterForm(forms.Form):
    building = forms.CharField(label=_("Building"), required=False, max_length=50)
