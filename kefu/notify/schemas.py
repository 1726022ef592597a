from datetime import datetime

from ninja import Schema

from kefu.core.schemas import PageOut, PageQuery


class NotificationOut(Schema):
    id: int
    site_id: int
    kind: str
    subject: str
    body: str
    link: str
    ticket_id: int | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(PageOut):
    items: list[NotificationOut]


class NotificationQuery(PageQuery):
    unread: bool = False


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int
