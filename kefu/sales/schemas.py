"""API schemas of the sales office: the queue, the register, deals and the ledger."""

from datetime import datetime

from ninja import Field, Schema

from kefu.core.schemas import Day, RecordId


class Person(Schema):
    id: int
    name: str


def person(user) -> dict | None:
    return {"id": user.pk, "name": str(user)} if user is not None else None


class MemberOut(Schema):
    place: int
    consultant: Person
    status: str
    absence: str
    makeup: int
    turns: int
    is_next: bool


class GroupOut(Schema):
    code: str
    name: str
    order: list[MemberOut]


class ReceptionOut(Schema):
    id: int
    seq: int = Field(description="Turn number of the day; never given twice.")
    receiver: Person
    on_behalf_of: Person | None
    group: str
    started_at: datetime
    finished_at: datetime | None
    kind: str
    makeup_reason: str
    designated: bool
    makeup_used: bool


class QueueOut(Schema):
    site_id: int
    day: Day
    preset: str
    open: bool
    version: int = Field(
        description="Changes with every move; pass it to next as expected_version."
    )
    next: Person | None
    groups: list[GroupOut]
    last: ReceptionOut | None


class NextIn(Schema):
    site_id: RecordId
    group: str = ""
    designated_id: RecordId | None = Field(
        None, description="A first-time visitor asked for this consultant ([B] L45)."
    )
    expected_version: int | None = None


class FinishIn(Schema):
    kind: str = "valid"
    makeup_reason: str = ""


class SalesAbsenceIn(Schema):
    site_id: RecordId
    consultant_id: RecordId
    kind: str = Field(examples=["personal"])
    substitute_id: RecordId | None = None


class ReturnIn(Schema):
    site_id: RecordId
    consultant_id: RecordId


class CompileIn(Schema):
    site_id: RecordId
    day: Day
    order: dict[str, list[RecordId]] = Field(description="Group code → consultant ids in order.")


class RegisterIn(Schema):
    site_id: RecordId
    consultant_id: RecordId
    name: str
    phone: str = ""
    id_number: str = ""
    channel: str = "onsite"
    first_visit: bool = True
    intent: str = ""
    note: str = ""
    visited_on: Day | None = Field(
        None, description="Only today is accepted: no back-filling (sales.backfill_forbidden)."
    )
    confirm_collision: bool = False
    reception_id: RecordId | None = None


class SalesVisitOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    consultant: Person
    visited_at: datetime
    day: Day
    channel: str
    first_visit: bool
    collision_with: Person | None
    owner: Person | None


class DealIn(Schema):
    site_id: RecordId
    customer_id: RecordId
    unit: str
    closer_id: RecordId
    commission_fen: int = Field(ge=0)
    price_fen: int = Field(0, ge=0)
    split_rule: str | None = None
    proxy_buyer: bool = False


class DepositIn(Schema):
    kind: str = Field(examples=["small"])
    amount_fen: int
    receipt_no: str


class LedgerLineOut(Schema):
    id: int
    deal_id: int
    batch: int
    party: str
    consultant: Person | None
    percent: int
    amount_fen: int
    rule: str
    reason: str
    posted_at: datetime


class DealOut(Schema):
    id: int
    unit: str
    customer_id: int
    closer: Person
    status: str
    subscribed_at: datetime
    contracted_at: datetime | None
    commission_fen: int
    split_rule: str
    ledger: list[LedgerLineOut]
    deposits_fen: int
