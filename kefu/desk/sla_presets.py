"""SLA presets: the seeds' deadlines as ready-made policies.

``PRESETS`` maps a stable key to an ``SlaPreset``: its targets (see
``kefu.desk.sla.TargetSpec``), options other apps read (report targets,
return-visit rules), and the seed reference. ``site_sla_preset_apply`` copies a
preset into a site's ``SlaPolicy``; the admin can edit the copy. Every preset
has a test with the seed's numbers (``tests/test_sla_presets.py``).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from kefu.desk.sla import StepSpec as S
from kefu.desk.sla import TargetSpec as T

# The default chain (issue #4): the assignee at the breach, the head of the
# handling department 4 h later, the 总经理 (position code ``gm``) one working
# day after the breach.
DEFAULT_CHAIN = (
    S("assignee"),
    S("department_head", "calendar_hours", 4),
    S("position", "working_days", 1, position_code="gm"),
)


@dataclass(frozen=True)
class SlaPreset:
    key: str
    name: Any
    seed: str
    targets: tuple[T, ...]
    options: dict[str, Any] = field(default_factory=dict)
    escalation: tuple[S, ...] = DEFAULT_CHAIN

    def describe(self) -> str:
        """One line per target, for the admin."""
        lines = []
        for t in self.targets:
            match = ", ".join(x for x in (t.request_type, t.category, t.urgency) if x) or "*"
            lines.append(f"{t.clock} [{match}]: {t.kind} {t.amount}")
        lines += [f"{k} = {v}" for k, v in self.options.items()]
        for s in self.escalation:
            who = s.position_code or s.recipient
            chain = "serious" if s.serious else "escalation"
            lines.append(f"{chain}: {who} +{s.amount} {s.kind} after {s.anchor}")
        return f"{self.name} ({self.seed})\n" + "\n".join(lines)


PRESETS: dict[str, SlaPreset] = {
    p.key: p
    for p in (
        SlaPreset(
            key="telecom",
            name=_("Telecom operator (DW)"),
            seed="seed 002 L178",
            targets=(
                # 签收 within 2 h; final reply 特急 10 h / 紧急 15 h / 一般 24 h.
                T("first_response", "calendar_hours", 2),
                T("reply", "calendar_hours", 24),
                T("reply", "calendar_hours", 15, urgency="urgent"),
                T("reply", "calendar_hours", 10, urgency="critical"),
            ),
            # Monthly average reply time ≤ 17 h: a report target, not a per-request clock.
            options={"monthly_average_reply_hours": 17},
        ),
        SlaPreset(
            key="distillery",
            name=_("Distillery (JC)"),
            seed="seed 002 L222-L248",
            targets=(
                # Register and confirm within 24 h; handle within 3 working days,
                # special cases (category code "special") 7 working days.
                T("first_response", "calendar_hours", 24),
                T("resolution", "working_days", 3),
                T("resolution", "working_days", 7, category="special"),
            ),
        ),
        SlaPreset(
            key="furniture_maker",
            name=_("Furniture maker (XLM)"),
            seed="seed 002 L116, L138, L146",
            targets=(
                # The handling department's opinion by the 2nd working day.
                T("handling_opinion", "working_days", 2, request_type="complaint"),
            ),
            options={
                # For the assessment app: internal penalty decided within 3 working days.
                "internal_penalty_working_days": 3,
                # For the visits app: return visit the day after a repaired product
                # is delivered, and 15 days after the reply.
                "return_visit_after_repaired_delivery": "next_day",
                "return_visit_days_after_reply": 15,
                # Escalation: the head of each handling department (position code).
                "department_heads": {
                    "cs": "cs_director",
                    "sales": "vp_sales",
                    "production": "production_manager",
                    "logistics": "logistics_director",
                    "admin": "system_head",
                },
            },
        ),
        SlaPreset(
            key="property_centre",
            name=_("Property management centre"),
            seed="seed 000 L345, L557, L645",
            targets=(
                # A solution within 1 working day; the complaint closed within 7 days.
                T("resolution", "working_days", 1, request_type="complaint"),
                T("closure", "calendar_days", 7, request_type="complaint"),
            ),
            options={
                "major_complaint_escalation_hours": 24,
                "department_heads": {
                    "cs": "cs_director",
                    "engineering": "engineering_supervisor",
                    "security": "security_captain",
                    "environment": "environment_supervisor",
                },
            },
            # A major complaint (重大投诉): the 总经理 at once (L559), and the
            # warning report to the brand division and legal within 24 h (L557),
            # sent at intake; at the breach the normal chain follows.
            escalation=(
                *DEFAULT_CHAIN,
                S("position", anchor="received", position_code="gm", serious=True),
                S("position", anchor="received", position_code="brand_division", serious=True),
                S("position", anchor="received", position_code="legal", serious=True),
                S("assignee", serious=True),
                S("position", position_code="gm", serious=True),
            ),
        ),
        SlaPreset(
            key="home_decoration",
            name=_("Home-decoration contractor"),
            seed="seed 004 §1 (L271, L277, L347, L393)",
            targets=(
                # Reply within 0.5 h; on site within 48 h, urgent within 12 h.
                T("first_response", "calendar_hours", Decimal("0.5")),
                T("resolution", "calendar_hours", 48),
                T("resolution", "calendar_hours", 12, urgency="urgent"),
                T("resolution", "calendar_hours", 12, urgency="critical"),
            ),
        ),
    )
}
