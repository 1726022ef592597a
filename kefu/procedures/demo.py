"""Demo procedures: a move-in and a secondary decoration half way, a finished
item storage record (seed 004 §3.1/§3.2, seed 000 L67).

Called by ``kefu.core.demo.build_demo`` through the services with explicit past
``now=`` values.
"""

from datetime import datetime, timedelta

from kefu.customers.models import Unit
from kefu.org.models import Site, User
from kefu.procedures import services
from kefu.procedures.models import ItemKind, Procedure, ProcedureTemplate

VALUES = {
    "keys": "3",
    "water_meter": "00125",
    "power_meter": "04512",
    "contractor": "金螳螂装饰工程有限公司",
    "item": "快递纸箱两个",
    "stored_at": "上午9:30",
    "receiver": "林晓",
    "collected_by": "租户本人",
    "collected_at": "下午6:00",
}


def _step(actor: User, procedure: Procedure, at: datetime, skip: int = 0) -> Procedure:
    """Do the current step's items (all but the last ``skip``) and complete it if all done."""
    procedure.refresh_from_db()
    step = procedure.steps.get(order=procedure.current_order)
    items = list(step.items.all())
    for item in items[: len(items) - skip]:
        if item.kind == ItemKind.DEPOSIT:
            services.procedure_money_record(
                actor=actor, procedure=procedure, item=item, now=at,
                amount=None if item.fee_id else "20000", receipt_number=f"SJ{item.pk:05d}",
            )  # fmt: skip
        else:
            services.procedure_item_mark(actor=actor, procedure=procedure, item=item, now=at,
                                         value=VALUES.get(item.code, "已完成"))  # fmt: skip
    if skip:
        return procedure
    if step.is_approval:
        return services.procedure_step_approve(actor=actor, procedure=procedure, approve=True,
                                               note="同意", now=at)  # fmt: skip
    return services.procedure_step_complete(actor=actor, procedure=procedure, now=at)


def build_procedures_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    director = people["cs_director"][0]
    services.procedure_preset_apply(actor=None, site=site, key="property_centre")
    templates = {t.code: t for t in ProcedureTemplate.objects.filter(site=site)}
    units = list(Unit.objects.filter(site=site).order_by("pk")[:3])
    if len(units) < 2:
        return
    clerk = people["cs_clerk"][0]

    def start(code: str, unit: Unit, at: datetime) -> Procedure:
        return services.procedure_start(
            actor=clerk, template=templates[code], unit=unit,
            customer=unit.customers.order_by("pk").first(), now=at,
        )  # fmt: skip

    # Move-in half way: contract and deposit done, the hand-out partly acknowledged.
    at = now - timedelta(days=6)
    move_in = start("move_in", units[0], at)
    move_in = _step(director, move_in, at + timedelta(hours=1))
    move_in = _step(director, move_in, at + timedelta(hours=2))
    _step(director, move_in, at + timedelta(days=1), skip=3)

    # Decoration half way: application, deposit and approval done, inspections begun.
    at = now - timedelta(days=12)
    decoration = start("decoration", units[1], at)
    for offset in (1, 2, 26):
        decoration = _step(director, decoration, at + timedelta(hours=offset))
    _step(director, decoration, at + timedelta(days=5), skip=2)

    # A finished storage record (《租户临时物品寄存记录表》).
    at = now - timedelta(days=2)
    storage = start("storage", units[-1], at)
    storage = _step(clerk, storage, at)
    _step(clerk, storage, at + timedelta(hours=8))
