"""Reads of property procedures: lists per unit, where a procedure stands,
what is missing and who must act.

Access: people working at a site see its procedures; any other id is a 404.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kefu.customers.models import Unit
from kefu.org.models import User
from kefu.org.selectors import position_recipient, user_site_ids
from kefu.procedures import rules
from kefu.procedures.errors import ProcedureNotFound, TemplateNotFound
from kefu.procedures.models import (
    FeeItem,
    MoneyKind,
    MoneyRecord,
    Procedure,
    ProcedureItem,
    ProcedureStatus,
    ProcedureStep,
    ProcedureTemplate,
)


def _pk(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def procedure_list_for(
    user: User, *, unit: int | None = None, status: str = "", template: str = ""
) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "template", "unit", "customer", "started_by"
    )
    if unit:
        qs = qs.filter(unit_id=unit)
    if status:
        qs = qs.filter(status=status)
    if template:
        qs = qs.filter(template__code=template)
    return qs


def access_procedure(user: User, procedure_id: Any) -> Procedure:
    pk = _pk(procedure_id)
    procedure = procedure_list_for(user).filter(pk=pk).first() if pk else None
    if procedure is None:
        raise ProcedureNotFound()
    return procedure


def template_list_for(user: User, site_id: int | None = None) -> QuerySet[ProcedureTemplate]:
    qs = ProcedureTemplate.objects.filter(
        site_id__in=user_site_ids(user), is_active=True
    ).select_related("site")
    return qs.filter(site_id=site_id) if site_id else qs


def access_template(user: User, template_id: Any) -> ProcedureTemplate:
    pk = _pk(template_id)
    template = template_list_for(user).filter(pk=pk).first() if pk else None
    if template is None:
        raise TemplateNotFound()
    return template


def access_item(procedure: Procedure, item_id: Any) -> ProcedureItem:
    item = ProcedureItem.objects.filter(step__procedure=procedure, pk=_pk(item_id)).first()
    if item is None:
        raise ProcedureNotFound()
    return item


def access_money(procedure: Procedure, record_id: Any) -> MoneyRecord:
    """A deposit recorded for the procedure's unit (or the procedure itself)."""
    qs = MoneyRecord.objects.filter(procedure__site=procedure.site, pk=_pk(record_id))
    record = qs.select_related("procedure").first()
    if record is None:
        raise ProcedureNotFound()
    return record


def fee_schedule_for(user: User, site_id: int | None = None) -> QuerySet[FeeItem]:
    qs = FeeItem.objects.filter(site_id__in=user_site_ids(user), is_active=True)
    return qs.filter(site_id=site_id) if site_id else qs


def units_for(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(site_id__in=user_site_ids(user)).select_related("site")


@dataclass
class Standing:
    """Where a procedure stands: its steps, the current one, what is missing, who acts."""

    procedure: Procedure
    steps: list[ProcedureStep]
    current: ProcedureStep | None
    missing: list[ProcedureItem]
    who: list[str]
    overdue: bool
    money: list[MoneyRecord]
    refundable: list[MoneyRecord]


def procedure_standing(procedure: Procedure, *, now: datetime | None = None) -> Standing:
    at = now or timezone.now()
    steps = list(
        procedure.steps.select_related("position", "done_by").prefetch_related(
            Prefetch("items", queryset=ProcedureItem.objects.select_related("done_by", "fee"))
        )
    )
    current = None
    if procedure.status == ProcedureStatus.OPEN:
        current = next((s for s in steps if s.order == procedure.current_order), None)
    missing: list[ProcedureItem] = []
    who: list[str] = []
    if current is not None:
        states = {
            i.code: rules.ItemState(i.code, i.name, i.required, i.done_at is not None)
            for i in current.items.all()
        }
        codes = {s.code for s in rules.missing_items(states.values())}
        missing = [i for i in current.items.all() if i.code in codes]
        if current.position is not None:
            user, _holder = position_recipient(position=current.position, at=at)
            who = [f"{current.position.name}" + (f" ({user})" if user else "")]
    money = list(
        MoneyRecord.objects.filter(procedure=procedure).select_related("recorded_by", "item")
    )
    refundable = []
    if procedure.unit_id:
        refundable = list(
            MoneyRecord.objects.filter(
                procedure__unit_id=procedure.unit_id, kind=MoneyKind.DEPOSIT, refund__isnull=True
            ).select_related("procedure__template")
        )
    return Standing(
        procedure=procedure,
        steps=steps,
        current=current,
        missing=missing,
        who=who,
        overdue=bool(current and current.due_at and current.due_at < at),
        money=money,
        refundable=refundable,
    )
