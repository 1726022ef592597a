"""Field-service presets: a site is set up from one, then edited in the admin.

``PRESETS`` maps a stable key to a ``FieldPreset``: the positions and their
capabilities, the SLA clocks (desk SLA engine duration kinds), the warranty
strategy, the cash limit and the patrol checklist, each with its seed
reference. ``kefu.field.services.field_preset_apply`` copies a preset into the
site's ``FieldSettings``, warranty rules and checkpoints. Every preset has a
test with the seed's numbers (``tests/test_policies.py``).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

#: Capability codes of the field app (positions carry them; ``kefu.org``).
INTAKE = "field.intake"  # create work orders (also ``desk.register``)
APPROVE = "field.approve"  # the division manager approves (seed 001 L29)
DISPATCH = "field.dispatch"  # assign a technician (seed 001 L29)
WORK = "field.work"  # a technician: arrive, record, complete (seed 001 L19–41)
FINANCE = "field.finance"  # receive the technician's cash (seed 001 L41)
PATROL = "field.patrol"  # patrol a site (seed 004 L237)
ALL = (INTAKE, APPROVE, DISPATCH, WORK, FINANCE, PATROL)


@dataclass(frozen=True)
class WarrantyStrategy:
    """``fixed``: one period for every product (``months``); ``per_product``:
    a ``WarrantyRule`` per product, none means charged."""

    key: str
    months: int | None = None

    def describe(self) -> str:
        if self.key == "fixed":
            return f"fixed: {self.months} months from the purchase date"
        return "per product (warranty rules in the admin)"


@dataclass(frozen=True)
class FieldPreset:
    key: str
    name: Any
    seed: str
    positions: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    warranty: WarrantyStrategy
    settings: dict[str, Any] = field(default_factory=dict)
    checkpoints: tuple[tuple[str, bool], ...] = ()

    def describe(self) -> str:
        lines = [f"{self.name} ({self.seed})", self.warranty.describe()]
        lines += [f"{k} = {v}" for k, v in self.settings.items()]
        lines += [
            f"{i}. {name}{' ✍' if sign else ''}"
            for i, (name, sign) in enumerate(self.checkpoints, 1)
        ]
        return "\n".join(lines)


#: Department names for the presets' positions (a site's own names win).
DEPARTMENTS = {
    "cs": "客户服务部",
    "gps": "GPS事业部",
    "finance": "财务部",
    "engineering": "工程部",
    "after_sales": "售后服务部",
}

# seed 004 L393 (reply 0.5 h, on site 48 h), L271 (urgent general problems 12 h)
SEED_004_CLOCKS = {
    "reply_kind": "calendar_hours",
    "reply_amount": Decimal("0.5"),
    "onsite_kind": "calendar_hours",
    "onsite_amount": Decimal("48"),
    "urgent_kind": "calendar_hours",
    "urgent_amount": Decimal("12"),
}

# seed 004 L237–265: 一检 现场交底 … 八检 整体验收; checks 1, 2 and 8 are signed
# by the customer (L239, L243, L265).
DECORATION_CHECKPOINTS = (
    ("一检 现场交底", True),
    ("二检 材料验收", True),
    ("三检 隐蔽工程验收", False),
    ("四检 木工验收", False),
    ("五检 油漆验收", False),
    ("六检 安装验收", False),
    ("七检 保洁验收", False),
    ("八检 整体验收", True),
)

PRESETS: dict[str, FieldPreset] = {
    p.key: p
    for p in (
        FieldPreset(
            key="gps_vendor",
            name=_("GPS-terminal vendor"),
            seed="seed 001 L9–71 [GPS]",
            positions=(
                ("cs_clerk", "客服专员", "cs", (INTAKE, "desk.register")),
                ("gps_manager", "GPS事业部经理", "gps", (APPROVE, DISPATCH, INTAKE)),
                ("technician", "安装维修人员", "gps", (WORK,)),
                ("finance", "财务", "finance", (FINANCE,)),
            ),
            # seed 001 L17: out of warranty only parts are charged; the period is
            # per product (not in the seed: configure a warranty rule per product).
            warranty=WarrantyStrategy("per_product"),
            # seed 001 L41: cash to finance immediately on return (1 working day);
            # the seed gives no reply/on-site numbers: seed 004's are the default.
            settings={**SEED_004_CLOCKS, "cash_limit_working_days": 1, "charge_parts_only": True},
        ),
        FieldPreset(
            key="property_centre",
            name=_("Property service centre"),
            seed="seed 000 L29, L721; seed 004 L393",
            positions=(
                ("cs_clerk", "客服专员", "cs", (INTAKE,)),
                ("engineering_supervisor", "工程主管", "engineering", (APPROVE, DISPATCH)),
                ("technician", "维修技工", "engineering", (WORK,)),
                ("cs_director", "客服主任", "cs", (FINANCE, INTAKE)),
            ),
            warranty=WarrantyStrategy("per_product"),
            settings={**SEED_004_CLOCKS, "cash_limit_working_days": 1, "charge_parts_only": False},
        ),
        FieldPreset(
            key="home_decoration",
            name=_("Home-decoration contractor"),
            seed="seed 004 L237–277, L393",
            positions=(
                ("cs_clerk", "客服专员", "cs", (INTAKE, PATROL)),
                ("repair_lead", "维修负责人", "after_sales", (APPROVE, DISPATCH)),
                ("technician", "维修工", "after_sales", (WORK, PATROL)),
                ("finance", "财务", "finance", (FINANCE,)),
            ),
            # seed 004 L269: 所有轻舟客户均享受三年保修服务
            warranty=WarrantyStrategy("fixed", months=36),
            settings={
                **SEED_004_CLOCKS,
                "cash_limit_working_days": 1,
                "charge_parts_only": False,
                "patrol_interval_days": 5,
            },
            checkpoints=DECORATION_CHECKPOINTS,
        ),
    )
}
