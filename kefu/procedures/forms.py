"""Forms of the procedure pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StartForm(forms.Form):
    template = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(label=_("unit"), required=False)
    subject = forms.CharField(label=_("subject"), max_length=200, required=False)


class ItemForm(forms.Form):
    value = forms.CharField(label=_("value"), max_length=200, required=False)


class MoneyForm(forms.Form):
    receipt_number = forms.CharField(label=_("receipt number"), max_length=50)
    amount = forms.DecimalField(label=_("amount (yuan)"), min_value=0, required=False)
    quantity = forms.DecimalField(label=_("quantity"), min_value=0, initial=1, required=False)
    fee = forms.IntegerField(label=_("fee schedule item"), required=False)


class RefundForm(forms.Form):
    receipt_number = forms.CharField(label=_("receipt number"), max_length=50)
    deposit = forms.IntegerField(label=pgettext_lazy("money", "Deposit"))


class StepForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)
