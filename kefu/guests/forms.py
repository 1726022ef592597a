"""Forms of the reception pages: one per step, each maps to one service's arguments."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Customer
from kefu.guests.models import BookingChannel, GuestClass, PrepItem, UrgingKind
from kefu.org.models import Department, Site, User
from kefu.org.selectors import users_at_site

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SiteForm(forms.Form):
    """A step form bound to the visit's site (choices limited to that site)."""

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class BookForm(SiteForm):
    guest_name = forms.CharField(label=_("guest"), max_length=100)
    company = forms.CharField(label=_("company"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("contact email"), required=False)
    purpose = forms.CharField(label=_("purpose"), max_length=300)
    channel = forms.ChoiceField(label=_("booked by"), choices=BookingChannel.choices)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DT)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DT)
    place = forms.CharField(label=_("place / room"), max_length=100)
    headcount = forms.IntegerField(label=_("headcount"), min_value=1, max_value=500)
    guest_class = forms.ModelChoiceField(label=_("guest class"), queryset=GuestClass.objects.none())
    host = forms.ModelChoiceField(label=_("host"), queryset=User.objects.none(), required=False)
    customer = forms.ModelChoiceField(
        label=_("customer"), queryset=Customer.objects.none(), required=False
    )
    agenda = forms.CharField(
        label=_("agenda"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    bring_documents = forms.CharField(label=_("documents to bring"), required=False)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, site=site, **kwargs)
        self.fields["guest_class"].queryset = GuestClass.objects.filter(site=site)
        self.fields["host"].queryset = users_at_site(site)
        self.fields["customer"].queryset = Customer.objects.filter(site=site)


class NoteForm(SiteForm):
    note = forms.CharField(label=_("note"), required=False, max_length=500)


class EmptyForm(SiteForm):
    pass


class ChangeForm(SiteForm):
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DT, required=False)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DT, required=False)
    place = forms.CharField(label=_("place / room"), max_length=100, required=False)
    headcount = forms.IntegerField(label=_("headcount"), min_value=1, required=False)
    customer_consented = forms.BooleanField(label=_("the customer agreed"), required=False)
    consent_note = forms.CharField(label=_("how the customer agreed"), required=False)

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {
            k: data[k] for k in ("starts_at", "ends_at", "place", "headcount") if data.get(k)
        }
        return {
            "changes": changes,
            "customer_consented": data["customer_consented"],
            "consent_note": data["consent_note"],
        }


class PrepForm(SiteForm):
    item = forms.ChoiceField(label=_("item"), choices=PrepItem.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=200)


class SpendForm(SiteForm):
    total = forms.DecimalField(label=_("spend (yuan)"), min_value=0, decimal_places=2)


class DecideForm(SiteForm):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("note"), required=False)


class GiftForm(SiteForm):
    description = forms.CharField(label=_("gift"), max_length=200)
    value = forms.DecimalField(label=_("value (yuan)"), min_value=0, decimal_places=2)
    received = forms.BooleanField(label=_("received from the guest"), required=False)
    important = forms.BooleanField(label=_("important"), required=False)


class ReceiveForm(SiteForm):
    met_by = forms.CharField(label=_("who met the guests"), max_length=200)
    needs_heard = forms.CharField(
        label=_("needs heard"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    content = forms.CharField(
        label=_("main content"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DepartForm(SiteForm):
    next_contact_at = forms.DateTimeField(label=_("next contact"), widget=DT)
    next_contact_method = forms.CharField(label=_("next contact method"), max_length=100)


class CloseForm(SiteForm):
    satisfaction = forms.IntegerField(label=_("satisfaction (1–5)"), min_value=1, max_value=5)
    note = forms.CharField(label=_("satisfaction note"), required=False)


class CancelForm(SiteForm):
    reason = forms.CharField(label=_("reason"), max_length=200)


class HandForm(SiteForm):
    kind = forms.ChoiceField(label=_("kind"), choices=UrgingKind.choices)
    content = forms.CharField(label=_("need or problem"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(
        label=_("responsible department"), queryset=Department.objects.none()
    )
    working_days = forms.IntegerField(
        label=_("deadline (working days)"), min_value=0, max_value=366, required=False
    )

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, site=site, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(site=site)


class ProgressForm(SiteForm):
    note = forms.CharField(label=_("progress"), max_length=500)


class ResolveForm(SiteForm):
    solution = forms.CharField(label=_("solution"), max_length=500)


class FeedbackForm(SiteForm):
    feedback = forms.CharField(label=_("feedback to the customer"), max_length=500)


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
