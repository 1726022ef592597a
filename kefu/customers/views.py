"""Customer pages: search, a customer's file, and the hotline lookup used by intake."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from kefu.customers.forms import CustomerLookupForm, CustomerSearchForm
from kefu.customers.selectors import access_customer, customer_occupancies, customer_search
from kefu.desk.selectors import tickets_of_customer

LOOKUP_LIMIT = 8


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET, user=request.user)
    customers = customer_search(user=request.user, limit=None, **form.query())
    page = Paginator(customers, settings.KEFU_PAGE_SIZE).get_page(request.GET.get("page"))
    partial = (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == "customer-results"
    )
    template = "customers/_customer_results.html" if partial else "customers/customer_list.html"
    response = render(request, template, {"form": form, "page_obj": page})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = access_customer(request.user, pk)
    context = {
        "customer": customer,
        "occupancies": customer_occupancies(customer),
        "tickets": tickets_of_customer(request.user, customer.pk)[:50],
    }
    return render(request, "customers/customer_detail.html", context)


@login_required
@require_GET
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """Matching customers (with unit and plate) for what the clerk has typed so far."""
    form = CustomerLookupForm(request.GET, user=request.user)
    query = form.query()
    customers = []
    if len(query["q"].strip()) >= 2:
        customers = customer_search(user=request.user, limit=LOOKUP_LIMIT, **query)
    context = {"customers": customers, "q": query["q"]}
    return render(request, "customers/_lookup_results.html", context)


@login_required
@require_GET
def customer_lookup_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The picked caller: a hidden customer id for the intake form and who it is."""
    customer = access_customer(request.user, pk)
    context = {"customer": customer, "occupancies": customer_occupancies(customer)}
    return render(request, "customers/_lookup_pick.html", context)
