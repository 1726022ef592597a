"""Forms of the report pages; they only validate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.reports.models import ReportPeriod


class KpiForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=ReportPeriod.choices, required=False, initial="monthly"
    )
    day = forms.DateField(
        label=_("Day in the period"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    site = forms.IntegerField(label=_("Site"), required=False)


class RecordsForm(KpiForm):
    metric = forms.CharField(max_length=40)
    dimension = forms.CharField(max_length=20, required=False)
    value = forms.IntegerField(required=False)
