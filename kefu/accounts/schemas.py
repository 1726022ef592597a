"""API schemas of business accounts. Money is in fen (integers), dates ISO."""

from datetime import date, datetime

from ninja import Field, Schema

from kefu.core.schemas import Day, RecordId, UserRef

Fen = int


class EligibilityOut(Schema):
    customer_file: bool = Field(description="File with the opener's ID copy (seed 000 L275).")
    contract: bool = Field(description="Distribution/direct contract with settlement (L277).")
    prior_year_cleared: bool = Field(description="Last year's goods paid to zero (L279).")
    missing: list[str]
    eligible: bool


class DueOut(Schema):
    on: date
    due_on: date
    unpaid_fen: Fen
    way: str
    overdue: bool


class AccountRow(Schema):
    id: int
    site_id: int
    code: str
    customer: str
    is_key_account: bool
    key_account_manager: UserRef | None


class AccountOut(AccountRow):
    contract_kind: str
    contract_signed_on: date | None
    settlement_agreement: bool
    today: date
    limit_fen: Fen = Field(description="Goods shipped in the window before today (L281).")
    balance_fen: Fen
    available_fen: Fen
    third_fen: Fen = Field(description="Over-limit shipments must be below this (L297).")
    past_term: bool
    open_over_limit: int
    eligibility: EligibilityOut
    due: list[DueOut]


class ShipmentIn(Schema):
    amount_fen: int = Field(gt=0, le=10**15)
    invoice_date: Day
    prepaid_fen: int = Field(0, ge=0, le=10**15)
    recovery_plan: str = Field("", max_length=2000)
    reference: str = Field("", max_length=64)


class ShipmentOut(Schema):
    id: int
    account_id: int
    amount_fen: Fen
    invoice_date: date
    status: str
    way: str
    refusal: str
    limit_fen: Fen
    balance_fen: Fen
    prepaid_fen: Fen
    recovery_plan: str
    requested_by: UserRef
    requested_at: datetime
    signer: UserRef | None
    signed_at: datetime | None


class AccountEntryIn(Schema):
    kind: str = Field(pattern="^(shipment|payment)$")
    occurred_on: date
    amount_fen: int = Field(gt=0, le=10**15)
    reference: str = Field("", max_length=64)


class EntryOut(Schema):
    id: int
    account_id: int
    kind: str
    occurred_on: date
    amount_fen: Fen
    reference: str
    source: str
    way: str
    unapproved_over_limit: bool


class RecoveryIn(Schema):
    site_id: RecordId
    month: date


class LedgerRefOut(Schema):
    id: int
    person: UserRef
    rule: str
    amount_fen: Fen
    status: str


# --- joint-venture partners -----------------------------------------------------------


class PartnerOut(Schema):
    """A partner. ``grade`` is present only for roles that may see it (L367); for
    everyone else the key is absent, not blank."""

    id: int
    site_id: int
    name: str
    status: str
    out_of_town: bool
    responsible_unit: str
    region: str
    network: str
    past_performance: str
    work_with_us: str
    completion_evaluation: str
    reputation: str
    next_moves: str
    upcoming_project: bool
    last_visit_on: date | None
    form_missing: list[str]


class PartnerGradedOut(PartnerOut):
    """A partner with its internal grade, for roles holding ``accounts.view_grade``."""

    grade: str


#: The partner body: with ``grade`` for allowed roles, without the key for the rest.
PartnerAny = PartnerGradedOut | PartnerOut


class PartnerIn(Schema):
    site_id: RecordId
    name: str = Field(min_length=1, max_length=100)
    responsible_unit_id: RecordId
    out_of_town: bool = False
    form_main: dict = {}
    annex_staff: dict = {}
    annex_equipment: dict = {}
    annex_record: dict = {}


class OnsiteIn(Schema):
    checked_on: date
    address: str
    staff: str
    equipment: str
    note: str = ""


class InitialCheckIn(Schema):
    admit: bool
    grade: str = ""
    note: str = ""


class AccountVisitIn(Schema):
    visited_on: date
    visitors: str = Field(min_length=1, max_length=200)
    senior_management: bool = False
    updates: dict = {}
    note: str = ""


class AccountVisitOut(Schema):
    id: int
    partner_id: int
    visited_on: date
    visitors: str
    senior_management: bool
    updates: dict
    note: str


class GradeChangeIn(Schema):
    to_grade: str
    reason: str = Field(min_length=1)


class AccountDecideIn(Schema):
    approve: bool


class GradeChangeOut(Schema):
    id: int
    partner_id: int
    from_grade: str
    to_grade: str
    reason: str
    status: str
    office_by: UserRef | None
    market_by: UserRef | None


class DueVisitOut(Schema):
    partner_id: int
    partner: str
    kind: str
    due_on: date
    overdue: bool


class SnapshotOut(Schema):
    id: int
    partner_id: int
    period: str
    grade: str
    data: dict
    taken_at: datetime


# --- key accounts ----------------------------------------------------------------------


class AccountPlanIn(Schema):
    period: str = Field(pattern="^(year|quarter|month)$")
    starts_on: date
    target_fen: int = Field(ge=0, le=10**15)
    note: str = Field("", max_length=2000)


class PlanOut(Schema):
    id: int
    period: str
    starts_on: date
    ends_on: date
    target_fen: Fen
    actual_fen: Fen
    percent: int | None


class AccountNoteIn(Schema):
    kind: str = Field(pattern="^(order|follow_up|logistics|technical)$")
    body: str = Field(min_length=1, max_length=4000)


class NoteOut(Schema):
    id: int
    kind: str
    at: datetime
    body: str
    author: UserRef


class AccountReviewIn(Schema):
    month: date
    summary: str = Field(min_length=1)
    next_steps: str = ""


class ReviewOut(Schema):
    id: int
    month: date
    target_fen: Fen
    actual_fen: Fen
    open_requests: int
    summary: str
    next_steps: str
    reviewed_by: UserRef


class RequestRef(Schema):
    id: int
    number: str
    subject: str
    status: str
    request_type: str


class KeyAccountOut(Schema):
    account_id: int
    key_account_manager: UserRef | None
    plans: list[PlanOut]
    notes: list[NoteOut]
    requests: list[RequestRef]
    reviews: list[ReviewOut]
