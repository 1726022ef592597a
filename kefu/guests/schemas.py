"""API schemas of guest reception."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kefu.core.schemas import LocalDatetime, Money, PageOut, PageQuery, RecordId, UserRef
from kefu.guests.models import (
    BookingChannel,
    PrepItem,
    SpendStatus,
    UrgingKind,
    UrgingStatus,
    VisitStatus,
)


class ClassOut(Schema):
    id: int
    site_id: int
    code: str
    name: str
    host_level: str
    cap_per_head: Decimal


class GuestVisitOut(Schema):
    id: int
    site_id: int
    guest_name: str
    company: str
    purpose: str
    channel: BookingChannel
    starts_at: datetime
    ends_at: datetime
    place: str
    headcount: int
    escorts: int
    guest_class: ClassOut
    host: UserRef | None
    status: VisitStatus
    confirmed_at: datetime | None
    letter_sent_at: datetime | None
    spend_total: Decimal | None
    spend_status: SpendStatus
    met_by: str
    needs_heard: str
    next_contact_at: datetime | None
    next_contact_method: str
    satisfaction: int | None


class GuestVisitPage(PageOut):
    items: list[GuestVisitOut]


class GuestVisitQuery(PageQuery):
    site: RecordId | None = None
    status: VisitStatus | None = None


class BookIn(Schema):
    site_id: RecordId
    guest_class_id: RecordId
    guest_name: str = Field(min_length=1, max_length=100)
    company: str = Field("", max_length=100)
    purpose: str = Field(min_length=1, max_length=300)
    channel: BookingChannel
    starts_at: LocalDatetime
    ends_at: LocalDatetime
    place: str = Field(min_length=1, max_length=100)
    headcount: int = Field(ge=1, le=500)
    host_id: RecordId | None = None
    customer_id: RecordId | None = None
    contact_email: str = ""
    contact_phone: str = ""
    agenda: str = ""
    bring_documents: str = ""


class GuestNoteIn(Schema):
    note: str = ""


class ChangeIn(Schema):
    starts_at: LocalDatetime | None = None
    ends_at: LocalDatetime | None = None
    place: str | None = None
    headcount: int | None = Field(None, ge=1, le=500)
    agenda: str | None = None
    bring_documents: str | None = None
    customer_consented: bool = False
    consent_note: str = ""

    def changes(self) -> dict[str, Any]:
        fields = ("starts_at", "ends_at", "place", "headcount", "agenda", "bring_documents")
        return {k: getattr(self, k) for k in fields if getattr(self, k) is not None}


class PrepIn(Schema):
    item: PrepItem
    note: str = ""


class SpendIn(Schema):
    total: Money


class GuestDecideIn(Schema):
    approve: bool
    note: str = ""


class GiftIn(Schema):
    description: str = Field(min_length=1, max_length=200)
    value: Money
    received: bool = False
    important: bool = False


class ReceiveIn(Schema):
    met_by: str = Field(min_length=1, max_length=200)
    needs_heard: str = ""
    content: str = ""


class DepartIn(Schema):
    next_contact_at: LocalDatetime
    next_contact_method: str = Field(min_length=1, max_length=100)


class CloseIn(Schema):
    satisfaction: int = Field(ge=1, le=5)
    note: str = ""


class HandIn(Schema):
    kind: UrgingKind
    content: str = Field(min_length=1)
    department_id: RecordId
    working_days: int | None = Field(None, ge=0, le=366)


class UrgingOut(Schema):
    id: int
    site_id: int
    visit_id: int | None
    kind: UrgingKind
    content: str
    department: str
    due_at: datetime
    status: UrgingStatus
    solution: str
    feedback: str
    urge_count: int
    last_urged_at: datetime | None

    @staticmethod
    def resolve_department(obj: Any) -> str:
        return obj.department.name


class UrgingPage(PageOut):
    items: list[UrgingOut]


class UrgingQuery(PageQuery):
    status: UrgingStatus | None = None
    overdue: bool = False


class UrgingStepIn(Schema):
    text: str = Field(min_length=1, max_length=500)


class ReportOut(Schema):
    per_class: list[dict[str, Any]]
    per_host: list[dict[str, Any]]
    per_month: list[dict[str, Any]]
    spend: list[dict[str, Any]]
    satisfaction: Decimal | None
    open_urging: int
    overdue_urging: int
