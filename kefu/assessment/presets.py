"""Scorecard presets: the seeds' assessment schemes, ready to copy into a site.

``PRESETS`` maps a stable key to a ``ScorecardPreset``; ``services.
scorecard_template_preset_apply`` copies one into a site's ``ScorecardTemplate``
and the admin edits the copy. Names are the seeds' own words (configuration
data, like the desk presets). Every preset has a test with the seed's numbers
(``tests/test_presets.py``).

Where the seed is silent the preset makes a documented choice an admin can
change: the seed gives the sections' points but not the items' (seed 002
§7.3), so only the three items that can be forfeited get an allocation, equal
to their per-incident points × 5 (the wipe-out then costs what the fifth
incident would); the other items deduct freely within their section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class I:  # noqa: E742 - a preset item, kept short so the tables below read like the seed
    code: str
    name: str
    points: str
    unit: str = "occurrence"
    rule: str = ""
    up_to: str | None = None
    max_points: str | None = None
    forfeit_at: int | None = None
    measure: str = "manual"
    options: dict[str, Any] = field(default_factory=dict)

    def as_fields(self, order: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "rule": self.rule,
            "order": order,
            "unit": self.unit,
            "points": Decimal(self.points),
            "points_up_to": Decimal(self.up_to) if self.up_to else None,
            "max_points": Decimal(self.max_points) if self.max_points else None,
            "forfeit_at": self.forfeit_at,
            "measure": self.measure,
            "measure_options": dict(self.options),
        }


@dataclass(frozen=True)
class S:
    code: str
    name: str
    max_points: str | None
    items: tuple[I, ...]
    is_bonus: bool = False


@dataclass(frozen=True)
class ScorecardPreset:
    key: str
    name: Any
    seed: str
    template_name: str
    max_total: str
    run_day: int
    sections: tuple[S, ...]
    scope: str = "site"
    cap_total: bool = False
    #: Capabilities given to the site's positions (by code) when the preset is applied:
    #: the 总经理 approves and signs off, the 客服主任 assesses.
    capabilities: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "gm": ("assessment.assess", "assessment.approve"),
            "cs_director": ("assessment.assess",),
        }
    )

    def describe(self) -> str:
        lines = [f"{self.name} ({self.seed}): {self.max_total}, day {self.run_day}"]
        for s in self.sections:
            lines.append(f"{s.name} ({s.max_points or '+'})")
            for i in s.items:
                extra = f", {i.forfeit_at}+ → −{i.max_points}" if i.forfeit_at else ""
                lines.append(f"  {i.name}: {i.points}/{i.unit}{extra} [{i.measure}]")
        return "\n".join(lines)


TELECOM = ScorecardPreset(
    key="telecom",
    name=_("Telecom maintenance contractor (DW)"),
    seed="seed 002 L162–L210 (full score 95, L164)",
    template_name="代维客户投诉处理考核办法(V1.0)",
    max_total="95",
    run_day=7,
    sections=(
        S(
            "conduct",
            "一、工作规范",
            "15",
            (
                I(
                    "confidentiality",
                    "保密制度",
                    "5",
                    up_to="15",
                    rule="不得泄密移动公司内部资料及测试数据,视情节的严重性进行扣分 (L168)",
                ),
                I(
                    "dress",
                    "衣着仪表",
                    "1",
                    unit="person_occurrence",
                    rule="穿着正装,佩戴工作证,不得穿拖鞋 (L170)",
                ),
                I(
                    "caller_id_10086",
                    "“10086”号码使用",
                    "1",
                    max_points="5",
                    forfeit_at=5,
                    rule=(
                        "只能在工作期间使用,每次联系客户不得超过两次;"
                        "月累计5次以上扣除该项目所有分数 (L172)"
                    ),
                ),
                I("instruments", "测试仪表维护", "3", rule="借用登记,做好保管和维护 (L172)"),
                I(
                    "satisfaction",
                    "客户满意度",
                    "3",
                    rule="不得随意承诺客户,须征得移动负责人同意 (L174)",
                ),
                I("language", "言语规范", "2", rule="礼貌用语,不得出现激动的语气 (L174)"),
            ),
        ),
        S(
            "tickets",
            "二、投诉单处理及现场测试规范",
            "40",
            (
                I(
                    "eoms_timeliness",
                    "EOMS投诉单处理及时率",
                    "2",
                    unit="ticket",
                    max_points="10",
                    forfeit_at=5,
                    measure="desk_deadline_missed",
                    options={"clocks": ["first_response", "reply"]},
                    rule=(
                        "签收2小时;最终回复特急10小时、紧急15小时、一般24小时;"
                        "月累计5张以上扣除该项目所有分数 (L178)"
                    ),
                ),
                I(
                    "average_handling",
                    "月投诉单平均处理时长",
                    "5",
                    unit="month",
                    measure="desk_average_reply_hours",
                    options={"max_hours": 17},
                    rule="每个月投诉单的平均处理时长不能超过17小时 (L178)",
                ),
                I(
                    "fault_tickets",
                    "故障及疑似故障投诉单处理",
                    "1",
                    unit="ticket",
                    rule="3个工作日内完成现场测试数据采集和前一个月的话务分析 (L180)",
                ),
                I(
                    "reply_wording",
                    "投诉单回复用语规范",
                    "1",
                    unit="ticket",
                    max_points="5",
                    forfeit_at=5,
                    rule="严格按照用语规范回复;月累计5次以上扣除该项目所有分数 (L180)",
                ),
                I(
                    "site_test",
                    "现场测试数据采集",
                    "2",
                    unit="ticket",
                    rule="室内CQT不少于10分钟+室外100~200米DT;室内外各照一张相 (L184)",
                ),
                I(
                    "return_visit",
                    "客户回访",
                    "2",
                    unit="ticket",
                    measure="return_visit_late",
                    rule="已解决的当天回访,后续措施解决的1周内回访 (L186)",
                ),
                I(
                    "repeat_complaint",
                    "客户二次投诉",
                    "5",
                    unit="ticket",
                    rule="经证实是代维人为失误引起的二次投诉 (L188)",
                ),
                I(
                    "special_complaint",
                    "特殊投诉处理及时性",
                    "5",
                    unit="ticket",
                    rule="公司领导或大客户投诉,按移动要求的时间到现场 (L188)",
                ),
            ),
        ),
        S(
            "solutions",
            "三、投诉解决方案",
            "20",
            (
                I(
                    "solution_ladder",
                    "解决方案建议流程",
                    "2",
                    unit="ticket",
                    rule="由上至下考虑解决方案,不得跨流程 (L196)",
                ),
                I(
                    "cell_parameters",
                    "小区参数修改时限",
                    "1",
                    unit="ticket",
                    rule="小区参数修改不得超过2个工作日完成 (L196)",
                ),
                I(
                    "antenna_request",
                    "天线调整申请",
                    "2",
                    unit="ticket",
                    rule="不改变原覆盖效果;距离按区域类型 (L196)",
                ),
                I(
                    "planned_sites",
                    "利用已有建站方案解决",
                    "2",
                    unit="ticket",
                    rule="基站名对应《基站选址建设表》,不得弄虚作假 (L196)",
                ),
                I(
                    "repeater_request",
                    "直放站规划申请",
                    "3",
                    unit="ticket",
                    rule="大客户或投诉点有5个以上移动客户 (L196)",
                ),
                I(
                    "station_request",
                    "基站规划申请",
                    "2",
                    unit="ticket",
                    rule="综合考虑周边环境、效益、理想选点位置 (L196)",
                ),
            ),
        ),
        S(
            "reports",
            "四、报表类",
            "20",
            (
                I(
                    "tracking_table",
                    "投诉跟踪表",
                    "1",
                    rule="每天早上9:30补充完整前天的投诉单 (L200)",
                ),
                I(
                    "test_data",
                    "测试数据",
                    "1",
                    rule="每天9:30上传测试报告;每月30日发整月投诉测试表 (L200)",
                ),
                I(
                    "fault_tracking",
                    "故障及疑似故障投诉跟踪表",
                    "1",
                    unit="ticket",
                    rule="每周一早上9:30填报 (L202)",
                ),
                I(
                    "analysis_report",
                    "网络投诉分析报告",
                    "1",
                    rule="每个月7号前提交前个月的报告 (L202)",
                ),
                I("e_map", "电子地图", "2", rule="每月15、30日,mapinfo和google图层 (L204)"),
                I("case_report", "案例报告", "1", rule="投诉解决后3个工作日内提交 (L206)"),
            ),
        ),
        S(
            "bonus",
            "五、加分",
            None,
            (
                I(
                    "solved_by_parameters",
                    "通过小区参数调整解决的投诉",
                    "1",
                    unit="ticket",
                    rule="(L210)",
                ),
                I("solved_by_antenna", "通过天线调整解决的投诉", "1", unit="ticket", rule="(L210)"),
                I(
                    "case_adopted",
                    "投诉案例分析报告被省公司采纳",
                    "2",
                    unit="report",
                    rule="(L210)",
                ),
            ),
            is_bonus=True,
        ),
    ),
)

PRESETS: dict[str, ScorecardPreset] = {p.key: p for p in (TELECOM,)}
