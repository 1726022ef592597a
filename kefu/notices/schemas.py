"""API schemas of the notices app."""

from datetime import date, datetime

from ninja import Field, Schema

from kefu.core.schemas import PageOut, PageQuery, RecordId, UserRef
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    GreetingOccasion,
    NoticeKind,
    NoticeStatus,
    SignMethod,
)
from kefu.notices.selectors import NoticeFilters


class NoticeSiteRef(Schema):
    id: int
    name: str


class NoticeRegisterOut(Schema):
    id: int
    site: NoticeSiteRef
    kind: NoticeKind
    title: str
    status: NoticeStatus
    is_major: bool
    audience: Audience
    building: str
    delivery: DeliveryMethod
    deliverer: UserRef | None
    drafted_by: UserRef | None
    approved_at: datetime | None
    sealed_at: datetime | None
    issued_at: datetime | None
    signed_off_at: datetime | None
    follow_up_due: datetime | None
    parent_id: int | None
    recipient_count: int = 0
    signed_count: int = 0
    outstanding_count: int = Field(0, description="Recipients who have not signed yet.")


class RecipientOut(Schema):
    id: int
    customer_id: int
    customer_name: str = ""
    unit: str | None = None
    signed_at: datetime | None
    sign_method: SignMethod | str
    signer_name: str
    signed_from: str
    verified_phone: str
    has_signed_copy: bool = False
    chase_count: int

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.customer.name

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return str(obj.unit) if obj.unit_id else None

    @staticmethod
    def resolve_has_signed_copy(obj) -> bool:
        return bool(obj.signed_copy)


class NoticeDetailOut(NoticeRegisterOut):
    body: str
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_recipients(obj) -> list:
        return obj.recipient_rows


class NoticePage(PageOut):
    items: list[NoticeRegisterOut]


class NoticeQuery(PageQuery):
    site: RecordId | None = None
    status: NoticeStatus | None = None
    kind: NoticeKind | None = None

    def to_filters(self) -> NoticeFilters:
        return NoticeFilters(site=self.site, status=self.status or "", kind=self.kind or "")


class NoticeIn(Schema):
    site_id: RecordId
    template_id: RecordId | None = None
    title: str = Field("", max_length=200)
    body: str = ""
    kind: NoticeKind | None = None
    audience: Audience = Audience.SITE
    building: str = Field("", max_length=50)
    customer_ids: list[RecordId] = []
    delivery: DeliveryMethod = DeliveryMethod.PAPER
    deliverer_id: RecordId | None = None
    is_major: bool | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class ChaseOut(Schema):
    chased: int


class SignOffIn(Schema):
    signer_name: str = Field("", max_length=100)


class FindingIn(Schema):
    customer_id: RecordId
    finding: str = Field(..., max_length=2000)


class InspectionIn(Schema):
    inspected_on: date
    summary: str = ""
    findings: list[FindingIn] = []


class FindingOut(Schema):
    customer_id: int
    customer_name: str = ""
    finding: str

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.customer.name


class InspectionOut(Schema):
    id: int
    notice_id: int
    inspected_on: date
    summary: str
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(obj) -> list:
        return list(obj.findings.select_related("customer"))


class GreetingIn(Schema):
    site_id: RecordId
    occasion: GreetingOccasion
    text: str = Field(..., max_length=1000)
    holiday_on: date | None = None
    send_on: date | None = None
    channel: DeliveryMethod = DeliveryMethod.SMS
    customer_id: RecordId | None = None


class GreetingOut(Schema):
    id: int
    site_id: int
    occasion: GreetingOccasion
    holiday_on: date | None
    send_on: date
    channel: DeliveryMethod
    text: str
    customer_id: int | None
    sent_at: datetime | None
    sent_count: int
