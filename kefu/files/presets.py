"""Checklist presets for customer-file kinds, one per seed variant.

``KIND_PRESETS`` maps a stable key to a file kind: its checklist, the hand-over
deadline on the working calendar, who hands it over and which ledger rules a
violation charges. ``file_kind_preset_apply`` copies a preset into a site's
``FileKind`` rows, which the administrator may then edit in the admin.
"""

from typing import Any

# seed 000 L155–177 (= seed 001 L95–119): 新车档案构成, 12 items.
NEW_CAR_ITEMS: list[dict[str, Any]] = [
    {
        "code": "green_card",
        "label": "绿卡(客户名称、联系人、联系手机及电话、联系地址)",
        "hint": "座机需加上区号",
    },
    {"code": "invoice_copy", "label": "购车发票复印件"},
    {"code": "contract_original", "label": "销售合同原件"},
    {"code": "id_copy", "label": "身份证复印件(需两面)或组织机构代码证复印件"},
    {"code": "delivery_check", "label": "交车检查表", "signed": True},
    {"code": "licence_copy", "label": "行驶证复印件"},
    {"code": "insurance_copy", "label": "保险单复印件"},
    {"code": "addon_services", "label": "衍生服务清单"},
    {"code": "conformity_copy", "label": "车辆合格证复印件"},
    {"code": "delivery_photo", "label": "交车照片"},
    {"code": "pdi_check", "label": "新车PDI检查表", "signed": True},
    {"code": "other_proof", "label": "其他证明材料(特定客户)", "required": False},
]

# seed 000 L179–181: only item 3) 保养车辆资料档案 survives; items 1) and 2) are
# missing from the source, so an administrator adds them in the admin.
AFTER_SALES_ITEMS: list[dict[str, Any]] = [
    {"code": "reception_sheet", "label": "接车单", "signed": True},
    {"code": "work_order", "label": "任务委托书", "signed": True},
    {"code": "settlement", "label": "结算单", "signed": True},
    {"code": "free_inspection_12", "label": "12项免费检查表", "signed": True},
]

# seed 004 P1–P4 (L23, L51, L65, L71): the tenancy contract, the contract
# deposit, move-in and decoration procedures, the handbook. The seed gives the
# titles only; the list is the proposed minimum (seed-notes 004 P2).
MOVE_IN_ITEMS: list[dict[str, Any]] = [
    {"code": "occupant_register", "label": "业/租户资料登记(姓名、联系方式、单元)"},
    {"code": "lease_contract", "label": "租用合同"},
    {"code": "deposit_receipt", "label": "合同押金收据"},
    {"code": "move_in_forms", "label": "入伙/入住手续资料", "signed": True},
    {"code": "handbook_receipt", "label": "《业/租户手册》签收"},
    {"code": "decoration_forms", "label": "装修手续资料", "required": False},
]

KIND_PRESETS: dict[str, dict[str, Any]] = {
    "new_car": {
        "name": "新车档案",
        "seed": "seed 000 L153–177, L183–185, L193",
        "per_vehicle": True,
        "handed_by": "sales",
        "deadline_working_days": 3,
        # T4 (L153) counts from the sale, T5 (L183) from delivery: default delivery.
        "deadline_start": "delivery",
        "late_rule": "files.f1_sales_late",
        "incomplete_rule": "",
        "customer_signature_rule": "files.f2_sales_signature",
        "staff_signature_rule": "",
        "items": NEW_CAR_ITEMS,
    },
    "after_sales": {
        "name": "售后档案",
        "seed": "seed 000 L179–181, L187–193",
        "per_vehicle": True,
        "handed_by": "after_sales",
        "deadline_working_days": 1,
        "deadline_start": "delivery",
        "late_rule": "files.f4_after_sales_late",
        "incomplete_rule": "files.f5_after_sales_incomplete",
        "customer_signature_rule": "files.f5a_after_sales_customer_signature",
        "staff_signature_rule": "files.f5b_after_sales_staff_signature",
        "items": AFTER_SALES_ITEMS,
    },
    "move_in": {
        "name": "入伙资料",
        "seed": "seed 004 P1–P4 (L23, L51, L65, L71)",
        "per_vehicle": False,
        "handed_by": "other",
        "deadline_working_days": None,
        "deadline_start": "delivery",
        "late_rule": "",
        "incomplete_rule": "",
        "customer_signature_rule": "",
        "staff_signature_rule": "",
        "items": MOVE_IN_ITEMS,
    },
}

# The posts of a dealer's file rules and what each may do (seed 000 L145, L199,
# L503, L513, L103): position code, name, capabilities.
DEALER_POSITIONS: list[tuple[str, str, list[str]]] = [
    ("sales_consultant", "销售顾问", []),
    ("service_advisor", "服务顾问", []),
    (
        "file_keeper",
        "客户档案管理员",
        ["files.keep", "files.see_personal", "files.recordings"],
    ),
    ("customer_director", "客户总监", ["files.enforce", "files.manage", "files.grade"]),
    ("cs_manager", "客户服务部经理", ["files.approve_classified", "files.manage"]),
    # seed 000 L525, L529: approves copies of important files; co-approves disclosures
    ("info_supervisor", "客户信息主管", ["files.approve_copy", "files.manage"]),
    ("info_specialist", "信息管理专员", ["files.approve_loan", "files.keep", "files.recordings"]),
    (
        "gm",
        "总经理",
        [
            "files.approve_top_secret",
            "files.approve_classified",
            "files.approve_copy",
            "files.approve_destruction",
        ],
    ),
]

# Retention rules per record kind (``RetentionRule``), applied per site in the admin.
# Without a rule a site keeps recordings the seed's minimum of 30 days and keeps
# complaint records (nothing is listed as expired).
RETENTION_PRESETS: dict[str, dict[str, Any]] = {
    "seed000_recordings": {
        "name": "录音保存30天",
        "record_kind": "recording",
        "period": 30,
        "unit": "days",
        "important_permanent": False,
        "seed": "seed 000 L35",
    },
    "seed002_complaints": {
        "name": "投诉资料保存一年,重要资料长期保存",
        "record_kind": "complaint_record",
        "period": 1,
        "unit": "years",
        "important_permanent": True,
        "seed": "seed 002 L254",
    },
}
