"""Demo credit accounts: the furniture maker's dealers as a distributor (seed 000 篇五).

Called by ``kefu.core.demo.build_demo`` through the services with explicit
past dates: the posts of 篇五 are added to the maker's site, and three dealers
get accounts — one within its limit, one over it with a first over-limit
shipment signed off by the 区域经理, and one without credit (no contract),
refused and then shipped against payment. Four joint-venture partners graded
A–D go through admission; the A and B files are archived for the half year.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from kefu.accounts import services
from kefu.accounts.models import ContractKind, EntryKind
from kefu.accounts.presets import POSITIONS
from kefu.org.models import Department, Position, PositionAssignment, Site, User

PEOPLE = {
    "sales_clerk": ("fangli", "方莉"),
    "regional_manager": ("liuqiang", "刘强"),
    "sales_director": ("heyun", "何云"),
    "logistics_specialist": ("tangbo", "唐波"),
    "warehouse_keeper": ("xumin", "徐敏"),
    "market_head": ("gaolin", "高林"),
    "partner_unit": ("dengjun", "邓军"),
    "partner_office": ("songyan", "宋燕"),
    "market_development": ("panhui", "潘慧"),
}

# 《联营工程合作方入网审批表》 filled in (main table + three annexes).
ADMISSION_FORM = {
    "form_main": {
        "company": "宏建建筑劳务有限公司",
        "address": "石家庄市裕华区槐安路88号",
        "legal_representative": "王建国",
        "licence_number": "91130100MA0000001X",
        "contact": "0311-86001234",
    },
    "annex_staff": {"managers": "项目经理3人", "technicians": "技术员12人", "headcount": "85"},
    "annex_equipment": {"equipment": "塔吊2台、挖掘机3台", "owned_or_leased": "自有"},
    "annex_record": {"qualifications": "施工总承包三级", "projects": "住宅楼5栋"},
}

# Four partners A–D (seed 000 篇七): name, grade, out of town, region, reputation.
PARTNERS = [
    ("宏建建筑劳务有限公司", "A", False, "石家庄及周边", "守约,工程款结算无纠纷"),
    ("远大机电安装工程公司", "B", True, "太原、大同", "履约较好"),
    ("华北钢构制作厂", "C", False, "保定", "偶有工期延误"),
    ("顺达土石方工程队", "D", True, "张家口", "曾有安全事故记录"),
]


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
    month = today.replace(day=1)
    for period, start, target in (
        ("year", today.replace(month=1, day=1), 6_000_000),
        ("quarter", today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), 1_500_000),
        ("month", month, 500_000),
    ):
        services.sales_plan_set(
            actor=rm, account=within, period=period, starts_on=start, target_fen=target
        )
    services.account_note_add(
        actor=rm, account=within, kind="follow_up", body="跟单:本月第二批床垫已排产", now=now
    )

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

    _partners(site, users, now)


def _partners(site: Site, users: dict[str, User], now: datetime) -> None:
    unit = Department.objects.create(site=site, code="jv_unit", name="第一工程公司")
    admitted = now - timedelta(days=200)
    for i, (name, grade, out_of_town, region, reputation) in enumerate(PARTNERS):
        form = {k: dict(v) for k, v in ADMISSION_FORM.items()}
        form["form_main"]["company"] = name
        partner = services.partner_register(
            actor=users["partner_unit"],
            site=site,
            name=name,
            responsible_unit=unit,
            out_of_town=out_of_town,
            region=region,
            reputation=reputation,
            senior_visits=grade == "B",
            score_contract=95 - 10 * i,
            score_safety_quality=92 - 10 * i,
            score_cooperation=90 - 10 * i,
            **form,
        )
        services.partner_onsite_check(
            actor=users["partner_unit"],
            partner=partner,
            checked_on=admitted.date(),
            address="confirmed",
            staff="confirmed",
            equipment="confirmed",
        )
        services.partner_submit(actor=users["partner_unit"], partner=partner, now=admitted)
        services.partner_initial_check(
            actor=users["partner_office"], partner=partner, admit=True, grade=grade, now=admitted
        )
        if i < 2:
            services.partner_visit_record(
                actor=users["partner_unit"],
                partner=partner,
                visited_on=(now - timedelta(days=40 + 30 * i)).date(),
                visitors="邓军",
                updates={"next_moves": "关注下半年投标计划"},
            )
    services.partner_snapshots_take(actor=users["partner_office"], site=site, now=now)
    # The last partner (grade D) won a bid: the unit proposes C, waiting for the two
    # departments to decide jointly (L387).
    services.grade_change_propose(
        actor=users["partner_unit"],
        partner=partner,
        to_grade="C",
        reason="上半年中标两项工程,履约良好",
        now=now - timedelta(days=2),
    )
