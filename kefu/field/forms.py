"""Forms of the field pages: they validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.field.models import FeeItem, OrderKind, OrderUrgency, SwapKind


class OrderCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrderKind.choices)
    customer = forms.IntegerField(label=_("Customer (id)"))
    address = forms.CharField(label=_("Exact address"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Contact"), max_length=32, required=False)
    product_model = forms.CharField(label=_("Product model"), max_length=100, required=False)
    purchase_date = forms.DateField(
        label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    problem = forms.CharField(
        label=_("Problem and fault symptom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plate_number = forms.CharField(label=_("Plate number"), max_length=16, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=OrderUrgency.choices)
    scheduled_at = forms.DateTimeField(
        label=_("Scheduled time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class DispatchForm(forms.Form):
    technician = forms.IntegerField(label=_("Technician"))
    scheduled_at = forms.DateTimeField(
        label=_("Scheduled time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class WorkForm(forms.Form):
    work_done = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 4}))


class PartForm(forms.Form):
    fee_item = forms.ModelChoiceField(
        label=_("Part"), queryset=FeeItem.objects.none(), required=False
    )
    name = forms.CharField(label=_("Other part"), max_length=100, required=False)
    unit_price = forms.DecimalField(label=_("Unit price"), required=False, min_value=0)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_item"].queryset = FeeItem.objects.filter(site=site, is_active=True)


class SwapForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SwapKind.choices)
    old_number = forms.CharField(label=_("Old number"), max_length=40)
    new_number = forms.CharField(label=_("New number"), max_length=40)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class CompleteForm(forms.Form):
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_by = forms.CharField(label=_("Customer's name"), max_length=100, required=False)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=50, required=False)
    cash_collected = forms.DecimalField(label=_("Cash collected"), required=False, min_value=0)


class PatrolPlanForm(forms.Form):
    customer = forms.IntegerField(label=_("Customer (id)"))
    address = forms.CharField(label=_("Address"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
