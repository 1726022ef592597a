"""Demo customer files: a car dealer (seed 000 [ARC]) with new-car and after-sales files.

Called by ``kefu.core.demo.build_demo``; built through the services with
explicit past ``now=`` values. Three weeks of deliveries: most files are
checked and handed over on time in 《用户档案签收薄》, some are handed over
资料不齐 or late (F1, F4, F5 go to the penalty ledger), two are still
waiting for the keeper, and two files are classified (机密, 绝密). Only the
site, users and positions are written directly (configuration).
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from kefu.customers.services import customer_create
from kefu.files import services
from kefu.files.models import ItemDefect
from kefu.files.presets import DEALER_POSITIONS
from kefu.org.models import Position, PositionAssignment, Site, User

FILES_SITE_CODE = "hongda4s"
USERNAMES = {
    "sales_consultant": [("hd_sunli", "孙丽"), ("hd_zhoupeng", "周鹏")],
    "service_advisor": [("hd_wuqiang", "吴强")],
    "file_keeper": [("hd_zhengyan", "郑艳")],
    "customer_director": [("hd_fengjun", "冯军")],
    "cs_manager": [("hd_heping", "何平")],
    "info_specialist": [("hd_lvna", "吕娜")],
    "gm": [("hd_gaoming", "高明")],
}
NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
MODELS = ["帕萨特 330TSI", "途观L 380TSI", "朗逸 1.5L", "迈腾 330TSI"]


def build_files_demo(*, superuser: User, password: str, group: Group, now: datetime) -> Site:
    rng = random.Random(2026)
    site = Site.objects.create(
        code=FILES_SITE_CODE, name="宏达4S店", kind="car_dealer", hotline="0755-83001234"
    )
    people: dict[str, list[User]] = {}
    for code, name, capabilities in DEALER_POSITIONS:
        position = Position.objects.create(
            site=site, code=code, name=name, capabilities=capabilities
        )
        for username, display in USERNAMES[code]:
            staff = code in ("customer_director", "cs_manager")
            user = User.objects.create(
                username=username, display_name=display, password=password, is_staff=staff
            )
            if staff:
                user.groups.add(group)
            PositionAssignment.objects.create(user=user, position=position)
            people.setdefault(code, []).append(user)
    new_car = services.file_kind_preset_apply(actor=superuser, site=site, key="new_car")
    after_sales = services.file_kind_preset_apply(actor=superuser, site=site, key="after_sales")
    keeper = people["file_keeper"][0]
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    for n in range(18):
        day = today - timedelta(days=21 - n)
        delivered = datetime.combine(day, time(10 + n % 6), tzinfo=tz)
        kind = new_car if n % 3 else after_sales
        hander = (
            people["service_advisor"][0]
            if kind is after_sales
            else people["sales_consultant"][n % 2]
        )
        customer = customer_create(
            actor=keeper,
            site=site,
            kind="vehicle_user",
            name=f"{rng.choice(NAMES)}{'先生' if rng.random() < 0.5 else '女士'}",
            phone=f"13{rng.randint(500000000, 999999999)}",
            id_number=f"4403{rng.randint(10**13, 10**14 - 1)}",
            plate=f"粤B{rng.randint(10000, 99999)}",
        )
        vehicle = customer.vehicles.get()
        file = services.file_open(
            actor=keeper,
            site=site,
            kind=kind,
            customer=customer,
            vehicle=vehicle,
            responsible=hander,
            sold_at=delivered - timedelta(days=3),
            delivered_at=delivered,
            confidentiality={5: "confidential", 11: "top_secret"}.get(n, "ordinary"),
            cabinet=f"A{1 + n // 6}",
            shelf_position=f"{1 + n % 6}层",
            keyed_data={"model": rng.choice(MODELS)},
        )
        if n >= 16:
            continue  # still being collected: the overdue scan may charge them
        lacking = {"invoice_copy"} if n % 5 == 0 else set()
        checked = delivered + timedelta(hours=2)
        for item in file.items.select_related("item"):
            if item.item.code in lacking:
                continue
            defect = ItemDefect.CUSTOMER_SIGNATURE if (n == 4 and item.item.needs_signature) else ""
            services.file_item_check(
                actor=keeper, file_item=item, present=True, defect=defect, now=checked
            )
        late = n % 7 == 3
        handed = delivered + timedelta(days=6 if late else 1, hours=1)
        line = services.handover_register(actor=hander, file=file, now=handed)
        if n < 15:
            services.handover_receive(actor=keeper, handover=line, now=handed + timedelta(hours=1))
    services.files_overdue_scan(now=now)
    services.file_violations_repeat(now=now)
    _requests(site, people, now)
    return site


def _requests(site: Site, people: dict[str, list[User]], now: datetime) -> None:
    """A pending access application to the 机密 file, a paper file out on loan, and a
    small checked import waiting for the keeper's confirmation."""
    from django.core.files.base import ContentFile

    from kefu.files.models import CustomerFile
    from kefu.files.services.imports import import_check

    keeper = people["file_keeper"][0]
    adviser = people["service_advisor"][0]
    secret = CustomerFile.objects.filter(site=site, confidentiality="confidential").first()
    if secret is not None:
        services.access_apply(
            actor=adviser,
            file=secret,
            purpose="核对保养记录",
            reason="客户来电投诉保养项目,需查阅原始合同",
            now=now - timedelta(hours=3),
        )
    ordinary = CustomerFile.objects.filter(site=site, confidentiality="ordinary").first()
    loan = services.loan_request(
        actor=adviser,
        file=ordinary,
        material="购车合同原件",
        reason="办理车辆过户",
        days=2,
        now=now - timedelta(days=1),
    )
    services.loan_decide(
        actor=people["info_specialist"][0], loan=loan, approve=True, now=now - timedelta(days=1)
    )
    rows = "客户名称,手机\n陈女士,13912345678\n林先生,13812345679\n"
    job = services.import_upload(
        actor=keeper, site=site, upload=ContentFile(rows.encode(), name="新客户名单.csv")
    )
    import_check(job=job)
