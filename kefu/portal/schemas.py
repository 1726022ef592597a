"""Schemas of the portal API (the desk side: identities to match)."""

from datetime import datetime

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
