"""Partner pages: the list, the partner, the visit schedule with the ranking (seed 000 篇七).

Grades appear only for roles holding ``accounts.view_grade`` (L367): for anyone
else the templates receive no grade at all.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts import partner_rules as pr
from kefu.accounts import selectors, services
from kefu.accounts.models import GradeChange, PartnerSnapshot
from kefu.accounts.views.credit import _invalid


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=gettext_lazy("Visited on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    visitors = forms.CharField(label=gettext_lazy("Visitors"), max_length=200)
    senior_management = forms.BooleanField(
        label=gettext_lazy("Senior management took part"), required=False
    )
    next_moves = forms.CharField(
        label=gettext_lazy("Next moves (下一步动态)"), required=False, max_length=2000
    )
    reputation = forms.CharField(label=gettext_lazy("Reputation"), required=False, max_length=2000)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


def _graded(user, partners) -> set[int]:
    return {s.pk for s in {p.site for p in partners} if selectors.may_see_grade(user, s)}


@login_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = list(selectors.partner_list_for(request.user)[:500])
    graded = _graded(request.user, partners)
    rows = [(p, p.grade if p.site_id in graded else None) for p in partners]
    return render(
        request,
        "accounts/partner_list.html",
        {"rows": rows, "show_grade": bool(graded)},
    )


@login_required
@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.access_partner(request.user, pk)
    show_grade = selectors.may_see_grade(request.user, partner.site)
    context = {
        "partner": partner,
        "grade": partner.grade if show_grade else None,
        "show_grade": show_grade,
        "form_missing": pr.missing_form_items({t: getattr(partner, t) for t in pr.FORM_FIELDS}),
        "visits": partner.visits.select_related("recorded_by")[:20],
        "checks": partner.onsite_checks.select_related("checked_by")[:5],
        "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}),
        "changes": GradeChange.objects.filter(partner=partner) if show_grade else [],
        "snapshots": PartnerSnapshot.objects.filter(partner=partner) if show_grade else [],
    }
    return render(request, "accounts/partner_detail.html", context)


@login_required
@require_POST
def partner_visit_view(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.access_partner(request.user, pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    c = form.cleaned_data
    updates = {k: c[k] for k in ("next_moves", "reputation") if c.get(k)}
    services.partner_visit_record(
        actor=request.user,
        partner=partner,
        visited_on=c["visited_on"],
        visitors=c["visitors"],
        senior_management=c["senior_management"],
        updates=updates,
        note=c.get("note") or "",
    )
    messages.success(request, _("The visit was recorded and the partner's data updated."))
    return redirect("accounts:partner_detail", pk=partner.pk)


@login_required
@require_POST
def grade_change_decide_view(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.access_grade_change(request.user, change_id)
    services.grade_change_decide(
        actor=request.user,
        change=change,
        approve=request.POST.get("approve") == "1",
        now=timezone.now(),
    )
    messages.success(request, _("Your decision was recorded."))
    return redirect("accounts:partner_detail", pk=change.partner_id)


@login_required
@require_GET
def partner_schedule(request: HttpRequest) -> HttpResponse:
    """Due and overdue visits (L369–371) and the ranking (L383)."""
    return render(
        request,
        "accounts/partner_schedule.html",
        {
            "due": selectors.partner_visits_due(request.user, today=timezone.localdate()),
            "ranking": selectors.partner_ranking(request.user),
        },
    )
