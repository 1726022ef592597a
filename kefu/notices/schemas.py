"""API schemas of the notices app."""

from datetime import date, datetime

from ninja import Field, Schema

from kefu.core.schemas import Day, PageOut, PageQuery, RecordId, UserRef
from kefu.notices.models import (
    Audience,
    DeliveryMethod,
    GreetingOccasion,
    NoticeKind,
    NoticeStatus,
    SignMethod,
)
from kefu.notices.selectors import NoticeFilters, ReceiptFilters, RectificationFilters


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
    inspected_on: Day
    summary: str = ""
    findings: list[FindingIn] = []


class FindingOut(Schema):
    id: int
    customer_id: int
    customer_name: str = ""
    finding: str
    rectified_at: datetime | None
    rectified_note: str

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
    holiday_on: Day | None = Field(None, description="The holiday's first day, or the birthday.")
    send_on: Day | None = None
    channel: DeliveryMethod = DeliveryMethod.SMS
    customer_id: RecordId | None = Field(None, description="One customer (a birthday greeting).")


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


class FindingRectifiedIn(Schema):
    note: str = Field("", max_length=2000)


class RectificationQuery(Schema):
    site: RecordId | None = None
    overdue: bool = Field(False, description="Only letters past the deadline with open findings.")

    def to_filters(self) -> RectificationFilters:
        return RectificationFilters(site=self.site, overdue=self.overdue)


class RectificationLetterOut(Schema):
    id: int
    site: NoticeSiteRef
    title: str
    status: NoticeStatus
    parent_id: int | None
    issued_at: datetime | None
    follow_up_due: datetime | None
    findings_total: int
    findings_open: int
    follow_up_reminders: int
    follow_up_reminded_on: date | None
    overdue: bool = Field(False, description="Past the deadline with a finding still open.")


class HandOutIn(Schema):
    customer_id: RecordId
    unit_id: RecordId | None = None


class HandbookReceiptQuery(Schema):
    site: RecordId | None = None
    customer: RecordId | None = None
    building: str = Field("", max_length=50)

    def to_filters(self) -> ReceiptFilters:
        return ReceiptFilters(site=self.site, customer=self.customer, building=self.building)


class HandbookReceiptOut(Schema):
    id: int
    notice_id: int
    handbook: str
    site_id: int
    customer_id: int
    customer_name: str
    unit: str | None
    received_at: datetime
    handed_out_by: UserRef | None
    signed_at: datetime | None
    sign_method: SignMethod | str
    signer_name: str
    has_signed_copy: bool

    @staticmethod
    def resolve_handbook(obj) -> str:
        return obj.notice.title

    @staticmethod
    def resolve_site_id(obj) -> int:
        return obj.notice.site_id

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.customer.name

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return str(obj.unit) if obj.unit_id else None

    @staticmethod
    def resolve_received_at(obj) -> datetime:
        return obj.created_at

    @staticmethod
    def resolve_handed_out_by(obj):
        return obj.handed_out_by or obj.notice.issued_by

    @staticmethod
    def resolve_has_signed_copy(obj) -> bool:
        return bool(obj.signed_copy)
