"""API schemas of property procedures."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kefu.core.schemas import Money, PageOut, PageQuery, RecordId, UserRef
from kefu.procedures.models import ItemKind, MoneyKind, ProcedureStatus, StepStatus


class FeeOut(Schema):
    id: int
    site_id: int
    code: str
    name: str
    category: str
    unit: str
    price: Decimal


class ProcedureTemplateOut(Schema):
    id: int
    site_id: int
    code: str
    name: str
    seed: str


class ProcedureItemOut(Schema):
    id: int
    code: str
    name: str
    kind: ItemKind
    required: bool
    value: str
    done_at: datetime | None


class ProcedureStepOut(Schema):
    id: int
    order: int
    code: str
    name: str
    position: str | None
    is_approval: bool
    status: StepStatus
    due_at: datetime | None
    done_by: UserRef | None
    done_at: datetime | None
    items: list[ProcedureItemOut]

    @staticmethod
    def resolve_position(obj: Any) -> str | None:
        return obj.position.name if obj.position else None

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class ProcedureOut(Schema):
    id: int
    site_id: int
    template: ProcedureTemplateOut
    unit_id: int | None
    customer_id: int | None
    subject: str
    status: ProcedureStatus
    current_order: int
    started_at: datetime
    finished_at: datetime | None


class MoneyOut(Schema):
    id: int
    kind: MoneyKind
    item_id: int
    amount: Decimal
    receipt_number: str
    refund_of_id: int | None
    recorded_by: UserRef
    recorded_at: datetime


class StandingOut(Schema):
    procedure: ProcedureOut
    steps: list[ProcedureStepOut]
    current: ProcedureStepOut | None
    missing: list[ProcedureItemOut]
    who: list[str]
    overdue: bool
    money: list[MoneyOut]


class ProcedurePage(PageOut):
    items: list[ProcedureOut]


class ProcedureQuery(PageQuery):
    unit: RecordId | None = None
    status: ProcedureStatus | None = None
    template: str | None = None


class StartIn(Schema):
    template_id: RecordId
    unit_id: RecordId | None = None
    subject: str = Field("", max_length=200)


class ItemIn(Schema):
    value: str = Field("", max_length=200)


class MoneyIn(Schema):
    receipt_number: str = Field(min_length=1, max_length=50)
    amount: Money | None = None
    quantity: Money = Decimal(1)
    fee_id: RecordId | None = None


class RefundIn(Schema):
    receipt_number: str = Field(min_length=1, max_length=50)
    deposit_id: RecordId


class StepIn(Schema):
    note: str = ""


class ApproveIn(Schema):
    approve: bool
    note: str = ""
