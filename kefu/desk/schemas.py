"""API schemas of the service desk: requests, their transitions and timeline."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import model_validator

from kefu.core.schemas import (
    Day,
    LocalDatetime,
    PageOut,
    PageQuery,
    PatchSchema,
    RecordId,
    Ref,
    UserRef,
)
from kefu.desk.models import Status, Urgency
from kefu.desk.selectors import TicketFilters


class CustomerRef(Schema):
    id: int
    name: str


class UnitRef(Schema):
    id: int
    building: str
    number: str


class TicketListItem(Schema):
    """A request as the desk list shows it. Every reference is joined by
    ``ticket_queryset``, so a page serialises without further queries."""

    id: int
    number: str
    site: Ref
    request_type: Ref
    category: Ref | None
    channel: Ref
    status: Status
    status_label: str
    urgency: Urgency
    is_serious: bool
    subject: str
    customer: CustomerRef | None
    contact_name: str
    received_at: datetime
    received_by: UserRef
    received_for: UserRef | None = Field(
        description="The absent designated registrar the request was received for."
    )
    handling_position: Ref | None
    assignee: UserRef | None
    replied_at: datetime | None
    closed_at: datetime | None
    sla_next_due: datetime | None = Field(
        description="The earliest deadline of a clock not done yet; empty while paused."
    )
    sla_next_clock: str
    sla_paused_at: datetime | None = Field(description="Waiting on the customer since.")
    urge_count: int

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class SlaClockOut(Schema):
    clock: str = Field(examples=["first_response"])
    label: str
    target: str
    due: datetime | None
    done_at: datetime | None
    state: str = Field(description="running, overdue, paused, met or missed.")


class PauseOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    reason: str
    started_by: UserRef
    ended_by: UserRef | None


class UrgeOut(Schema):
    id: int
    at: datetime
    actor: UserRef
    note: str


class SlaMarkOut(Schema):
    """A warning or escalation step that was sent (once per deadline)."""

    at: datetime
    kind: str = Field(description="warning or escalation.")
    clock: str = Field(description="Empty for a step counted from intake.")
    due: datetime
    step: int
    recipients: list[str]


class SlaOut(Schema):
    """The request's SLA: deadlines per clock, pauses, urges and the state now."""

    policy: str
    state: str = Field(description="none, running, due_soon, overdue, paused or done.")
    next_due: datetime | None
    next_clock: str
    paused_since: datetime | None
    paused_seconds: int
    calendar_uncovered: bool = Field(
        description="A deadline falls in a year without the statutory holiday calendar."
    )
    clocks: list[SlaClockOut]
    pauses: list[PauseOut]
    urges: list[UrgeOut]
    alerts: list[SlaMarkOut]

    @staticmethod
    def resolve_alerts(obj) -> list[dict]:
        return [
            {
                "at": m.at,
                "kind": m.kind,
                "clock": m.clock,
                "due": m.due,
                "step": m.step,
                "recipients": names,
            }
            for m, names in obj.marks
        ]

    @staticmethod
    def resolve_paused_seconds(obj) -> int:
        return int(obj.paused_total.total_seconds())


class TicketOut(TicketListItem):
    """The full 《訴求(需求)記錄表》 record, and what the caller may do with it."""

    unit: UnitRef | None
    contact_phone: str
    content: str
    occurred_at: datetime | None
    occurred_place: str
    recording_ref: str
    handling_department: Ref | None
    assigned_for: UserRef | None = Field(
        description="The absent position holder the assignee works for."
    )
    rejection_reason: str
    result: str
    reply_content: str
    reply_method: str
    reopen_count: int
    accepted_at: datetime | None
    assigned_at: datetime | None
    created_at: datetime
    updated_at: datetime
    actions: list[str] = Field(
        description="Transitions the caller may apply now (POST …/transitions)."
    )
    sla: SlaOut | None


class TicketPage(PageOut):
    count_capped: bool = Field(
        False,
        description="True when more than 10,000 requests match: count is then 10,000 "
        "(the exact total of a large filtered set is not counted).",
    )
    items: list[TicketListItem]


