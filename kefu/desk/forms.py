"""Forms of the desk pages. They parse and validate input; services decide.

``TicketFilterForm`` turns the desk list's query string into ``TicketFilters``
(bad values are dropped, never a 500); ``TicketIntakeForm`` is the hotline's
fast intake; the action, comment and edit forms feed the detail page's services.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import KefuError
from kefu.core.widgets import ListedModelChoiceField, PlainSelect
from kefu.customers.models import Customer, CustomerKind
from kefu.customers.rules import normalize_phone
from kefu.customers.selectors import customer_search
from kefu.desk.models import Category, Channel, RequestType, Status, Ticket, Urgency
from kefu.desk.selectors import TicketFilters, desk_config_for, desk_filter_config_for
from kefu.org.models import Site, User
from kefu.org.selectors import site_list_for, users_at_site

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TicketFilterForm(forms.Form):
    """The desk list's filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    site = ListedModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("All sites"),
    )
    request_type = forms.ChoiceField(label=_("Request type"), required=False, widget=PlainSelect)
    category = ListedModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    channel = ListedModelChoiceField(
        label=_("Channel"),
        queryset=Channel.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    assignee = ListedModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Received until"), required=False, widget=DATE_INPUT)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    open_only = forms.BooleanField(label=_("Open only"), required=False)
    sla = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Any")), ("overdue", _("Overdue")), ("due_soon", _("Due within an hour"))],
        widget=PlainSelect,
    )

    ADVANCED = ("site", "request_type", "category", "channel", "assignee", "date_from", "date_to")

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        config = desk_filter_config_for(user)
        several = len(config["sites"]) > 1
        self.fields["site"].queryset = config["sites"]
        types: dict[str, str] = {}
        for request_type in config["request_types"]:
            types.setdefault(request_type.code, request_type.name)
        self.fields["request_type"].choices = [("", _("All")), *types.items()]
        categories = self.fields["category"]
        categories.queryset = config["categories"]
        categories.label_from_instance = lambda c: _label(
            f"{c.request_type.name} · {c.name}", c.site, several
        )
        channels = self.fields["channel"]
        channels.queryset = config["channels"]
        channels.label_from_instance = lambda c: _label(c.name, c.site, several)
        self.fields["assignee"].queryset = config["assignees"]

    def filters(self) -> TicketFilters:
        """The filters that were understood; call after ``is_valid()``."""
        data = getattr(self, "cleaned_data", {})

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) else None

        return TicketFilters(
            q=data.get("q") or "",
            site=pk("site"),
            status=list(data.get("status") or []),
            request_type=data.get("request_type") or "",
            category=pk("category"),
            channel=pk("channel"),
            assignee=pk("assignee"),
            mine=bool(data.get("mine")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            open_only=bool(data.get("open_only")),
            sla=data.get("sla") or "",
        )

    def ignored(self) -> list[str]:
        """Labels of the filters whose values could not be understood."""
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]

    def advanced_in_use(self) -> bool:
        return any(self.data.get(name) for name in self.ADVANCED)


def _label(name: str, site: Site, several_sites: bool) -> str:
    return f"{name} ({site.name})" if several_sites else name


def _phone(value: str) -> str:
    """A phone in canonical form; the rule's own error becomes the field's error."""
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except KefuError as exc:
        raise forms.ValidationError(str(exc.message), code=exc.code) from None


