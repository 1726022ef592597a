"""The on-time rate report page (per site, department, month, clock) and its Excel export."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kefu.desk.sla_report import sla_ontime_report, sla_report_xlsx
from kefu.desk.views.ticket_detail import invalid_form
from kefu.org.selectors import access_site, site_list_for


class SlaReportForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    site = forms.ChoiceField(label=gettext_lazy("Site"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—")] + [
            (str(s.pk), s.name) for s in site_list_for(user)
        ]


def report_params(request: HttpRequest) -> tuple[SlaReportForm, date, int | None]:
    """Month (default: this month) and site; a site the user does not work at is 404."""
    site_id = None
    if request.GET.get("site"):
        site_id = access_site(request.user, request.GET["site"]).pk
    form = SlaReportForm(request.GET or None, user=request.user)
    month = timezone.localdate().replace(day=1)
    if request.GET and not form.is_valid():
        raise invalid_form(form)
    if form.is_bound and form.cleaned_data.get("month"):
        month = form.cleaned_data["month"]
    return form, month, site_id


def headers() -> list[str]:
    return [
        _("Site"),
        _("Department"),
        _("Clock"),
        _("Due"),
        _("Met"),
        _("Missed"),
        _("On-time rate %"),
        _("Average hours (pauses excluded)"),
    ]


@login_required
@require_GET
def sla_report(request: HttpRequest) -> HttpResponse:
    form, month, site_id = report_params(request)
    rows = sla_ontime_report(request.user, month=month, site_id=site_id)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            sla_report_xlsx(rows, month=month, headers=headers()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="sla-{month:%Y-%m}.xlsx"'
        return response
    return render(
        request,
        "desk/sla_report.html",
        {"form": form, "rows": rows, "month": month, "headers": headers()},
    )
