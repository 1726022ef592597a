"""Forms of the accounts pages. Amounts are typed in yuan and passed on in fen."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.accounts.models import EntryKind


def fen(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * 100)


class YuanField(forms.DecimalField):
    def __init__(self, **kw):
        kw.setdefault("max_digits", 14)
        kw.setdefault("decimal_places", 2)
        kw.setdefault("min_value", Decimal("0.01"))
        super().__init__(**kw)


class ShipmentForm(forms.Form):
    amount = YuanField(label=_("Amount (yuan)"))
    invoice_date = forms.DateField(
        label=_("Invoicing date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    prepaid = YuanField(label=_("Paid in advance (yuan)"), required=False, min_value=Decimal(0))
    recovery_plan = forms.CharField(
        label=_("Recovery plan (货款回笼计划)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        return {
            "amount_fen": fen(c["amount"]),
            "invoice_date": c["invoice_date"],
            "prepaid_fen": fen(c.get("prepaid")),
            "recovery_plan": c.get("recovery_plan") or "",
        }


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Shipment or payment"), choices=EntryKind.choices)
    occurred_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount = YuanField(label=_("Amount (yuan)"))
    reference = forms.CharField(label=_("Reference"), max_length=64, required=False)

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        return {
            "kind": c["kind"],
            "occurred_on": c["occurred_on"],
            "amount_fen": fen(c["amount"]),
            "reference": c.get("reference") or "",
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Finance workbook (.xlsx)"))


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
