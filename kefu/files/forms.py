"""Forms of the customer-file pages; they only validate, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.files.models import (
    AccessKind,
    CallDirection,
    CreditRating,
    FileStatus,
    FindingKind,
    ItemDefect,
)


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
    kind = forms.ChoiceField(
        label=_("For"), choices=AccessKind.choices, initial=AccessKind.READ, required=False
    )
    recipient = forms.CharField(
        label=_("Third party (for a disclosure)"), max_length=200, required=False
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    applicant_profile = forms.CharField(
        label=_("About the applicant (unit, post)"), max_length=200, required=False
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or AccessKind.READ


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


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[(AccessKind.EXPORT, _("Copy or export")), (AccessKind.DISCLOSE, _("Disclose"))],
    )


class RecordingFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, customer or request"), required=False, max_length=50)
    extracted = forms.BooleanField(label=_("Extracted only"), required=False)


class RecordingForm(forms.Form):
    site = forms.ChoiceField(label=_("Site"))
    called_at = forms.DateTimeField(
        label=_("Call time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=CallDirection.choices)
    request_number = forms.CharField(label=_("Request number"), max_length=32, required=False)
    audio = forms.FileField(label=_("Recording (WAV, MP3, AMR, OGG, M4A)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.name) for s in sites]


class ExtractionForm(forms.Form):
    reason = forms.CharField(label=_("Why (the special case)"), max_length=200)
    location = forms.CharField(label=_("Where the copy is kept"), max_length=200)


class InspectionForm(forms.Form):
    """An inspection with up to ``FINDING_ROWS`` findings (blank rows are ignored)."""

    FINDING_ROWS = 3

    site = forms.ChoiceField(label=_("Site"))
    inspected_on = forms.DateField(
        label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.CharField(label=_("What was inspected"), max_length=200, required=False)
    environment_ok = forms.BooleanField(
        label=_("Storage dry and free of mould"), required=False, initial=True
    )
    note = forms.CharField(
        label=_("Written record"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.name) for s in sites]
        for i in range(self.FINDING_ROWS):
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Finding"), required=False, choices=[("", "—"), *FindingKind.choices]
            )
            self.fields[f"location_{i}"] = forms.CharField(
                label=_("Cabinet or position"), max_length=100, required=False
            )
            self.fields[f"description_{i}"] = forms.CharField(
                label=_("Description"), max_length=200, required=False
            )
            self.fields[f"repair_{i}"] = forms.CharField(
                label=_("Repaired on the spot"), max_length=200, required=False
            )

    def finding_rows(self) -> list[dict]:
        """The filled finding rows as dicts of kind, location, description, repair."""
        rows = []
        for i in range(self.FINDING_ROWS):
            row = {k: self.cleaned_data.get(f"{k}_{i}", "") for k in FINDING_KEYS}
            if any(row.values()):
                rows.append(row)
        return rows

    def finding_fields(self) -> list[list]:
        return [[self[f"{k}_{i}"] for k in FINDING_KEYS] for i in range(self.FINDING_ROWS)]


FINDING_KEYS = ("kind", "location", "description", "repair")


class RepairForm(forms.Form):
    repair = forms.CharField(label=_("Repair"), max_length=200)
    repaired_on = forms.DateField(
        label=_("Repaired on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class GradeForm(forms.Form):
    grade = forms.CharField(label=_("Grade"), max_length=1)
    annual_value = forms.DecimalField(
        label=_("Annual value (yuan)"), min_value=0, max_value=99_999_999, decimal_places=2
    )
    credit_rating = forms.ChoiceField(label=_("Credit rating"), choices=CreditRating.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReviewWindowForm(forms.Form):
    within = forms.TypedChoiceField(
        label=_("Due within"),
        coerce=int,
        required=False,
        choices=[(30, _("30 days")), (120, _("120 days")), (365, _("a year"))],
    )
