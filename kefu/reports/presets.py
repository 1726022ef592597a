"""Named-report presets: the reports the seeds name by date, ready to schedule at a site.

``PRESETS`` maps a stable key to a ``SchedulePreset``;
``services.report_schedule_preset_apply`` copies one into a site's
``ReportSchedule`` and the admin edits the copy (day, time, periods back,
recipients). Names are the seeds' own words (configuration data, like the desk
and scorecard presets). Every preset has a test with the seed's dates
(``tests/test_schedules.py``).

Where the seed is ambiguous the preset makes a documented choice an admin can
change: "前天" in seed 002 L200 is literally the day before yesterday (``lag`` 2),
possibly meant as yesterday; "before the 7th" (L202) is sent on the 6th.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from kefu.reports import rules


@dataclass(frozen=True)
class SchedulePreset:
    key: str
    name: str
    period: str
    run_day: int | None
    run_time: time
    lag: int
    seed: str
    #: position codes that receive it where the site has them
    recipients: tuple[str, ...] = ("gm", "cs_director")


PRESETS: dict[str, SchedulePreset] = {
    p.key: p
    for p in (
        SchedulePreset(
            "complaint_statistics",
            "投诉统计表(每月10日前)",
            rules.MONTHLY,
            10,
            time(9, 0),
            1,
            "seed 000 L347: 行政人事部应于每月初10日内填报投诉统计表,呈报总经理审核",
        ),
        SchedulePreset(
            "tracking_daily",
            "投诉跟踪表(每天9:30,前天的投诉单)",
            rules.DAILY,
            None,
            time(9, 30),
            2,
            "seed 002 L200: 每天早上9:30…补充完整前天的投诉单",
        ),
        SchedulePreset(
            "fault_tracking_weekly",
            "故障及疑似故障投诉跟踪表(每周一9:30)",
            rules.WEEKLY,
            1,
            time(9, 30),
            1,
            "seed 002 L202: 每周一早上9:30将故障及疑似故障投诉的处理情况填报",
        ),
        SchedulePreset(
            "network_report_monthly",
            "网络投诉分析报告(每月7日前)",
            rules.MONTHLY,
            6,
            time(9, 30),
            1,
            "seed 002 L202: 每个月7号前提交前个月的网络投诉报告",
        ),
        SchedulePreset(
            "test_table_monthly",
            "整月投诉测试表(每月30日)",
            rules.MONTHLY,
            30,
            time(9, 30),
            0,
            "seed 002 L200: 每个月30日要将整月的投诉测试表整理好发到移动负责人处",
        ),
        SchedulePreset(
            "oms_weekly",
            "投诉周报",
            rules.WEEKLY,
            1,
            time(8, 0),
            1,
            "seed 000 L563: 客户投诉及其处理,必须录入OMS形成周报、月报",
        ),
        SchedulePreset(
            "oms_monthly",
            "投诉月报",
            rules.MONTHLY,
            1,
            time(8, 0),
            1,
            "seed 000 L563: 客户投诉及其处理,必须录入OMS形成周报、月报",
        ),
    )
}
