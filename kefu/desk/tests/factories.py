"""Desk test data is made through the services, so the rules always apply."""

from datetime import datetime

from kefu.desk.models import Category, Channel, RequestType, Ticket
from kefu.desk.services import ticket_register
from kefu.org.models import Site, User


def register_ticket(
    *,
    actor: User,
    site: Site,
    type_code: str = "complaint",
    category_code: str | None = "product_quality",
    channel_code: str | None = None,
    now: datetime | None = None,
    **kwargs,
) -> Ticket:
    """Register a request at a preset site with sensible defaults."""
    request_type = RequestType.objects.get(site=site, code=type_code)
    channel = (
        Channel.objects.get(site=site, code=channel_code)
        if channel_code
        else Channel.objects.filter(site=site).first()
    )
    category = (
        Category.objects.get(request_type=request_type, code=category_code)
        if category_code and request_type.categories.exists()
        else None
    )
    defaults = {
        "subject": "床垫弹簧断裂",
        "content": "经销商反映一批床垫弹簧断裂",
        "occurred_at": now or datetime.fromisoformat("2010-09-10T10:00:00+08:00"),
        "occurred_place": "哈尔滨门店",
    }
    defaults.update(kwargs)
    return ticket_register(
        actor=actor,
        site=site,
        request_type=request_type,
        channel=channel,
        category=category,
        now=now,
        **defaults,
    )
