"""Demo customer files: a car dealer (seed 000 [ARC]) with new-car and after-sales files;
call recordings at the property service centre (seed 000 L35).

Called by ``kefu.core.demo.build_demo``; built through the services with
explicit past ``now=`` values. Three weeks of deliveries: most files are
checked and handed over on time in 《用户档案签收薄》, some are handed over
资料不齐 or late (F1, F4, F5 go to the penalty ledger), two are still
waiting for the keeper, and two files are classified (机密, 绝密). The dealer
also has two half-yearly custody inspections (the last one seven months ago,
so the next is overdue), graded files under the [GRD] scheme, a copy and a
disclosure application (the disclosure approved once, waiting for its second
approver), an export and a refused one. The property centre (``sunshine``) keeps
call recordings of its hotline requests, one extracted into 《录音存档记录表》,
and destructions of expired ones. Only sites, users, positions and retention or
grading settings are written directly (configuration).
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
    "info_supervisor": [("hd_tangjie", "唐洁")],
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
    _custody_and_grades(site, people, now)
    _disclosures(site, people, now)
    build_recordings_demo(now=now)
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


def _custody_and_grades(site: Site, people: dict[str, list[User]], now: datetime) -> None:
    """Two custody inspections (L487–491) and grades under the [GRD] scheme (seed 001)."""
    from kefu.files.models import CustomerFile, GradingSetting

    keeper = people["file_keeper"][0]
    today = timezone.localdate(now)
    files = list(CustomerFile.objects.filter(site=site).order_by("id"))
    services.inspection_record(
        actor=keeper,
        site=site,
        inspected_on=today - timedelta(days=395),
        scope="档案柜 A1–A3",
        findings=[
            services.FindingInput("faded", "标签字迹褪色", "A1", repair="重新打印标签"),
        ],
        today=today,
    )
    last = services.inspection_record(
        actor=keeper,
        site=site,
        inspected_on=today - timedelta(days=212),
        scope="档案柜 A1–A3, 电子档案备份",
        environment_ok=False,
        note="A3 柜底层受潮,已放置防潮剂",
        findings=[
            services.FindingInput("damp", "底层档案袋受潮", "A3 1层", file=files[12]),
            services.FindingInput("damaged", "合同复印件破损", "A2 3层", file=files[8]),
        ],
        today=today,
    )
    services.finding_repair(
        actor=keeper,
        finding=last.findings.get(kind="damaged"),
        repair="重新复印并装订",
        repaired_on=today - timedelta(days=205),
        today=today,
    )
    GradingSetting.objects.create(site=site, preset_key="seed001_annual_abc")
    director = people["customer_director"][0]
    values = [8_000_000, 2_500_000, 600_000, 3_000_000, 9_500_000, 120_000]
    ordinary = [f for f in files if f.confidentiality == "ordinary"]
    for file, yuan in zip(ordinary[:6], values, strict=True):
        credit = "good" if yuan > 1_000_000 else "normal"
        scheme_grade = "A" if yuan >= 5_000_000 else "B" if yuan >= 1_000_000 else "C"
        services.file_grade(
            actor=director,
            file=file,
            grade=scheme_grade,
            annual_value_fen=yuan * 100,
            credit_rating=credit,
            now=now - timedelta(days=20),
        )
    # a regrade after the probation: no longer temporary, due in the March round
    services.file_grade(
        actor=director,
        file=ordinary[1],
        grade="A",
        annual_value_fen=2_500_000 * 100,
        credit_rating="good",
        reason="战略合作客户,销售部长会议复评为A",
        now=now - timedelta(days=2),
    )


def _disclosures(site: Site, people: dict[str, list[User]], now: datetime) -> None:
    """A copy application, a disclosure with its first of two approvals (L525, L529),
    a refused export and an export of an ordinary file."""
    import contextlib
    import os

    from kefu.core.errors import KefuError
    from kefu.files.models import CustomerFile

    adviser = people["service_advisor"][0]
    secret = CustomerFile.objects.filter(site=site, confidentiality="confidential").first()
    ordinary = CustomerFile.objects.filter(site=site, confidentiality="ordinary").last()
    services.access_apply(
        actor=people["file_keeper"][0],
        file=secret,
        kind="export",
        purpose="复印购车合同",
        reason="客户办理贷款需合同复印件",
        now=now - timedelta(hours=5),
    )
    disclosure = services.access_apply(
        actor=adviser,
        file=ordinary,
        kind="disclose",
        recipient="平安保险深圳分公司理赔部",
        purpose="提供保险理赔所需车辆资料",
        reason="客户出险,保险公司来函索取行驶证及购车发票复印件",
        now=now - timedelta(hours=4),
    )
    services.access_decide(
        actor=people["info_supervisor"][0],
        application=disclosure,
        approve=True,
        note="资料范围限于行驶证、发票",
        now=now - timedelta(hours=2),
    )
    with contextlib.suppress(KefuError):  # the refusal stays in the access log
        services.file_export(actor=people["sales_consultant"][0], file=secret, origin="10.0.0.23")
    export = services.file_export(actor=people["file_keeper"][0], file=ordinary, origin="10.0.0.8")
    os.unlink(export.path)


RECORDINGS_SITE_CODE = "sunshine"


def _wav(seconds: float = 0.2) -> bytes:
    """A short silent WAV (8 kHz, 8-bit mono): a stand-in for a recorded call."""
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * int(8000 * seconds))
    return buffer.getvalue()


def build_recordings_demo(*, now: datetime) -> None:
    """Call recordings of the property centre's hotline requests (seed 000 L35): kept 30
    days, one extracted for a request not finished in time, one expired recording
    destroyed with the 总经理's approval and one waiting for it."""
    from django.core.files.base import ContentFile

    from kefu.desk.models import Ticket
    from kefu.files.models import RecordingStatus

    site = Site.objects.filter(code=RECORDINGS_SITE_CODE).first()
    if site is None:
        return
    extra = {
        "cs_director": ["files.recordings", "files.manage", "files.see_personal"],
        "cs_clerk": ["files.recordings"],
        "gm": ["files.approve_destruction", "files.manage"],
    }
    for position in Position.objects.filter(site=site, code__in=extra):
        position.capabilities = sorted({*(position.capabilities or []), *extra[position.code]})
        position.save(update_fields=["capabilities"])
    services.retention_rule_preset_apply(actor=None, site=site, key="seed000_recordings")
    clerk = (
        User.objects.filter(assignments__position__site=site)
        .filter(assignments__position__code="cs_clerk")
        .first()
    )
    tickets = list(
        Ticket.objects.filter(site=site)
        .exclude(recording_ref="")
        .select_related("customer")
        .order_by("received_at")[:14]
    )
    recordings = []
    for ticket in tickets:
        recordings.append(
            services.recording_add(
                actor=clerk,
                site=site,
                upload=ContentFile(_wav(), name=f"{ticket.recording_ref or ticket.number}.wav"),
                called_at=ticket.received_at,
                phone=ticket.contact_phone or (ticket.customer.phone if ticket.customer else ""),
                ticket=ticket,
                agent=ticket.received_by,
                duration_seconds=60 + ticket.pk % 240,
                now=now,
            )
        )
    if not recordings:
        return
    open_ones = [r for r in recordings if r.ticket.status not in ("closed", "rejected")]
    if open_ones:
        services.recording_extract(
            actor=clerk,
            recording=open_ones[0],
            reason="特殊事件未能及时处理完成,提取录音备查",
            location="客服中心档案室 录音备份盘 B-03",
            now=now - timedelta(hours=1),
        )
    director = (
        User.objects.filter(
            assignments__position__site=site, assignments__position__code="cs_director"
        )
        .exclude(is_superuser=True)
        .first()
    )
    gm = User.objects.filter(
        assignments__position__site=site, assignments__position__code="gm"
    ).first()
    expired = [
        r
        for r in recordings
        if r.status == RecordingStatus.KEPT
        and r.ticket.status in ("closed", "rejected")
        and (now - r.called_at).days > 31
    ]
    for index, recording in enumerate(expired[:2]):
        record = services.destruction_request(
            actor=director, recording=recording, reason="录音保存期满30天", now=now
        )
        if index == 0:
            services.destruction_decide(actor=gm, destruction=record, approve=True, now=now)
