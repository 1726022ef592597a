"""The desk list: every request the user may see, filtered and paged."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from kefu.desk.forms import TicketFilterForm
from kefu.desk.selectors import (
    TicketFilters,
    ticket_list_counted,
    ticket_list_for,
    ticket_list_page,
)


class CappedPaginator(Paginator):
    """Counts at most ``LIST_COUNT_CAP`` requests (``ticket_list_counted``); past it
    the page says "more than 10,000" and offers the pages up to there. A search with
    few matches is counted and paged from one pass through the search indexes."""

    capped = False

    def __init__(self, object_list, per_page, filters: TicketFilters) -> None:
        super().__init__(object_list, per_page)
        self.filters = filters

    @cached_property
    def count(self) -> int:
        self.object_list, count, self.capped = ticket_list_counted(self.object_list, self.filters)
        return count


@login_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    """Filters come from the query string; htmx requests get only the results table."""
    form = TicketFilterForm(request.GET, user=request.user)
    form.is_valid()  # bad values are ignored (and named on the page), never a 500
    filters = form.filters()
    tickets = ticket_list_page(ticket_list_for(request.user, filters))
    paginator = CappedPaginator(tickets, settings.KEFU_PAGE_SIZE, filters)
    page = paginator.get_page(request.GET.get("page"))
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
