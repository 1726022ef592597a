"""Forms of the complaint pages: one per step; they only parse and validate.

Ids are resolved at the complaint's site (a foreign id is a form error).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.complaints.models import MajorTrigger, PartyKind, Satisfaction
from kefu.desk.models import Category, Channel
from kefu.org.models import Department, Position, Site
from kefu.org.selectors import users_at_site


class SiteForm(forms.Form):
    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self._queryset(field.queryset.model)

    def _queryset(self, model):
        if model is Category:
            return Category.objects.filter(
                site=self.site, request_type__code="complaint", is_active=True
            )
        if model is Channel:
            return Channel.objects.filter(site=self.site, is_active=True)
        if model is Position or model is Department:
            return model.objects.filter(site=self.site)
        return users_at_site(self.site)


def _user_field(label, required=False):
    from kefu.org.models import User

    return forms.ModelChoiceField(User.objects.none(), label=label, required=required)


class IntakeForm(SiteForm):
    channel = forms.ModelChoiceField(Channel.objects.none(), label=_("Channel"))
    category = forms.ModelChoiceField(Category.objects.none(), label=_("Category"))
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    content = forms.CharField(label=_("Complaint description"), widget=forms.Textarea)
    occurred_at = forms.DateTimeField(label=_("Time of the event"), required=False)
    occurred_place = forms.CharField(label=_("Place of the event"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Complainant"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    is_serious = forms.BooleanField(label=_("Serious complaint"), required=False)
    complained_about = _user_field(_("Person complained about"))
    answer = forms.CharField(
        label=_("Answered at once (closes the complaint)"), widget=forms.Textarea, required=False
    )
    answer_method = forms.CharField(label=_("Answer method"), max_length=50, required=False)


class AcceptForm(SiteForm):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept (受理)")), ("0", _("Do not accept (不受理)"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)
    category = forms.ModelChoiceField(Category.objects.none(), label=_("Category"), required=False)
    is_serious = forms.BooleanField(label=_("Serious complaint"), required=False)
    major_triggers = forms.MultipleChoiceField(
        label=_("Major-complaint triggers"), choices=MajorTrigger.choices, required=False
    )
    complained_about = _user_field(_("Person complained about"))


class TransferForm(SiteForm):
    position = forms.ModelChoiceField(
        Position.objects.none(), label=_("Transfer to position"), required=False
    )
    receiver = _user_field(_("Receiver"))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)


class DecideForm(SiteForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Return"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class SignForm(SiteForm):
    name = forms.CharField(label=_("Signature (name)"), max_length=100, required=False)


class MemoForm(SiteForm):
    facts = forms.CharField(label=_("On-site facts"), widget=forms.Textarea)
    repair_cost = forms.CharField(label=_("Repair cost budget (yuan)"))
    repair_deadline = forms.DateField(label=_("Repair deadline"), required=False)
    customer_confirmed = forms.BooleanField(
        label=_("Confirmed with the customer and countersigned"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kinds = self.data.getlist("share_kind")
        names = self.data.getlist("share_name")
        percents = self.data.getlist("share_percent")
        shares = []
        for kind, name, percent in zip(kinds, names, percents, strict=False):
            if not (name.strip() or percent.strip()):
                continue
            if kind not in PartyKind.values:
                raise forms.ValidationError(_("Choose the party of each share."))
            shares.append({"kind": kind, "name": name, "percent": percent})
        data["shares"] = shares
        return data


class DeliveryForm(SiteForm):
    delivered_on = forms.DateField(label=_("Delivered on"))


class OpinionForm(SiteForm):
    investigation = forms.CharField(label=_("Investigation"), widget=forms.Textarea)
    opinion = forms.CharField(label=_("Handling opinion"), widget=forms.Textarea)
    penalty_person = _user_field(_("Proposed penalty: person"))
    penalty_amount = forms.CharField(label=_("Proposed penalty (yuan)"), required=False)
    compensation_amount = forms.CharField(label=_("Compensation (yuan)"), required=False)


class ReplyForm(SiteForm):
    reply_content = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea)
    reply_method = forms.CharField(label=_("Reply method"), max_length=50)
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices)
    customer_words = forms.CharField(
        label=_("The customer's own words"), required=False, widget=forms.Textarea
    )


class VisitForm(SiteForm):
    satisfied = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Satisfied")), ("0", _("Not satisfied"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class NoteForm(SiteForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
