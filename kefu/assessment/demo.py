"""Demo scorecards: the telecom scheme (seed 002 §7.3) computed over the demo's months.

Called by ``kefu.core.demo.build_demo`` after the requests and visits are
played, through the services with explicit ``now=`` values: the preset is
applied to the property centre (its desk and visits feed the computed items),
every finished month the demo covers is computed as on its run day, the
assessor adds a few entries with reasons and the 总经理 as approver, the
oldest month is signed off and then corrected by one adjustment; the latest
month is left as a draft to sign off.

The penalty ledger gets two entries of last month (seed 002 L82-86: 50 yuan
proposed on an approved handling opinion): one approved, one approved and then
appealed by the person charged — the appeal is left pending for the 总经理.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kefu.assessment import rules, services
from kefu.assessment.models import LedgerStatus, ScorecardItem
from kefu.org.models import Site, User

ENTRIES = [
    ("dress", None, "巡检发现未佩戴工作证"),
    ("language", None, "客户反映电话中语气激动"),
    ("tracking_table", None, "投诉跟踪表漏填一单"),
    ("solved_by_parameters", None, "通过小区参数调整解决"),
    ("confidentiality", Decimal("5"), "测试数据发给无关人员"),
    ("case_adopted", None, "案例分析报告被省公司采纳"),
]


def build_assessment_demo(*, site: Site, people: dict[str, list[User]], now: datetime) -> None:
    director, gm = people["cs_director"][0], people["gm"][0]
    template = services.scorecard_template_preset_apply(actor=None, site=site, key="telecom")
    items = {i.code: i for i in ScorecardItem.objects.filter(section__template=template)}
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    months = []
    month = rules.previous_month(today)
    for _ in range(3):
        months.append(month)
        month = rules.previous_month(month)
    cards = []
    for n, month in enumerate(reversed(months)):
        run_day = rules.next_month(month).replace(day=template.run_day)
        at = datetime.combine(run_day, time(9), tzinfo=tz)
        if at > now:
            at = now
        [card] = services.scorecard_run(actor=director, template=template, month=month, now=at)
        for code, points, reason in ENTRIES[n : n + 3]:
            services.scorecard_entry_add(
                actor=director,
                scorecard=card,
                item=items[code],
                points=points,
                reason=reason,
                approver=gm,
                now=at,
            )
        cards.append((card, at))
    oldest, at = cards[0]
    services.scorecard_sign_off(actor=gm, scorecard=oldest, now=at + timedelta(hours=2))
    services.scorecard_adjust(
        actor=director,
        scorecard=oldest,
        points=Decimal("1"),
        reason="复核: 一单回访已按时完成, 补回扣分",
        approver=gm,
        item=items["return_visit"],
        now=at + timedelta(days=1),
    )
    _ledger_demo(site=site, people=people, at=cards[-1][1])


def _ledger_demo(*, site: Site, people: dict[str, list[User]], at: datetime) -> None:
    director, gm = people["cs_director"][0], people["gm"][0]
    charged = [(people["technician"][0], "维修后未按约定时间回复客户"),
               (people["engineering_supervisor"][0], "工单派发延误导致客户投诉")]  # fmt: skip
    entries = []
    for n, (person, reason) in enumerate(charged):
        occurred = at - timedelta(days=20 - n)
        entry = services.ledger_entry_record(
            actor=director,
            site=site,
            person=person,
            rule="complaints.opinion_penalty",
            occurred_at=occurred,
            amount_fen=5000,
            reason=reason,
            dedupe_key=f"demo.ledger:{n}",
        )
        if entry.status == LedgerStatus.PROPOSED:
            entry = services.ledger_entry_approve(
                actor=gm, entry=entry, now=occurred + timedelta(hours=3)
            )
        entries.append(entry)
    pending = entries[-1]
    if pending.status == LedgerStatus.APPROVED and not pending.appealed_at:
        services.ledger_entry_appeal(
            actor=pending.person,
            entry=pending,
            reason="派单延误系系统故障, 已有工单系统截图为证",
            now=at,
        )
