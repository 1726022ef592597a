"""Daily, weekly and monthly figures (《来人来电统计表》, seed 002 L380–384)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kefu.sales.selectors import commission_totals, penalties_for, period_bounds, statistics
from kefu.sales.views.common import current_site, site_context


@login_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    period = request.GET.get("period", "day")
    if period not in ("day", "week", "month"):
        period = "day"
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    start, end = period_bounds(period, day)
    rows, total = statistics(site, start, end)
    context = {
        **site_context(request, site),
        "period": period,
        "day": day,
        "start": start,
        "end": end,
        "rows": rows,
        "total": total,
        "commissions": commission_totals(site),
        "penalties": penalties_for(site)[:50],
    }
    return render(request, "sales/stats.html", context)
