"""Forms of the assessment pages; they only validate, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.assessment.models import LedgerKind, LedgerStatus, ScorecardItem
from kefu.org.selectors import users_at_site


class ScorecardFilterForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )  # fmt: skip
    site = forms.IntegerField(label=_("Site"), required=False, widget=forms.HiddenInput)


class RunForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )  # fmt: skip


class _ApprovedForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    approver = forms.ModelChoiceField(label=_("Approver"), queryset=None)

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = users_at_site(card.site)
        items = ScorecardItem.objects.filter(section__template=card.template).select_related(
            "section"
        )
        self.fields["item"].queryset = items.order_by("section__order", "order")


class EntryForm(_ApprovedForm):
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    points = forms.DecimalField(
        label=_("Points"), required=False, max_digits=6, decimal_places=2,
        help_text=_("Only for items with a range; otherwise the item's points apply."),
    )  # fmt: skip
    field_order = ["item", "points", "reason", "approver"]


class AdjustmentForm(_ApprovedForm):
    item = forms.ModelChoiceField(label=_("Item"), queryset=None, required=False)
    points = forms.DecimalField(
        label=_("Points (signed)"), max_digits=6, decimal_places=2,
        help_text=_("+2 gives two points back, −2 takes two away."),
    )  # fmt: skip
    field_order = ["points", "item", "reason", "approver"]


class LedgerFilterForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *LedgerStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *LedgerKind.choices]
    )
    rule = forms.CharField(label=_("Rule"), required=False, max_length=64)
    person = forms.IntegerField(label=_("Person"), required=False, widget=forms.HiddenInput)
    department = forms.IntegerField(label=_("Department"), required=False, widget=forms.HiddenInput)
    site = forms.IntegerField(label=_("Site"), required=False, widget=forms.HiddenInput)


class StatementForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )  # fmt: skip
    by = forms.ChoiceField(
        label=_("Per"),
        choices=[("person", _("Person")), ("department", _("Department"))],
        required=False,
    )
    site = forms.IntegerField(label=_("Site"), required=False, widget=forms.HiddenInput)


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Why you appeal"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Granted: waive the entry")), ("0", _("Not granted: the entry stands"))],
    )
    decision = forms.CharField(
        label=_("Written decision"), widget=forms.Textarea(attrs={"rows": 2})
    )
