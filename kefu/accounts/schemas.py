"""API schemas of business accounts. Money is in fen (integers), dates ISO."""

from datetime import date, datetime

from ninja import Field, Schema

from kefu.core.schemas import RecordId, UserRef

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
    invoice_date: date
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


class EntryIn(Schema):
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
