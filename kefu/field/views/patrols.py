"""Patrols (seed 004 L237: 五巡八检): the plans with the next patrol due, and
the checklist of one patrol (a finding can raise a work order)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.customers.selectors import access_customer
from kefu.field import services
from kefu.field.forms import PatrolPlanForm
from kefu.field.models import Checkpoint
from kefu.field.selectors import access_plan, patrol_plans_for
from kefu.field.views.common import invalid_form


@login_required
@require_GET
def patrol_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    plans = list(patrol_plans_for(request.user))
    for plan in plans:
        plan.is_overdue = plan.next_due_on < today
    context = {"plans": plans, "today": today, "form": PatrolPlanForm()}
    return render(request, "field/patrols.html", context)


@login_required
@require_POST
def patrol_plan_create_view(request: HttpRequest) -> HttpResponse:
    """Patrol a customer's site every N days from a date (seed 004 L237)."""
    form = PatrolPlanForm(request.POST)
    if not form.is_valid():
        raise invalid_form(form)
    customer = access_customer(request.user, form.cleaned_data["customer"])
    services.patrol_plan_create(
        actor=request.user,
        site=customer.site,
        customer=customer,
        address=form.cleaned_data["address"],
        starts_on=form.cleaned_data["starts_on"],
    )
    messages.success(request, _("The patrol plan was created."))
    return redirect("field:patrol_list")


@login_required
@require_http_methods(["GET", "POST"])
def patrol_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    checkpoints = list(Checkpoint.objects.filter(site=plan.site, is_active=True))
    if request.method == "POST":
        checks = [
            services.CheckInput(
                checkpoint_id=c.pk,
                passed=request.POST.get(f"passed_{c.pk}") == "1",
                finding=request.POST.get(f"finding_{c.pk}", ""),
                customer_signed_by=request.POST.get(f"signed_{c.pk}", ""),
                raise_order=request.POST.get(f"raise_{c.pk}") == "1",
            )
            for c in checkpoints
        ]
        services.patrol_record(actor=request.user, plan=plan, checks=checks)
        messages.success(request, _("The patrol was recorded."))
        return redirect("field:patrol_list")
    recent = plan.patrols.prefetch_related("checks__checkpoint", "checks__work_order")[:5]
    return render(
        request,
        "field/patrol_record.html",
        {"plan": plan, "checkpoints": checkpoints, "recent": recent},
    )
