"""Forms of the visits pages. They parse and validate input; services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.org.models import Position, Site, User
from kefu.org.selectors import site_list_for, users_at_site
from kefu.visits.models import ActionStatus, VisitReason
from kefu.visits.rules import Scale
from kefu.visits.selectors import VisitFilters

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BUCKETS = [
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("today", _("Due today")),
    ("upcoming", _("Upcoming")),
    ("not_reached", _("Not reached")),
    ("done", _("Done")),
    ("all", _("All")),
]


class VisitFilterForm(forms.Form):
    bucket = forms.ChoiceField(label=_("Show"), choices=BUCKETS, required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any reason")), *VisitReason.choices], required=False
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )
    mine = forms.BooleanField(label=_("Mine"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = site_list_for(user)

    def filters(self) -> VisitFilters:
        data = self.cleaned_data if self.is_valid() else {}
        site = data.get("site")
        return VisitFilters(
            bucket=data.get("bucket") or "open",
            site=site.pk if site else None,
            reason=data.get("reason") or "",
            mine=bool(data.get("mine")),
        )


class VisitRecordForm(forms.Form):
    """The result of one attempt: reached or not, satisfaction, comment, words."""

    reached = forms.TypedChoiceField(
        label=_("Reached the customer"),
        choices=[("yes", _("Reached")), ("no", _("Not reached"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), required=False, coerce=int, empty_value=None
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    customer_words = forms.CharField(
        label=_("The customer's own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"].choices = [("", "—"), *scale.choices()]


class VisitScheduleForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=VisitReason.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT)
    visitor = forms.ModelChoiceField(
        label=_("Visitor"), queryset=User.objects.none(), required=False, empty_label=_("Default")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visitor"].queryset = users_at_site(site)


class HandoverForm(forms.Form):
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DATE_INPUT)


class VisitAssignForm(forms.Form):
    visitor = forms.ModelChoiceField(
        label=_("Visitor"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    visitor_position = forms.ModelChoiceField(
        label=_("Visitor position"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visitor"].queryset = users_at_site(site)
        self.fields["visitor_position"].queryset = Position.objects.filter(site=site)


class VisitRescheduleForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class VisitCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CorrectiveActionForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=200)
    measure = forms.CharField(
        label=_("Corrective measure"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_at_site(site)


class CorrectiveActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    result = forms.CharField(label=_("Result"), required=False, max_length=2000)
