"""Demo credit accounts: the furniture maker's dealers as a distributor (seed 000 篇五).

Called by ``kefu.core.demo.build_demo`` through the services with explicit
past dates: the posts of 篇五 are added to the maker's site, and three dealers
get accounts — one within its limit, one over it with a first over-limit
shipment signed off by the 区域经理, and one without credit (no contract),
refused and then shipped against payment.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from kefu.accounts import services
from kefu.accounts.models import ContractKind, EntryKind
from kefu.accounts.presets import POSITIONS
from kefu.org.models import Position, PositionAssignment, Site, User

PEOPLE = {
    "sales_clerk": ("fangli", "方莉"),
    "regional_manager": ("liuqiang", "刘强"),
    "sales_director": ("heyun", "何云"),
    "logistics_specialist": ("tangbo", "唐波"),
    "warehouse_keeper": ("xumin", "徐敏"),
    "market_head": ("gaolin", "高林"),
}


def _posts(site: Site, password: str) -> dict[str, User]:
    users = {}
    for code, (name, caps) in POSITIONS.items():
        position = Position.objects.create(site=site, code=code, name=name, capabilities=list(caps))
        username, display = PEOPLE[code]
        users[code] = User.objects.create(
            username=username, display_name=display, password=password
        )
        PositionAssignment.objects.create(user=users[code], position=position)
    return users


def build_accounts_demo(*, site: Site, customers: list, password: str, now: datetime) -> None:
    users = _posts(site, password)
    clerk, rm = users["sales_clerk"], users["regional_manager"]
    today = timezone.localdate(now)

    def day(n: int):
        return today - timedelta(days=n)

    def entry(account, kind, n, fen, ref):
        services.credit_entry_record(
            actor=clerk,
            account=account,
            kind=kind,
            occurred_on=day(n),
            amount_fen=fen,
            reference=ref,
        )

    def ship(account, n, fen, **kw):
        return services.shipment_request(
            actor=clerk,
            account=account,
            amount_fen=fen,
            invoice_date=day(n),
            now=now - timedelta(days=n),
            **kw,
        )

    contract = {
        "id_copy_on_file": True,
        "contract_kind": ContractKind.DISTRIBUTION,
        "contract_signed_on": day(400),
        "settlement_agreement": True,
    }
    within = services.account_open(
        actor=clerk,
        site=site,
        customer=customers[0],
        code="D001",
        is_key_account=True,
        key_account_manager=rm,
        **contract,
    )
    entry(within, EntryKind.SHIPMENT, 25, 300_000, "FP-D001-1")
    entry(within, EntryKind.PAYMENT, 12, 300_000, "HK-D001-1")
    ship(within, 2, 120_000)

    over = services.account_open(
        actor=clerk, site=site, customer=customers[1], code="D002", **contract
    )
    entry(over, EntryKind.SHIPMENT, 20, 500_000, "FP-D002-1")
    entry(over, EntryKind.PAYMENT, 18, 500_000, "HK-D002-1")
    ship(over, 3, 500_000)
    refused = ship(over, 3, 100_000)
    services.shipment_sign_over_limit(actor=rm, shipment=refused, now=now - timedelta(days=3))

    cash = services.account_open(
        actor=clerk, site=site, customer=customers[2], code="D003", id_copy_on_file=True
    )
    ship(cash, 1, 50_000)
    ship(cash, 1, 50_000, prepaid_fen=50_000, recovery_plan="现款提货,月底前结清余款")
