"""Schemas of the portal API (the desk side: identities to match, online items)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from kefu.core.schemas import PageOut, PageQuery


class UnconfirmedQuery(PageQuery):
    site: int | None = None


class PortalRequestOut(Schema):
    id: int
    site_id: int
    ticket_id: int
    ticket_number: str = Field(alias="ticket.number")
    phone: str
    identity_confirmed: bool
    matched_by_id: int | None = None
    matched_at: datetime | None = None
    withdrawn_at: datetime | None = None
    created_at: datetime


class PortalRequestPage(PageOut):
    items: list[PortalRequestOut]


class MatchIn(Schema):
    customer_id: int


class OnlineQuery(PageQuery):
    site: int | None = None
    #: the public reply's state (empty: all)
    status: Literal["", "none", "submitted", "returned", "approved", "published"] = ""


class OnlineIn(Schema):
    site_id: int
    request_type: str
    source: str
    url: str
    content: str
    subject: str = ""
    category_id: int | None = None


class OnlineOut(Schema):
    id: int
    site_id: int
    ticket_id: int
    ticket_number: str = Field(alias="ticket.number")
    source: str
    url: str
    reply_draft: str
    reply_status: str
    review_department_id: int | None = None
    reviewed_by_id: int | None = None
    reviewed_at: datetime | None = None
    review_note: str
    published_at: datetime | None = None


class OnlinePage(PageOut):
    items: list[OnlineOut]


class DraftIn(Schema):
    text: str


class ReviewIn(Schema):
    approve: bool
    note: str = ""
