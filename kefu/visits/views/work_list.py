"""The visitor's work list: overdue, due today, upcoming, not reached, done."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from kefu.visits.forms import BUCKETS, VisitFilterForm
from kefu.visits.selectors import visit_counts_for, visit_list_for


@login_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    """Filters come from the query string; htmx requests get only the results."""
    form = VisitFilterForm(request.GET, user=request.user)
    filters = form.filters()
    filters.today = timezone.localdate()
    visits = visit_list_for(request.user, filters)
    page = Paginator(visits, settings.KEFU_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "counts": visit_counts_for(request.user, filters),
        "buckets": BUCKETS,
        "today": filters.today,
    }
    partial = (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == "visit-results"
    )
    template = "visits/_visit_results.html" if partial else "visits/visit_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response
