"""API schemas of return visits and satisfaction surveys."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from kefu.core.schemas import Day, PageOut, PageQuery, RecordId, UserRef
from kefu.visits.models import ActionStatus, VisitReason, VisitStatus
from kefu.visits.selectors import VisitFilters


class NamedRef(Schema):
    id: int
    name: str


class PositionRef(Schema):
    id: int
    code: str
    name: str


class TicketRef(Schema):
    id: int
    number: str
    subject: str


class VisitUnitRef(Schema):
    id: int
    building: str
    number: str


class VisitOut(Schema):
    id: int
    site: NamedRef
    reason: VisitReason
    reason_label: str
    customer: NamedRef | None
    unit: VisitUnitRef | None
    ticket: TicketRef | None
    follows_id: int | None
    anchor_on: Day | None
    due_on: Day
    first_due_on: Day
    visitor: UserRef | None
    visitor_position: PositionRef | None
    status: VisitStatus
    attempts: int
    reached: bool | None
    satisfaction: int | None
    satisfaction_label: str
    satisfied: bool | None = Field(description="By the site's scale; null until reached.")
    comment: str
    customer_words: str
    note: str
    done_at: datetime | None
    done_by: UserRef | None
    done_for: UserRef | None = Field(description="The absent visitor a deputy recorded for.")

    @staticmethod
    def resolve_reason_label(obj: Any) -> str:
        return str(obj.get_reason_display())


class VisitPage(PageOut):
    items: list[VisitOut]


class VisitQuery(PageQuery):
    bucket: Literal["open", "overdue", "today", "upcoming", "not_reached", "done", "all"] = "open"
    site: RecordId | None = None
    reason: VisitReason | None = None
    customer: RecordId | None = None
    mine: bool = False

    def to_filters(self) -> VisitFilters:
        return VisitFilters(
            bucket=self.bucket,
            site=self.site,
            reason=self.reason.value if self.reason else "",
            customer=self.customer,
            mine=self.mine,
        )


class VisitIn(Schema):
    site_id: RecordId
    reason: VisitReason
    due_on: Day
    customer_id: RecordId | None = None
    ticket_id: RecordId | None = None
    unit_id: RecordId | None = None
    visitor_id: RecordId | None = None
    anchor_on: Day | None = None
    note: str = Field("", max_length=2000)


class RecordIn(Schema):
    reached: bool
    satisfaction: int | None = None
    comment: str = Field("", max_length=4000)
    customer_words: str = Field("", max_length=4000)


class RescheduleIn(Schema):
    due_on: Day
    note: str = Field("", max_length=500)


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class HandoverIn(Schema):
    customer_id: RecordId
    unit_id: RecordId | None = None
    handed_over_on: Day


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    required: bool


class QuestionStatsOut(Schema):
    question_id: int
    text: str
    answered: int
    average: Decimal | None
    satisfied_percent: Decimal | None


class CampaignOut(Schema):
    id: int
    site: NamedRef
    name: str
    year: int
    status: str
    target_rule: str
    opens_on: Day | None
    closes_on: Day | None
    target_percent: int | None
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj: Any) -> list:
        return list(obj.questionnaire.questions.all())


class CampaignStatsOut(Schema):
    targets: int
    answered: int
    response_rate: Decimal | None
    overall_average: Decimal | None
    overall_satisfied_percent: Decimal | None
    below_target: bool
    questions: list[QuestionStatsOut]


class CampaignDetailOut(CampaignOut):
    stats: CampaignStatsOut


class AnswerIn(Schema):
    target_id: RecordId
    answers: dict[str, int | str] = Field(
        description="Question id → a scale value (scale questions) or text."
    )


class TargetOut(Schema):
    id: int
    customer: NamedRef
    responded_at: datetime | None
    responded_via: str


class ActionIn(Schema):
    title: str = Field(max_length=200)
    owner_id: RecordId
    due_on: Day
    measure: str = Field("", max_length=4000)
    question_id: RecordId | None = None


class ActionUpdateIn(Schema):
    status: ActionStatus
    result: str = Field("", max_length=4000)


class ActionOut(Schema):
    id: int
    title: str
    measure: str
    owner: UserRef
    due_on: Day
    status: str
    result: str
    done_at: datetime | None
