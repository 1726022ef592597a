"""Forms of the customer-file pages; they only validate, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.files.models import FileStatus, ItemDefect


class FileFilterForm(forms.Form):
    q = forms.CharField(label=_("File number, customer or plate"), required=False, max_length=50)
    kind = forms.CharField(label=_("File kind"), required=False, max_length=32)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *FileStatus.choices]
    )
    missing = forms.BooleanField(label=_("资料不齐 only"), required=False)


class ItemCheckForm(forms.Form):
    present = forms.BooleanField(label=_("Present"), required=False)
    defect = forms.ChoiceField(label=_("Defect"), required=False, choices=ItemDefect.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class HandoverForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    scan = forms.FileField(label=_("Scan (PDF, JPEG, PNG, TIFF)"))
    item = forms.IntegerField(label=_("Checklist item"), required=False, widget=forms.Select)


class AccessApplyForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    applicant_profile = forms.CharField(
        label=_("About the applicant (unit, post)"), max_length=200, required=False
    )


class AccessDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=3)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LoanForm(forms.Form):
    material = forms.CharField(label=_("Material"), max_length=200)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=99, initial=1)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    days = forms.IntegerField(label=_("Days (3 at most)"), min_value=1, max_value=3, initial=3)


class LoanDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LoanReturnForm(forms.Form):
    complete = forms.BooleanField(label=_("Returned complete"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ImportForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"))
    source = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.name) for s in sites]
