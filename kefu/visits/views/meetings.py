"""Pages of tenant meetings and face-to-face coverage (seed 000 L39, L57, L63)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kefu.core.errors import InvalidInput
from kefu.customers.models import Customer
from kefu.org.models import Site
from kefu.org.selectors import access_site, site_list_for, user_site_ids
from kefu.visits import services
from kefu.visits.models import MeetingKind
from kefu.visits.selectors import access_meeting, coverage_for, meeting_list_for


class MeetingForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Meeting kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=gettext_lazy("Held on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=gettext_lazy("Meeting title"), max_length=200)
    topics = forms.CharField(
        label=gettext_lazy("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attendees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Tenants present"), queryset=Customer.objects.none(), required=False
    )
    suggestions = forms.CharField(
        label=gettext_lazy("Suggestions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = site_list_for(user)
        self.fields["attendees"].queryset = Customer.objects.filter(
            site_id__in=user_site_ids(user)
        ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
            raise InvalidInput(_("Check the entered values."), fields=fields)
        data = form.cleaned_data
        meeting = services.meeting_record(
            actor=request.user,
            site=data["site"],
            kind=data["kind"],
            held_on=data["held_on"],
            title=data["title"],
            topics=data["topics"],
            attendees=list(data["attendees"]),
            suggestions=[(None, line) for line in data["suggestions"].splitlines()],
        )
        messages.success(request, _("The meeting was recorded."))
        return redirect("visits:meeting_detail", pk=meeting.pk)
    meetings = meeting_list_for(request.user)[:100]
    return render(request, "visits/meeting_list.html", {"meetings": meetings, "form": form})


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    return render(
        request,
        "visits/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": meeting.attendance.select_related("customer"),
            "suggestions": meeting.suggestions.select_related("customer", "ticket"),
        },
    )


@login_required
@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    sites = list(site_list_for(request.user))
    site = access_site(request.user, request.GET.get("site") or (sites[0].pk if sites else None))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(
        request,
        "visits/coverage.html",
        {"site": site, "sites": sites, "year": year, "figures": coverage_for(site, year)},
    )
