"""Forms of the notices pages (input validation only; rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Customer
from kefu.notices.models import Audience, DeliveryMethod, NoticeStatus, NoticeTemplate
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
