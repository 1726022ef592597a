"""Notice presets: who drafts, approves, seals, issues and records at a site.

Each step is a capability held through positions (deputies included through
``org.Absence``); a preset grants them to the positions a desk preset made and
sets the site's numbers. ``notice_preset_apply`` copies one into a site.
"""

from typing import Any

DRAFT = "notices.draft"  # a department drafts (seed 000 L47)
APPROVE = "notices.approve"  # the leader consents (seed 000 L49)
SEAL = "notices.seal"  # the GM office approves the seal application (seed 000 L49)
ISSUE = "notices.issue"  # sends to customers (seed 002 L76: only the 客服主任)
RECORD = "notices.record"  # records paper sign-offs, chases, inspections (seed 000 L51)

CAPABILITIES = (DRAFT, APPROVE, SEAL, ISSUE, RECORD)

PRESETS: dict[str, dict[str, Any]] = {
    # seed 000 [TEN] 4.8 (L41–53): departments draft, the leader consents, the GM
    # office seals, operations deliver and collect signatures. Who may send is
    # narrowed to the 客服主任 as in seed 002 L76.
    # Relationship upkeep greets customers on their birthday (seed 000 L753, L773).
    "property_centre": {
        "label": "物业服务中心对外发文 (seed 000 [TEN] 4.8)",
        "seed": "seed 000 L41–53, L753, L773; seed 002 L76",
        "settings": {
            "rectification_working_days": 5,
            "link_valid_days": 30,
            "fire_safety_day": 1,
            "birthday_greetings": True,
            "birthday_lead_days": 7,
        },
        "capabilities": {
            "cs_director": [DRAFT, ISSUE, RECORD],
            "cs_clerk": [DRAFT, RECORD],
            "security_captain": [DRAFT, RECORD],
            "engineering_supervisor": [DRAFT],
            "gm": [APPROVE, SEAL],
        },
    },
    # seed 002 [XLM] (L74–88): a department drafts, the 系统负责人 reviews, the
    # 总经理 approves, only the 客服主任 sends.
    "furniture_maker": {
        "label": "家具制造商对客发文 (seed 002 [XLM])",
        "seed": "seed 002 L74–88",
        "settings": {"rectification_working_days": 5, "link_valid_days": 30, "fire_safety_day": 1},
        "capabilities": {
            "cs_director": [DRAFT, ISSUE, RECORD],
            "cs_deputy": [RECORD],
            "vp_sales": [DRAFT],
            "production_manager": [DRAFT],
            "system_head": [DRAFT, APPROVE],
            "gm": [SEAL],
        },
    },
}


def describe(key: str) -> str:
    preset = PRESETS[key]
    lines = [f"{preset['label']} ({preset['seed']})"]
    lines += [f"{k} = {v}" for k, v in preset["settings"].items()]
    lines += [f"{p}: {', '.join(c)}" for p, c in preset["capabilities"].items()]
    return "\n".join(lines)
