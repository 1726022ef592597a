"""Forms of the customer pages: the search box and the hotline lookup."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.org.models import Site, User
from kefu.org.selectors import site_list_for


class CustomerSearchForm(forms.Form):
    """Name, any part of a phone, a unit (``3-1502``) or a plate; optionally one site."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        self.fields["site"].queryset = site_list_for(user)

    def query(self) -> dict[str, Any]:
        """``q`` and ``site`` for ``customer_search``; bad values are dropped."""
        self.is_valid()  # fields with bad values are simply left out of cleaned_data
        data = self.cleaned_data
        return {"q": data.get("q") or "", "site": data.get("site")}


class CustomerLookupForm(CustomerSearchForm):
    """The intake's lookup; its phone field is sent as ``contact_phone``."""

    contact_phone = forms.CharField(required=False, max_length=100)

    def query(self) -> dict[str, Any]:
        query = super().query()
        if not query["q"]:
            query["q"] = self.cleaned_data.get("contact_phone") or ""
        return query
