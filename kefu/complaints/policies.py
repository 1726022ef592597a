"""Complaint workflow presets: the seeds' flows as ready-made site policies.

``PRESETS`` maps a stable key to the policy fields, the capabilities each
position gets (so "who may do each step" is position capabilities, deputies
included through ``org.Absence``), the compensation authority table and the
positions a preset adds. ``complaint_preset_apply`` copies a preset into a
site's ``ComplaintPolicy``; the admin can edit the copy.
"""

from decimal import Decimal
from typing import Any

from kefu.complaints.rules import DEFAULT_STEP_CAPABILITIES, MAJOR_TRIGGERS

PRESETS: dict[str, dict[str, Any]] = {
    # seed 002 第一篇 [XLM] 喜临门北方家具 (L14–158), with the major-complaint
    # rules and the authority table of seed 000 [4SC] (L551–565).
    "furniture_maker": {
        "label": "家具制造商客诉流程 (seed 002 [XLM] + seed 000 [4SC])",
        "seed": "seed 002 L40–158; seed 000 L551–565",
        "policy": {
            "step_capabilities": dict(DEFAULT_STEP_CAPABILITIES),
            "transfer_needs_approval": True,  # seed 002 L62
            "opinion_needs_approval": True,  # seed 002 L86, L96, L128
            "memo_categories": ["product_quality"],  # seed 002 L108
            "answerable_categories": ["grievance", "suggestion"],  # seed 002 L60, L70, L94
            "closure_days": 7,  # seed 000 L345
            "warning_hours": 24,  # seed 000 L557
            "major_triggers": list(MAJOR_TRIGGERS),  # seed 000 L557
            "major_notify_positions": ["gm"],  # seed 000 L559 (+ the category owner)
            "warning_positions": ["brand_head", "legal_head"],  # seed 000 L557
            "visit_days_after_reply": 15,  # seed 002 L158
            "visit_days_after_delivery": 1,  # seed 002 L156 "交货期第2天"
            "reopen_on_unsatisfied_visit": True,  # seed 004 L373, seed 002 [LAW] L320
        },
        # Positions the desk preset does not have: the warning report's receivers.
        "departments": [("brand", "品牌事业部"), ("legal", "法务部")],
        "positions": [
            ("brand_head", "品牌事业部负责人", "brand"),
            ("legal_head", "法务部负责人", "legal"),
        ],
        "capabilities": {
            "cs_director": [
                "complaints.intake",
                "complaints.accept",
                "complaints.transfer",
                "complaints.reply",
                "complaints.visit",
                "complaints.close",
            ],
            "gm": ["complaints.approve"],
            "vp_sales": ["complaints.handle"],
            "production_manager": ["complaints.handle", "complaints.memo"],
            "logistics_director": ["complaints.handle"],
            "system_head": ["complaints.handle"],
            "sales_manager": ["complaints.memo"],
        },
        # 权限核决表 (seed 000 L565) is named but not reproduced in the seed: these
        # limits are the shipped defaults, to be set per site in the admin.
        "authority": [
            ("cs_director", Decimal("500")),
            ("vp_sales", Decimal("2000")),
            ("production_manager", Decimal("2000")),
            ("gm", Decimal("20000")),
        ],
    },
}


def describe(key: str) -> str:
    preset = PRESETS[key]
    lines = [f"{preset['label']} ({preset['seed']})"]
    lines += [f"{k} = {v}" for k, v in preset["policy"].items()]
    lines += [f"authority {p} ≤ {a}" for p, a in preset["authority"]]
    return "\n".join(lines)