class TicketQuery(PageQuery):
    """Filters of the desk list (``kefu.desk.selectors.TicketFilters``)."""

    q: str = Field("", description="Number prefix, subject, content, caller or phone digits.")
    site: RecordId | None = None
    status: list[Status] = Field([], description="Repeat for several statuses.")
    type: str = Field("", description="Request type code, e.g. complaint.")
    category: RecordId | None = None
    channel: RecordId | None = None
    assignee: RecordId | None = None
    mine: bool = Field(False, description="Only requests assigned to the caller.")
    open: bool = Field(False, description="Only requests still open.")
    date_from: Day | None = Field(None, description="Received on or after this day.")
    date_to: Day | None = Field(None, description="Received on or before this day.")
    sla: Literal["", "overdue", "due_soon"] = Field(
        "", description="overdue, or due_soon (the next deadline within an hour)."
    )

    def to_filters(self) -> TicketFilters:
        return TicketFilters(
            q=self.q,
            site=self.site,
            status=[s.value for s in self.status],
            request_type=self.type,
            category=self.category,
            channel=self.channel,
            assignee=self.assignee,
            mine=self.mine,
            open_only=self.open,
            date_from=self.date_from,
            date_to=self.date_to,
            sla=self.sla,
        )


class TicketIn(Schema):
    """Register a request. The type is given by ``type_id`` or ``type_code``."""

    # The schema says what ``_one_type`` checks: exactly one of the two is given.
    model_config = {
        "json_schema_extra": {
            "oneOf": [
                {
                    "required": ["type_id"],
                    "properties": {"type_id": {"type": "integer"}, "type_code": {"type": "null"}},
                },
                {
                    "required": ["type_code"],
                    "properties": {"type_code": {"type": "string"}, "type_id": {"type": "null"}},
                },
            ]
        }
    }

    site_id: RecordId
    type_id: RecordId | None = None
    type_code: str | None = Field(None, examples=["complaint"])
    channel_id: RecordId
    category_id: RecordId | None = None
    customer_id: RecordId | None = None
    unit_id: RecordId | None = None
    contact_name: str = Field("", max_length=100)
    contact_phone: str = ""
    subject: str = Field("", max_length=200)
    content: str
    occurred_at: LocalDatetime | None = None
    occurred_place: str = Field("", max_length=200)
    urgency: Urgency = Urgency.NORMAL
    is_serious: bool = False
    recording_ref: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _one_type(self) -> "TicketIn":
        if (self.type_id is None) == (self.type_code is None):
            raise ValueError("give exactly one of type_id and type_code")
        return self

    def ref_ids(self) -> dict[str, Any]:
        """The ids to resolve at the site (``ticket_refs_for``)."""
        keys = ("type_id", "type_code", "channel_id", "category_id", "customer_id", "unit_id")
        return {key: getattr(self, key) for key in keys if getattr(self, key) is not None}

    def details(self) -> dict[str, Any]:
        """The plain fields, for ``ticket_register``."""
        data = self.dict(
            exclude={
                "site_id",
                "type_id",
                "type_code",
                "channel_id",
                "category_id",
                "customer_id",
                "unit_id",
            }
        )
        data["urgency"] = self.urgency.value
        return data


REF_FIELDS = ("category_id", "channel_id", "customer_id", "unit_id")


class TicketPatch(PatchSchema):
    """Correct a request: only the fields present change; ``null`` clears the
    category, customer, unit or time of the event."""

    nullable = frozenset({"category_id", "customer_id", "unit_id", "occurred_at"})

    category_id: RecordId | None = None
    channel_id: RecordId | None = None
    customer_id: RecordId | None = None
    unit_id: RecordId | None = None
    contact_name: str | None = Field(None, max_length=100)
    contact_phone: str | None = None
    subject: str | None = Field(None, max_length=200)
    content: str | None = None
    occurred_at: LocalDatetime | None = None
    occurred_place: str | None = Field(None, max_length=200)
    urgency: Urgency | None = None
    is_serious: bool | None = None
    recording_ref: str | None = Field(None, max_length=200)

    def ref_ids(self) -> dict[str, Any]:
        return {k: v for k, v in self.changes().items() if k in REF_FIELDS}

    def details(self) -> dict[str, Any]:
        return {k: v for k, v in self.changes().items() if k not in REF_FIELDS}


class TransitionIn(Schema):
    """One step of the status flow: accept, reject, assign, start, reply, close, reopen."""

    action: str = Field(examples=["accept"])
    reason: str = Field("", description="Required to reject or reopen.")
    note: str = ""
    assignee_id: RecordId | None = Field(
        None, description="For assign; by default whoever holds the routed position now."
    )
    reply_content: str = Field("", description="Required to reply.")
    result: str = ""
    reply_method: str = Field("", max_length=50)


class CommentIn(Schema):
    note: str


class PauseIn(Schema):
    reason: str = Field(description="Why the request waits on the customer.")


class UrgeIn(Schema):
    note: str = ""


class TimelineEntryOut(Schema):
    id: int
    at: datetime
    action: str = Field(examples=["desk.ticket_registered"])
    actor: UserRef | None
    on_behalf_of: UserRef | None
    changes: dict[str, list[Any]] = Field(description="Field → [before, after].")
    note: str
