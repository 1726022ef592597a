"""API schemas of field service."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from kefu.core.schemas import LocalDatetime, Money, PageOut, PageQuery, RecordId, UserRef
from kefu.field.models import OrderKind, OrderStatus, OrderUrgency, SwapKind
from kefu.field.selectors import OrderFilters


class FieldNamedRef(Schema):
    id: int
    name: str


class PartOut(Schema):
    id: int
    name: str
    quantity: int
    unit_price: Decimal


class SwapOut(Schema):
    id: int
    order_id: int
    order_number: str = Field(alias="order.number")
    customer_id: int
    plate_number: str
    kind: SwapKind
    old_number: str
    new_number: str
    at: datetime


class PhotoOut(Schema):
    id: int
    url: str
    width: int
    height: int

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.image.url


class OrderOut(Schema):
    id: int
    number: str
    site: FieldNamedRef
    kind: OrderKind
    status: OrderStatus
    urgency: OrderUrgency
    ticket_id: int | None
    follows_id: int | None
    customer: FieldNamedRef
    address: str
    contact_phone: str
    product_id: int | None
    product_model: str
    purchase_date: date | None
    problem: str
    plate_number: str
    scheduled_at: datetime | None
    received_at: datetime
    approved_at: datetime | None
    technician: UserRef | None
    dispatched_at: datetime | None
    arrived_at: datetime | None
    work_done: str
    completed_at: datetime | None
    closed_at: datetime | None
    signed_by: str
    in_warranty: bool | None
    warranty_until: date | None
    fee: Decimal
    invoice_number: str
    cash_collected: Decimal
    cash_due_at: datetime | None
    cash_handed_at: datetime | None
    reply_due: datetime | None
    onsite_due: datetime | None
    sla_next_due: datetime | None
    return_visit_id: int | None


class OrderDetailOut(OrderOut):
    parts: list[PartOut]
    swaps: list[SwapOut]
    photos: list[PhotoOut]

    @staticmethod
    def resolve_parts(obj):
        return list(obj.parts.all())

    @staticmethod
    def resolve_swaps(obj):
        return list(obj.swaps.select_related("order"))

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())


class OrderPage(PageOut):
    items: list[OrderOut]


class OrderQuery(PageQuery):
    site: RecordId | None = None
    status: OrderStatus | None = None
    kind: OrderKind | None = None
    technician: RecordId | None = None
    q: str = ""

    def to_filters(self) -> OrderFilters:
        return OrderFilters(
            site=self.site,
            status=self.status.value if self.status else "",
            kind=self.kind.value if self.kind else "",
            technician=self.technician,
            q=self.q,
        )


class OrderIn(Schema):
    kind: OrderKind
    site_id: RecordId | None = Field(None, description="Required unless ticket_id is given.")
    ticket_id: RecordId | None = None
    customer_id: RecordId | None = None
    vehicle_id: RecordId | None = None
    product_id: RecordId | None = None
    address: str = ""
    contact_phone: str = ""
    product_model: str = ""
    purchase_date: date | None = None
    problem: str = ""
    plate_number: str = ""
    urgency: OrderUrgency = OrderUrgency.NORMAL
    scheduled_at: LocalDatetime | None = None


class ReasonIn(Schema):
    reason: str


class DispatchIn(Schema):
    technician_id: RecordId
    scheduled_at: LocalDatetime | None = None


class WorkIn(Schema):
    work_done: str


class PartIn(Schema):
    fee_item_id: RecordId | None = None
    name: str = ""
    unit_price: Money | None = None
    quantity: int = Field(1, ge=1)


class SwapIn(Schema):
    kind: SwapKind
    old_number: str
    new_number: str


class CompleteIn(Schema):
    signature_png: str = Field(description="The drawn signature: a PNG, base64 (a data URL too).")
    signed_by: str
    invoice_number: str = ""
    cash_collected: Money | None = None
    work_done: str | None = None


class CashRow(OrderOut):
    cash_flagged: bool


class SwapQuery(Schema):
    number: str
