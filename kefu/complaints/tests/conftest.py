"""Fixtures: the furniture maker (``xlm``) with the complaint preset applied."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.complaints import services
from kefu.complaints.models import Complaint
from kefu.customers.tests.factories import CustomerFactory
from kefu.desk.models import Category, Channel
from kefu.org.models import Position
from kefu.org.tests.factories import UserFactory

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hm: str = "09:00") -> datetime:
    """A Shanghai time on ``day`` (2026-03-02 is a Monday, a working day)."""
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TZ)


@dataclass
class Maker:
    preset: object
    customer: object

    @property
    def site(self):
        return self.preset.site

    def __getitem__(self, code):
        return self.preset[code]

    def category(self, code: str) -> Category:
        return Category.objects.get(site=self.site, request_type__code="complaint", code=code)

    def channel(self, code: str = "phone") -> Channel:
        return Channel.objects.get(site=self.site, code=code)

    def position(self, code: str) -> Position:
        return Position.objects.get(site=self.site, code=code)

    def intake(self, category: str = "product_quality", *, now=None, **kw) -> Complaint:
        data = {
            "actor": self["cs_director"],
            "site": self.site,
            "channel": self.channel(),
            "category": self.category(category),
            "subject": "沙发扶手开裂",
            "content": "2026年3月1日在沈阳专卖店交货的沙发扶手开裂",
            "occurred_at": at("2026-03-01", "15:00"),
            "occurred_place": "沈阳专卖店",
            "customer": self.customer,
            "now": now or at("2026-03-02"),
        }
        data.update(kw)
        return services.complaint_intake(**data)


@pytest.fixture
def maker(xlm) -> Maker:
    services.complaint_preset_apply(actor=None, site=xlm.site, key="furniture_maker")
    xlm.users["sales_manager"] = UserFactory(
        username="qian_sales", positions=[xlm.position("sales_manager")]
    )
    xlm.users["brand_head"] = UserFactory(
        username="feng_brand", positions=[xlm.position("brand_head")]
    )
    xlm.users["legal_head"] = UserFactory(
        username="jiang_legal", positions=[xlm.position("legal_head")]
    )
    customer = CustomerFactory(site=xlm.site, kind="dealer", name="沈阳经销商")
    return Maker(xlm, customer)
