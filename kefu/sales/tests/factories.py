"""A sales office (案场) with its people, for any preset."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from kefu.org.models import Position, Site, User
from kefu.org.tests.factories import SiteFactory, UserFactory
from kefu.sales.policies import Role
from kefu.sales.services import queue_compile, site_sales_setup

TZ = ZoneInfo("Asia/Shanghai")
CONSULTANTS = ["zhang", "wang", "li", "zhao", "liu", "chen"]
STAFF = {
    "receptionist": Role.RECEPTIONIST,
    "supervisor": Role.SUPERVISOR,
    "sales_manager": Role.SALES_MANAGER,
    "site_manager": Role.SITE_MANAGER,
    "marketing_manager": Role.MARKETING_MANAGER,
    "executive": Role.EXECUTIVE,
    "finance": Role.FINANCE,
}


def T(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ)


@dataclass
class Office:
    site: Site
    people: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.people[key]

    @property
    def consultants(self) -> list[User]:
        return [self.people[c] for c in CONSULTANTS]


def make_office(preset: str, code: str = "sales1", groups: bool = False) -> Office:
    site = SiteFactory(code=code, name=f"{code} 售楼处", kind="sales_office")
    consultant = Position.objects.create(site=site, code="consultant", name="置业顾问")
    office = Office(site)
    for username in CONSULTANTS:
        office.people[username] = UserFactory(
            username=f"{code}_{username}", display_name=username, positions=[consultant]
        )
    for key in STAFF:
        position = Position.objects.create(site=site, code=key, name=key)
        office.people[key] = UserFactory(
            username=f"{code}_{key}", display_name=key, positions=[position]
        )
    roles = {"consultant": Role.CONSULTANT, **STAFF}
    spec = [("g1", "一组", "g2"), ("g2", "二组", None)] if groups else [("main", "接待组", None)]
    site_sales_setup(actor=None, site=site, preset=preset, groups=spec, roles=roles)
    return office


def open_office(preset: str, consultants: int = 3) -> Office:
    """An office under ``preset`` whose day is compiled for today with its first
    ``consultants`` consultants in one group ("main"), in the order of ``CONSULTANTS``."""
    office = make_office(preset)
    queue_compile(
        actor=office["supervisor"],
        site=office.site,
        day=timezone.localdate(),
        order={"main": office.consultants[:consultants]},
    )
    return office
