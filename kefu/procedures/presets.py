"""Presets of the property service centre's procedures and fee schedule.

seed 004 lists the regulations (3.2 入住, 3.3 二装, 3.15 有偿服务收费, 3.16 客户迁出,
3.18 公共场地使用) but their texts are lost; the steps below follow what the
manual does say (seed 004 §3.1: contract, deposit, handbook and decoration
handbook, briefing on utilities, lifts and A/C; §3.2: the decoration handbook
and rules, [QZ] inspections; §3.6 move-out mirrors move-in) and fill the gaps
the notes mark (keys, meter readings, approvals, refunds). seed 000 L67
(《租戶臨時物品寄存記錄表》: item, time, receiver, pick-up recorded).

Fee schedule prices are **examples**: the seeds give no amounts (seed 004
§4.3); a site enters its own published prices (收费标准公示) in the admin.
"""

from dataclasses import dataclass
from decimal import Decimal

HANDLE = "procedures.handle"
APPROVE = "procedures.approve"

# item tuple: (code, name, kind, required[, fee code])
ItemSpec = tuple
# step tuple: (code, name, position code, is_approval, deadline working days, items)
StepSpec = tuple


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    name: str
    seed: str
    steps: tuple[StepSpec, ...]


FEES: tuple[tuple[str, str, str, str, Decimal], ...] = (
    ("management_fee", "物业服务费", "service_fee", "元/㎡·月", Decimal("3.50")),
    ("overtime_ac", "加时空调费", "service_fee", "元/小时", Decimal("120.00")),
    ("water", "水费(代收)", "on_behalf", "元/吨", Decimal("4.90")),
    ("electricity", "电费(代收)", "on_behalf", "元/度", Decimal("1.10")),
    ("drain_clearing", "疏通下水道", "paid_service", "元/次", Decimal("50.00")),
    ("lamp_replace", "更换灯具", "paid_service", "元/个", Decimal("20.00")),
    ("space_use", "公共场地使用费", "paid_service", "元/天", Decimal("300.00")),
    ("decoration_deposit", "装修押金", "deposit", "元/户", Decimal("5000.00")),
)

MOVE_IN = TemplateSpec(
    "move_in",
    "入住(入伙)手续",
    "seed 004 §3.1, L21–25, L51, L71",
    (
        (
            "contract",
            "租用合同登记",
            "cs_clerk",
            False,
            1,
            (("contract", "租用合同", "document", True),),
        ),
        (
            "deposit",
            "交付合同押金",
            "cs_clerk",
            False,
            1,
            (("contract_deposit", "合同押金", "deposit", True),),
        ),
        (
            "handout",
            "手册发放及讲解",
            "cs_clerk",
            False,
            1,
            (
                ("handbook", "《业/租户手册》", "document", True),
                ("decoration_rules", "《装修手册》/装修守则", "document", True),
                ("acknowledged", "客户签收确认", "check", True),
                ("utilities", "讲解水电费分摊方法", "check", True),
                ("lifts", "讲解电梯/扶梯使用", "check", True),
                ("aircon", "讲解空调供应时间及加时费", "check", True),
            ),
        ),
        (
            "handover",
            "交房",
            "engineering_supervisor",
            False,
            2,
            (
                ("keys", "钥匙(把数)", "value", True),
                ("water_meter", "水表读数", "value", True),
                ("power_meter", "电表读数", "value", True),
                ("inspection", "单元验收", "check", True),
            ),
        ),
        ("approve", "入住确认", "cs_director", True, 1, ()),
    ),
)

DECORATION = TemplateSpec(
    "decoration",
    "二次装修手续",
    "seed 004 §3.2, L25, L65, [QZ] L237–265",
    (
        (
            "application",
            "装修申请",
            "cs_clerk",
            False,
            1,
            (
                ("application_form", "装修申请表", "document", True),
                ("drawings", "装修图纸", "document", True),
                ("contractor", "施工单位", "value", True),
            ),
        ),
        (
            "deposit",
            "装修押金",
            "cs_clerk",
            False,
            1,
            (("decoration_deposit", "装修押金", "deposit", True, "decoration_deposit"),),
        ),
        ("approval", "装修审批", "cs_director", True, 3, ()),
        (
            "inspections",
            "施工巡检",
            "engineering_supervisor",
            False,
            None,
            (
                ("site_briefing", "现场交底", "check", True),
                ("concealed_works", "隐蔽工程验收", "check", True),
                ("patrols", "巡视记录(每五天一次)", "check", False),
            ),
        ),
        (
            "acceptance",
            "竣工验收",
            "engineering_supervisor",
            False,
            3,
            (
                ("acceptance", "整体验收", "check", True),
                ("customer_signed", "客户签字", "check", True),
            ),
        ),
        (
            "refund",
            "押金退还",
            "cs_clerk",
            False,
            5,
            (("deposit_refund", "装修押金退还", "refund", True),),
        ),
    ),
)

