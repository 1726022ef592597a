"""Procedure test data, made through the services so the rules apply."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kefu.customers.services import customer_create, unit_create
from kefu.procedures.models import (
    ItemKind,
    MoneyKind,
    MoneyRecord,
    Procedure,
    ProcedureStatus,
    ProcedureTemplate,
)
from kefu.procedures.services import (
    procedure_item_mark,
    procedure_money_record,
    procedure_preset_apply,
    procedure_refund,
    procedure_start,
    procedure_step_approve,
    procedure_step_complete,
)

TZ = ZoneInfo("Asia/Shanghai")
VALUES = {
    "keys": "3",
    "water_meter": "00125",
    "power_meter": "04512",
    "contractor": "金螳螂装饰",
    "item": "纸箱两个",
    "stored_at": "2026-06-18 09:30",
    "receiver": "林专员",
    "collected_by": "张三",
    "collected_at": "2026-06-18 18:00",
    "area": "一楼中庭",
    "period": "6月20日 9:00–17:00",
    "purpose": "商户促销活动",
}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def property_site(preset_site):
    return procedure_preset_apply(actor=None, site=preset_site.site, key="property_centre")


def template(preset_site, code: str) -> ProcedureTemplate:
    return ProcedureTemplate.objects.get(site=preset_site.site, code=code)


def unit_of(preset_site, number: str = "1201"):
    unit = unit_create(actor=preset_site["cs_director"], site=preset_site.site, building="A座",
                       number=number)  # fmt: skip
    customer = customer_create(
        actor=preset_site["cs_director"], site=preset_site.site, kind="tenant",
        name="华信科技有限公司", phone="13800000001", unit=unit,
    )  # fmt: skip
    return unit, customer


def start(preset_site, code: str, unit=None, customer=None, now=None) -> Procedure:
    return procedure_start(
        actor=preset_site["cs_clerk"],
        template=template(preset_site, code),
        unit=unit,
        customer=customer,
        now=now or at(2026, 6, 15, 9),
    )


def fill_item(preset_site, procedure: Procedure, item, now=None) -> None:
    """Do one item as the director (who may stand in for any step's position)."""
    actor = preset_site["cs_director"]
    now = now or at(2026, 6, 15, 10)
    if item.kind in (ItemKind.DEPOSIT, ItemKind.FEE):
        amount = None if item.fee_id else "20000"
        fee = item.fee
        if item.kind == ItemKind.FEE and fee is None:
            from kefu.procedures.models import FeeItem

            fee = FeeItem.objects.get(site=procedure.site, code="drain_clearing")
        procedure_money_record(actor=actor, procedure=procedure, item=item, amount=amount,
                               fee=fee, receipt_number=f"R{item.pk:06d}", now=now)  # fmt: skip
    elif item.kind == ItemKind.REFUND:
        deposit = MoneyRecord.objects.filter(
            kind=MoneyKind.DEPOSIT, procedure__unit=procedure.unit, refund__isnull=True
        ).first()
        procedure_refund(actor=actor, procedure=procedure, item=item, deposit=deposit,
                         receipt_number=f"T{item.pk:06d}", now=now)  # fmt: skip
    else:
        procedure_item_mark(actor=actor, procedure=procedure, item=item,
                            value=VALUES.get(item.code, "已完成"), now=now)  # fmt: skip


def run_step(preset_site, procedure: Procedure, *, skip: str = "", now=None) -> Procedure:
    procedure.refresh_from_db()
    step = procedure.steps.get(order=procedure.current_order)
    for item in step.items.all():
        if item.code != skip:
            fill_item(preset_site, procedure, item, now)
    if step.is_approval:
        return procedure_step_approve(
            actor=preset_site["cs_director"], procedure=procedure, approve=True, now=now
        )
    return procedure_step_complete(actor=preset_site["cs_director"], procedure=procedure, now=now)


def run_all(preset_site, procedure: Procedure) -> Procedure:
    while procedure.status == ProcedureStatus.OPEN:
        procedure = run_step(preset_site, procedure)
    return procedure