class TicketIntakeForm(forms.Form):
    """The hotline's fast intake: caller, request, and optionally a new customer."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    contact_phone = forms.CharField(label=_("Caller phone"), required=False, max_length=20)
    contact_name = forms.CharField(label=_("Caller name"), required=False, max_length=100)
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.none(), required=False, widget=forms.HiddenInput
    )
    new_customer = forms.BooleanField(label=_("New customer"), required=False)
    new_name = forms.CharField(label=_("Name"), required=False, max_length=100)
    new_kind = forms.ChoiceField(
        label=_("Kind"), choices=CustomerKind.choices, initial=CustomerKind.TENANT, required=False
    )
    new_phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    new_building = forms.CharField(label=_("Building"), required=False, max_length=50)
    new_unit_number = forms.CharField(label=_("Unit number"), required=False, max_length=50)
    request_type = forms.ModelChoiceField(
        label=_("Request type"), queryset=RequestType.objects.none(), empty_label=None
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), empty_label=None
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL, required=False
    )
    is_serious = forms.BooleanField(label=_("Serious"), required=False)
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    occurred_at = forms.DateTimeField(
        label=_("Time of the event"), required=False, widget=DATETIME_INPUT
    )
    occurred_place = forms.CharField(label=_("Place of the event"), required=False, max_length=200)
    recording_ref = forms.CharField(label=_("Call recording"), required=False, max_length=200)

    def __init__(self, data: Any = None, *, user: User, site: Site, types: list[RequestType]):
        super().__init__(data, initial={"site": site})
        self.intake_site = site
        config = desk_config_for(site)
        self.fields["site"].queryset = site_list_for(user)
        self.fields["customer"].queryset = customer_search(user=user, site=site, limit=None)
        self.fields["request_type"].queryset = RequestType.objects.filter(
            pk__in=[t.pk for t in types]
        )
        self.fields["category"].queryset = config["categories"]
        self.fields["channel"].queryset = config["channels"]
        self.types = types
        self.categories = list(config["categories"])
        if types:
            self.fields["request_type"].initial = types[0].pk
        first_channel = config["channels"].first()
        self.fields["channel"].initial = first_channel.pk if first_channel else None

    def clean_contact_phone(self) -> str:
        return _phone(self.cleaned_data["contact_phone"])

    def clean_new_phone(self) -> str:
        return _phone(self.cleaned_data["new_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_customer"):
            if data.get("customer"):
                self.add_error("customer", _("Pick an existing customer or enter a new one."))
            if not (data.get("new_name") or "").strip():
                self.add_error("new_name", _("Enter the customer's name."))
            if bool(data.get("new_building")) != bool(data.get("new_unit_number")):
                self.add_error("new_unit_number", _("Enter both the building and the unit."))
        return data

    def picked_customer(self) -> Customer | None:
        """The caller picked from the lookup, to show again when the form comes back."""
        if not self.is_bound or self.cleaned_data.get("new_customer"):
            return None
        return self.cleaned_data.get("customer")

    def selected_type(self) -> RequestType | None:
        value = str(self["request_type"].value() or "")
        return next((t for t in self.types if str(t.pk) == value), None)

    def category_groups(self) -> list[tuple[RequestType, list[Category]]]:
        """Each registrable type with its categories (each shows where it is routed)."""
        return [(t, [c for c in self.categories if c.request_type_id == t.pk]) for t in self.types]

    def ticket_kwargs(self) -> dict[str, Any]:
        """Arguments for ``ticket_register``; call after ``is_valid()``."""
        data = self.cleaned_data
        names = ["request_type", "channel", "subject", "content", "category", "contact_name"]
        names += ["contact_phone", "occurred_at", "occurred_place", "urgency", "is_serious"]
        kwargs = {name: data[name] for name in [*names, "recording_ref"]}
        kwargs["urgency"] = kwargs["urgency"] or Urgency.NORMAL
        if not data.get("new_customer"):
            kwargs["customer"] = data.get("customer")
        return kwargs

    def customer_kwargs(self) -> dict[str, Any] | None:
        """Arguments for ``ticket_register_with_new_customer``, or None for a known caller."""
        data = self.cleaned_data
        if not data.get("new_customer"):
            return None
        return {
            "customer_data": {
                "kind": data["new_kind"] or CustomerKind.TENANT,
                "name": data["new_name"],
                "phone": data["new_phone"] or data["contact_phone"],
            },
            "building": data["new_building"],
            "unit_number": data["new_unit_number"],
        }


# Field names a service reports → the intake form's fields.
INTAKE_FIELD_ALIASES = {"name": "new_name", "phone": "new_phone", "kind": "new_kind"}


def add_service_error(form: forms.Form, exc: KefuError, aliases: dict[str, str]) -> None:
    """Show a service's coded error on the form: on its fields, else on the form."""
    placed = False
    for name, messages in exc.fields.items():
        field = aliases.get(name, name)
        if field in form.fields:
            for message in messages:
                text = str(exc.message) if message in ("?", "") else str(message)
                form.add_error(field, text)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class TicketActionForm(forms.Form):
    """Input of one transition: reason, note, assignee, or the reply."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )
    reply_content = forms.CharField(
        label=_("Reply to the customer"), required=False, widget=forms.Textarea
    )
    reply_method = forms.CharField(label=_("Reply method"), required=False, max_length=50)
    result = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea)

    def __init__(self, data: Any = None, *, site: Site, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["assignee"].queryset = users_at_site(site)


class TicketCommentForm(forms.Form):
    note = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TicketEditForm(forms.Form):
    """Correct a request's details (``ticket_update``)."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    is_serious = forms.BooleanField(label=_("Serious"), required=False)
    occurred_at = forms.DateTimeField(
        label=_("Time of the event"), required=False, widget=DATETIME_INPUT
    )
    occurred_place = forms.CharField(label=_("Place of the event"), required=False, max_length=200)
    recording_ref = forms.CharField(label=_("Call recording"), required=False, max_length=200)

    def __init__(self, data: Any = None, *, ticket: Ticket) -> None:
        initial = {name: getattr(ticket, name) for name in self.base_fields}
        super().__init__(data, initial=initial, auto_id="edit_%s")
        categories = desk_config_for(ticket.site)["categories"]
        self.fields["category"].queryset = categories.filter(request_type=ticket.request_type)
