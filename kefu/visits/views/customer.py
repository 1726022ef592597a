"""A customer's visit history, with forms to schedule a visit or the hand-over visits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.customers.models import UnitOccupancy
from kefu.customers.selectors import access_customer
from kefu.visits import services
from kefu.visits.forms import HandoverForm, VisitScheduleForm
from kefu.visits.selectors import visits_of_customer
from kefu.visits.views.common import invalid_form


@login_required
@require_GET
def customer_visits(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access_customer(request.user, customer_id)
    return render(
        request,
        "visits/customer_visits.html",
        {
            "customer": customer,
            "visits": visits_of_customer(request.user, customer.pk),
            "schedule_form": VisitScheduleForm(site=customer.site),
            "handover_form": HandoverForm(),
            "occupancies": UnitOccupancy.objects.filter(customer=customer).select_related("unit"),
        },
    )


@login_required
@require_POST
def customer_visit_schedule(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access_customer(request.user, customer_id)
    form = VisitScheduleForm(request.POST, site=customer.site)
    if not form.is_valid():
        raise invalid_form(form)
    visit = services.visit_schedule(
        actor=request.user, site=customer.site, customer=customer, **form.cleaned_data
    )
    messages.success(request, _("The return visit was scheduled."))
    return redirect(visit)


@login_required
@require_POST
def customer_handover(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The hand-over schedule (15 days, 1, 3, 6 months) for each unit of the customer."""
    customer = access_customer(request.user, customer_id)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    occupancy = UnitOccupancy.objects.filter(
        customer=customer, pk=request.POST.get("occupancy") or None
    ).first()
    services.handover_visits_schedule(
        actor=request.user,
        customer=customer,
        occupancy=occupancy,
        handed_over_on=form.cleaned_data["handed_over_on"],
    )
    messages.success(request, _("The hand-over visits were scheduled."))
    return redirect("visits:customer_visits", customer_id=customer.pk)
