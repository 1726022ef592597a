"""Input and output schemas of the complaints API."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from kefu.core.schemas import Day


class StepOut(Schema):
    step: str
    actor_id: int | None
    on_behalf_of_id: int | None
    at: datetime
    due_at: datetime | None
    note: str
    data: dict


class SlipOut(Schema):
    id: int
    to_position_id: int
    sender_id: int
    receiver_id: int
    summary: str
    approved_by_id: int | None
    approved_at: datetime | None
    sender_name: str
    sender_signed_at: datetime | None
    receiver_name: str
    receiver_signed_at: datetime | None
    archived_at: datetime | None


class ShareOut(Schema):
    kind: str
    name: str
    department_id: int | None
    percent: Decimal
    cost_fen: int


class MemoOut(Schema):
    facts: str
    repair_cost: Decimal
    repair_deadline: Day | None
    customer_confirmed: bool
    countersigned_by_id: int | None
    completed_at: datetime | None
    delivered_on: Day | None
    shares: list[ShareOut]


class ComplaintOut(Schema):
    id: int
    ticket_id: int
    number: str
    site_id: int
    stage: str
    category: str | None
    subject: str
    is_serious: bool
    is_major: bool
    major_triggers: list[str]
    complained_about_id: int | None
    answered_at_intake: bool
    not_accepted_reason: str
    transfer_position_id: int | None
    transfer_receiver_id: int | None
    compensation_amount: Decimal | None
    reply_method: str
    reply_satisfaction: str
    customer_words: str
    visit_state: str
    visit_due_on: Day | None
    handling_opinion_due: datetime | None
    closure_due: datetime | None
    sla_next_due: datetime | None
    steps: list[StepOut]
    slip: SlipOut | None
    memo: MemoOut | None


class ComplaintRow(Schema):
    id: int
    number: str
    stage: str
    subject: str
    is_major: bool
    sla_next_due: datetime | None
    visit_due_on: Day | None


class OpinionOut(Schema):
    id: int
    author_id: int
    author_for_id: int | None
    investigation: str
    opinion: str
    penalty_person_id: int | None
    penalty_amount: Decimal | None
    compensation_amount: Decimal | None
    submitted_at: datetime
    due_at: datetime | None
    status: str
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str


class NoticeOut(Schema):
    id: int
    complaint_id: int | None
    kind: str
    recipient_id: int | None
    recipient_label: str
    subject: str
    sent_at: datetime
    due_at: datetime | None
    done_at: datetime | None


class IntakeIn(Schema):
    site_id: int
    channel_id: int
    category_id: int
    subject: str = ""
    content: str
    occurred_at: datetime | None = None
    occurred_place: str = ""
    customer_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    is_serious: bool = False
    complained_about_id: int | None = None
    answer: str = Field("", description="Answered at once: the complaint is closed.")
    answer_method: str = ""
    satisfaction: str = ""
    customer_words: str = ""


class AcceptIn(Schema):
    accept: bool = True
    reason: str = ""
    category_id: int | None = None
    is_serious: bool | None = None
    major_triggers: list[str] = []
    complained_about_id: int | None = None


class TransferIn(Schema):
    position_id: int | None = None
    receiver_id: int | None = None
    summary: str = ""


class DecideIn(Schema):
    approve: bool
    note: str = ""


class SignIn(Schema):
    name: str = ""


class ShareIn(Schema):
    kind: str
    name: str = ""
    percent: str
    department_id: int | None = None


class MemoIn(Schema):
    facts: str
    repair_cost: str
    repair_deadline: Day | None = None
    customer_confirmed: bool = False
    shares: list[ShareIn]


class DeliveryIn(Schema):
    delivered_on: Day


class OpinionIn(Schema):
    investigation: str
    opinion: str
    penalty_person_id: int | None = None
    penalty_amount: str | None = None
    compensation_amount: str | None = None


class ReplyIn(Schema):
    reply_content: str
    reply_method: str
    satisfaction: str
    customer_words: str = ""


class ComplaintVisitIn(Schema):
    satisfied: bool
    note: str = ""


class NoteIn(Schema):
    note: str = ""
