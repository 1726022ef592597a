"""Forms of the sales pages; people are chosen among the site's own staff."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.org.models import Site
from kefu.sales.models import Channel, DepositKind, ReceptionKind
from kefu.sales.policies import AbsenceKind, MakeupReason, SplitRule
from kefu.sales.selectors import consultants_at


def _consultant_field(site: Site, label, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=consultants_at(site), label=label, required=required)


def yuan_to_fen(value: Decimal) -> int:
    return int((Decimal(value) * 100).to_integral_value())


class YuanField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(min_value=Decimal("0"), max_digits=14, decimal_places=2, **kwargs)


class RegisterForm(forms.Form):
    consultant = forms.ModelChoiceField(queryset=None, label=_("Consultant"))
    name = forms.CharField(label=_("Customer name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial="onsite")
    first_visit = forms.BooleanField(label=_("First visit"), required=False, initial=True)
    intent = forms.CharField(label=_("Intent (building, unit type, area)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_collision = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants_at(site)

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("id_number"):
            raise forms.ValidationError(_("Give a phone number or an ID number."))
        return data


class AbsenceForm(forms.Form):
    consultant = forms.ModelChoiceField(queryset=None, label=_("Consultant"))
    kind = forms.ChoiceField(label=_("Reason"), choices=list(AbsenceKind.LABELS.items()))

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants_at(site)


class FinishForm(forms.Form):
    kind = forms.ChoiceField(choices=ReceptionKind.choices, initial="valid")
    makeup_reason = forms.ChoiceField(
        choices=[("", "—"), *MakeupReason.LABELS.items()], required=False
    )


class DealForm(forms.Form):
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=20)
    unit = forms.CharField(label=_("Unit (房号)"), max_length=50)
    closer = forms.ModelChoiceField(queryset=None, label=_("Closer"))
    price = YuanField(label=_("Price (yuan)"), required=False)
    commission = YuanField(label=_("Commission (yuan)"))
    split_rule = forms.ChoiceField(label=_("Split"), choices=[])
    proxy_buyer = forms.BooleanField(label=_("Bought through a proxy"), required=False)

    def __init__(self, *args, site: Site, splits: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closer"].queryset = consultants_at(site)
        self.fields["split_rule"].choices = [(k, SplitRule.LABELS[k]) for k in splits]


class DepositForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DepositKind.choices)
    amount = YuanField(label=_("Amount (yuan)"))
    receipt_no = forms.CharField(label=_("Receipt number"), max_length=32)


class DisputeForm(forms.Form):
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=20)
    against = forms.ModelChoiceField(queryset=None, label=_("Against"), required=False)
    statement = forms.CharField(
        label=_("Written statement"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = consultants_at(site)


class DecideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(queryset=None, label=_("Owner"), required=False)
    split_rule = forms.ChoiceField(label=_("Split"), choices=[])
    other = forms.ModelChoiceField(queryset=None, label=_("Second consultant"), required=False)

    def __init__(self, *args, site: Site, splits: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = consultants_at(site)
        self.fields["other"].queryset = consultants_at(site)
        self.fields["split_rule"].choices = [(k, SplitRule.LABELS[k]) for k in splits]


def parse_yuan(text: str) -> int | None:
    try:
        return yuan_to_fen(Decimal(text))
    except (InvalidOperation, TypeError):
        return None
