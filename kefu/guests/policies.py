"""Reception presets: guest classes, escorts and caps a site starts from.

A site applies a preset (``services.guest_preset_apply``) and then edits the
copied classes and policy in the admin; ``settings`` never chooses a rule.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ClassSpec:
    code: str
    name: str
    host_level: str
    host_position: str
    cap_per_head: Decimal


@dataclass(frozen=True)
class GuestPreset:
    key: str
    label: str
    seed: str
    classes: tuple[ClassSpec, ...]
    escort_bands: tuple[tuple[int | None, int], ...]
    cap_tolerance_pct: int
    urge_working_days: int
    gift_report_position: str
    capabilities: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def describe(self) -> str:
        caps = ", ".join(f"{c.code} {c.cap_per_head}/人" for c in self.classes)
        return f"{self.label}: {caps}"


RECEIVE = "guests.receive"
APPROVE_SPEND = "guests.approve_spend"
HANDLE_URGING = "guests.handle_urging"

PRESETS: dict[str, GuestPreset] = {
    # seed 000 [RCP] L215–225: classes a–d, hosts, caps per head, escorts, gifts.
    "company_reception": GuestPreset(
        key="company_reception",
        label="公司接待标准 (seed 000 [RCP])",
        seed="seed 000 L215–225",
        classes=(
            ClassSpec("a", "公司贵客", "公司高层", "gm", Decimal("500")),
            ClassSpec("b", "贵宾", "部门总监", "", Decimal("300")),
            ClassSpec("c", "业务接待", "部门经理", "", Decimal("200")),
            ClassSpec("d", "普通接待", "部门主管或业务负责人", "cs_director", Decimal("150")),
        ),
        escort_bands=((4, 1), (10, 2), (None, 3)),
        cap_tolerance_pct=0,
        urge_working_days=3,
        gift_report_position="gm",
        capabilities={
            "cs_director": (RECEIVE, HANDLE_URGING),
            "cs_clerk": (RECEIVE,),
            "gm": (RECEIVE, APPROVE_SPEND, HANDLE_URGING),
            "engineering_supervisor": (HANDLE_URGING,),
        },
    ),
}
