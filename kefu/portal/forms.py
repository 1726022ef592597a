"""Forms of the desk's online-channel pages (seed 000 §3.10): register, draft, review."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.desk.forms import DATETIME_INPUT
from kefu.desk.models import Category, RequestType
from kefu.org.models import Site
from kefu.portal.models import OnlineSource


class SiteChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.site.name} · {obj.name}"


class OnlineItemForm(forms.Form):
    """An item seen on the website, forum or Weibo, to register as a desk request."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    source = forms.ChoiceField(label=_("Source"), choices=OnlineSource.choices)
    url = forms.CharField(
        label=_("Link to the post"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    request_type = SiteChoice(
        label=_("Request type"), queryset=RequestType.objects.none(), empty_label=None
    )
    category = SiteChoice(label=_("Category"), queryset=Category.objects.none(), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    content = forms.CharField(
        label=_("What was raised"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    contact_name = forms.CharField(
        label=_("Poster (name or account)"), max_length=100, required=False
    )
    occurred_at = forms.DateTimeField(
        label=_("Time of the event"), required=False, widget=DATETIME_INPUT
    )
    occurred_place = forms.CharField(label=_("Place of the event"), max_length=200, required=False)

    def __init__(self, data: Any = None, *, sites: list[Site]):
        super().__init__(data)
        site_ids = [s.pk for s in sites]
        self.fields["site"].queryset = Site.objects.filter(pk__in=site_ids).order_by("name")
        self.fields["request_type"].queryset = RequestType.objects.filter(
            site_id__in=site_ids
        ).select_related("site")
        self.fields["category"].queryset = Category.objects.filter(
            site_id__in=site_ids, is_active=True
        ).select_related("site", "request_type")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        site = data.get("site")
        for name in ("request_type", "category"):
            value = data.get(name)
            if site is not None and value is not None and value.site_id != site.pk:
                self.add_error(name, _("Choose one of the site's own."))
        category, kind = data.get("category"), data.get("request_type")
        if category is not None and kind is not None and category.request_type_id != kind.pk:
            self.add_error("category", _("Choose a category of the request type."))
        return data

    def register_kwargs(self) -> dict[str, Any]:
        """Arguments for ``online_item_register``; call after ``is_valid()``."""
        names = ["site", "source", "url", "request_type", "category", "subject", "content"]
        names += ["contact_name", "occurred_at", "occurred_place"]
        return {name: self.cleaned_data[name] for name in names}


class OnlineDraftForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )


class OnlineReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve for publishing")), ("return", _("Return for changes"))],
    )
    note = forms.CharField(
        label=_("Note (needed when returning)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
