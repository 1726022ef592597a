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
