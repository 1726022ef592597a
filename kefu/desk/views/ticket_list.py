"""The desk list: every request the user may see, filtered and paged."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from kefu.desk.forms import TicketFilterForm
from kefu.desk.selectors import ticket_list_for


@login_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    """Filters come from the query string; htmx requests get only the results table."""
    form = TicketFilterForm(request.GET, user=request.user)
    form.is_valid()  # bad values are ignored (and named on the page), never a 500
    tickets = ticket_list_for(request.user, form.filters())
    page = Paginator(tickets, settings.KEFU_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "ignored": form.ignored()}
    partial = (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == "ticket-results"
    )
    template = "desk/_ticket_results.html" if partial else "desk/ticket_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response
