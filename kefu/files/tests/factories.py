"""A car dealer (seed 000 [ARC]) with the people of the file rules, and its files."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kefu.customers.models import Customer, Vehicle
from kefu.customers.tests.factories import CustomerFactory
from kefu.files import services
from kefu.files.models import FileKind
from kefu.files.presets import DEALER_POSITIONS
from kefu.org.models import Position, Site, User
from kefu.org.tests.factories import PositionFactory, SiteFactory, UserFactory

SH = ZoneInfo("Asia/Shanghai")

USERNAMES = {
    "sales_consultant": "zhang_sales",
    "service_advisor": "wang_service",
    "file_keeper": "li_keeper",
    "customer_director": "zhao_director",
    "cs_manager": "qian_csm",
    "info_supervisor": "tang_infosup",
    "info_specialist": "sun_info",
    "gm": "zhou_gm",
}


def at(text: str) -> datetime:
    """A Shanghai time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@dataclass
class Dealer:
    site: Site
    users: dict[str, User]
    new_car: FileKind
    after_sales: FileKind

    def __getitem__(self, code: str) -> User:
        return self.users[code]

    def position(self, code: str) -> Position:
        return Position.objects.get(site=self.site, code=code)


def make_dealer(code: str = "dealer") -> Dealer:
    site = SiteFactory(code=code, name="4S店", kind="car_dealer")
    users = {}
    for pos_code, name, caps in DEALER_POSITIONS:
        position = PositionFactory(site=site, code=pos_code, name=name, capabilities=caps)
        username = USERNAMES[pos_code]
        users[pos_code] = UserFactory(username=f"{username}_{code}", positions=[position])
    new_car = services.file_kind_preset_apply(actor=None, site=site, key="new_car")
    after_sales = services.file_kind_preset_apply(actor=None, site=site, key="after_sales")
    return Dealer(site, users, new_car, after_sales)


def vehicle_of(site: Site, plate: str, name: str = "车主") -> tuple[Customer, Vehicle]:
    customer = CustomerFactory(site=site, kind="vehicle_user", name=name)
    vehicle = Vehicle.objects.create(customer=customer, site=site, plate=plate)
    return customer, vehicle


def open_vehicle_file(dealer: Dealer, kind: FileKind, plate: str, **kwargs):
    customer, vehicle = vehicle_of(dealer.site, plate)
    kwargs.setdefault(
        "responsible",
        dealer["sales_consultant"] if kind.handed_by == "sales" else dealer["service_advisor"],
    )
    return services.file_open(
        actor=dealer["file_keeper"],
        site=dealer.site,
        kind=kind,
        customer=customer,
        vehicle=vehicle,
        **kwargs,
    )


def complete_all(dealer: Dealer, file, *, except_codes=(), now=None) -> None:
    for item in file.items.select_related("item"):
        if item.item.code in except_codes:
            continue
        services.file_item_check(actor=dealer["file_keeper"], file_item=item, present=True, now=now)


def wav(seconds: float = 0.1) -> bytes:
    """A short silent WAV, the stand-in for a recorded call."""
    from kefu.files.demo import _wav

    return _wav(seconds)


def grant(position: Position, *capabilities: str) -> None:
    """Give a position more capabilities (configuration, as the admin does)."""
    position.capabilities = sorted({*(position.capabilities or []), *capabilities})
    position.save(update_fields=["capabilities"])


def recording_centre(pmc):
    """The property centre of the shared ``pmc`` fixture, keeping call recordings
    (seed 000 L35): clerks keep them, the 客服主任 manages them, the 总经理 approves
    destructions."""
    grant(pmc.position("cs_clerk"), "files.recordings")
    grant(pmc.position("cs_director"), "files.recordings", "files.manage", "files.see_personal")
    grant(pmc.position("gm"), "files.approve_destruction")
    return pmc


def close_ticket(pmc, ticket, when: datetime):
    """Accept, reply and close a request of the centre at ``when``."""
    from datetime import timedelta

    from kefu.desk import services as desk

    director = pmc["cs_director"]
    desk.ticket_accept(actor=director, ticket=ticket, now=when - timedelta(hours=2))
    desk.ticket_reply(
        actor=director, ticket=ticket, reply_content="已处理", now=when - timedelta(hours=1)
    )
    return desk.ticket_close(actor=director, ticket=ticket, now=when)
