"""Pages of property procedures under /procedures/: the list per unit, the
procedure page (where it stands, what is missing, who acts) and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.core.errors import InvalidInput
from kefu.procedures import forms, selectors, services
from kefu.procedures.errors import BadValue
from kefu.procedures.models import FeeItem, ProcedureStatus


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


def _valid(form):
    if not form.is_valid():
        raise _invalid(form)
    return form.cleaned_data


@login_required
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    unit = request.GET.get("unit")
    status = request.GET.get("status", "")
    if status not in ProcedureStatus.values:
        status = ""
    unit_id = int(unit) if unit and unit.isdigit() else None
    procedures = selectors.procedure_list_for(request.user, unit=unit_id, status=status)
    return render(
        request,
        "procedures/list.html",
        {
            "procedures": procedures[:200],
            "units": selectors.units_for(request.user).order_by("building", "number"),
            "unit_id": unit_id,
            "status": status,
            "statuses": ProcedureStatus.choices,
            "templates": selectors.template_list_for(request.user),
        },
    )


@login_required
@require_POST
def procedure_start(request: HttpRequest) -> HttpResponse:
    data = _valid(forms.StartForm(request.POST))
    template = selectors.access_template(request.user, data["template"])
    unit = None
    if data.get("unit"):
        unit = selectors.units_for(request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise BadValue(fields={"unit": ["?"]})
    customer = unit.customers.order_by("pk").first() if unit is not None else None
    procedure = services.procedure_start(
        actor=request.user, template=template, unit=unit, customer=customer,
        subject=data.get("subject") or "",
    )  # fmt: skip
    messages.success(request, _("The procedure was started."))
    return redirect(procedure.get_absolute_url())


@login_required
@require_GET
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = selectors.access_procedure(request.user, pk)
    standing = selectors.procedure_standing(procedure)
    fees = FeeItem.objects.filter(site=procedure.site, is_active=True)
    return render(request, "procedures/detail.html", {"s": standing, "p": procedure, "fees": fees})


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Tick an item, record its amount or refund a deposit, by the item's kind."""
    procedure = selectors.access_procedure(request.user, pk)
    item = selectors.access_item(procedure, item_id)
    if item.kind in ("deposit", "fee"):
        data = _valid(forms.MoneyForm(request.POST))
        fee = None
        if data.get("fee"):
            fee = (
                selectors.fee_schedule_for(request.user, procedure.site_id)
                .filter(pk=data["fee"])
                .first()
            )
        services.procedure_money_record(
            actor=request.user, procedure=procedure, item=item,
            receipt_number=data["receipt_number"], amount=data.get("amount"),
            quantity=data.get("quantity") or 1, fee=fee,
        )  # fmt: skip
    elif item.kind == "refund":
        data = _valid(forms.RefundForm(request.POST))
        deposit = selectors.access_money(procedure, data["deposit"])
        services.procedure_refund(
            actor=request.user, procedure=procedure, item=item, deposit=deposit,
            receipt_number=data["receipt_number"],
        )  # fmt: skip
    else:
        data = _valid(forms.ItemForm(request.POST))
        services.procedure_item_mark(
            actor=request.user, procedure=procedure, item=item, value=data.get("value") or ""
        )
    messages.success(request, _("Recorded."))
    return redirect(procedure.get_absolute_url())


@login_required
@require_POST
def step_complete(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = selectors.access_procedure(request.user, pk)
    data = _valid(forms.StepForm(request.POST))
    services.procedure_step_complete(actor=request.user, procedure=procedure, note=data["note"])
    messages.success(request, _("The step was completed."))
    return redirect(procedure.get_absolute_url())


@login_required
@require_POST
def step_approve(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = selectors.access_procedure(request.user, pk)
    data = _valid(forms.ApproveForm(request.POST))
    services.procedure_step_approve(
        actor=request.user, procedure=procedure, approve=data["approve"], note=data["note"]
    )
    messages.success(request, _("The decision was recorded."))
    return redirect(procedure.get_absolute_url())