MOVE_OUT = TemplateSpec(
    "move_out",
    "迁出/退租手续",
    "seed 004 §3.6, L23, L65",
    (
        ("notice", "退租通知", "cs_clerk", False, 1, (("notice", "退租申请", "document", True),)),
        (
            "inspection",
            "单元检查",
            "engineering_supervisor",
            False,
            2,
            (
                ("inspection", "单元现状检查", "check", True),
                ("water_meter", "水表读数", "value", True),
                ("power_meter", "电表读数", "value", True),
                ("keys", "钥匙交回(把数)", "value", True),
            ),
        ),
        (
            "settlement",
            "费用结清",
            "cs_clerk",
            False,
            2,
            (
                ("charges_clear", "欠费核查结清", "check", True),
                ("final_fee", "结算费用", "fee", False),
            ),
        ),
        ("approval", "退租审批", "cs_director", True, 1, ()),
        (
            "refund",
            "押金退还",
            "cs_clerk",
            False,
            5,
            (("deposit_refund", "合同押金退还", "refund", True),),
        ),
    ),
)

PUBLIC_SPACE = TemplateSpec(
    "public_space",
    "公共场地使用",
    "seed 004 P32, L65",
    (
        (
            "application",
            "使用申请",
            "cs_clerk",
            False,
            1,
            (
                ("area", "场地", "value", True),
                ("period", "使用时间", "value", True),
                ("purpose", "用途", "value", True),
            ),
        ),
        ("approval", "使用审批", "cs_director", True, 1, ()),
        (
            "fee",
            "场地费用",
            "cs_clerk",
            False,
            1,
            (("space_fee", "公共场地使用费", "fee", True, "space_use"),),
        ),
        (
            "restore",
            "场地复原检查",
            "security_captain",
            False,
            1,
            (("restored", "场地已复原", "check", True),),
        ),
    ),
)

STORAGE = TemplateSpec(
    "storage",
    "《租户临时物品寄存记录表》",
    "seed 000 L67 (§3.11)",
    (
        (
            "deposit_item",
            "物品寄存",
            "cs_clerk",
            False,
            None,
            (
                ("item", "寄存物品", "value", True),
                ("stored_at", "寄存时间", "value", True),
                ("receiver", "接收人", "value", True),
            ),
        ),
        (
            "collect",
            "物品领取",
            "cs_clerk",
            False,
            None,
            (
                ("collected_by", "领取人", "value", True),
                ("collected_at", "领取时间", "value", True),
            ),
        ),
    ),
)

PAID_SERVICE = TemplateSpec(
    "paid_service",
    "有偿服务单",
    "seed 004 P27, §3.8 (3.15 有偿服务收费制度)",
    (
        (
            "order",
            "服务下单",
            "cs_clerk",
            False,
            1,
            (("service", "服务项目(按收费标准公示)", "fee", True),),
        ),
        ("service", "上门服务", "technician", False, 1, (("done", "服务完成", "check", True),)),
        (
            "acceptance",
            "客户确认",
            "cs_clerk",
            False,
            1,
            (("customer_ok", "客户确认签字", "check", True),),
        ),
    ),
)


@dataclass(frozen=True)
class ProcedurePreset:
    key: str
    label: str
    seed: str
    templates: tuple[TemplateSpec, ...]
    fees: tuple[tuple[str, str, str, str, Decimal], ...]
    capabilities: dict[str, tuple[str, ...]]

    def describe(self) -> str:
        return f"{self.label}: " + ", ".join(t.name for t in self.templates)


PRESETS: dict[str, ProcedurePreset] = {
    "property_centre": ProcedurePreset(
        key="property_centre",
        label="物业服务中心手续 (seed 004 [PM-A]/[PM-B], seed 000 [TEN])",
        seed="seed 004 §3.1, §3.2, §3.6, §3.8; seed 000 L67",
        templates=(MOVE_IN, DECORATION, MOVE_OUT, PUBLIC_SPACE, STORAGE, PAID_SERVICE),
        fees=FEES,
        capabilities={
            "cs_director": (HANDLE, APPROVE),
            "gm": (HANDLE, APPROVE),
            "cs_clerk": (HANDLE,),
            "engineering_supervisor": (HANDLE,),
            "technician": (HANDLE,),
            "security_captain": (HANDLE,),
        },
    ),
}
