"""Seed-based desk configurations a site can be set up from.

Each preset lists departments, positions (with capabilities), channels,
numbering schemes, request types and categories with their routing. Applying a
preset is idempotent (``kefu.desk.services.site_desk_preset_apply``); an admin
then edits what differs at their site. Names are the seeds' own words.
"""

from typing import Any

from kefu.org.models import Capability as C

ALL_DESK = [C.REGISTER, C.TRIAGE, C.HANDLE, C.CLOSE, C.REOPEN]

PRESETS: dict[str, dict[str, Any]] = {
    # seed 002 第一篇 [XLM] 喜临门北方家具: one intake window (客服主任 only, L40),
    # YYMMDDNNN numbers (L50), five complaint categories routed to their owners (§3.1).
    "furniture_maker": {
        "label": "家具制造商客诉 (seed 002 [XLM])",
        "seed": "seed 002 L14–158, §2.1.1, §3.1, §5.1",
        "departments": [
            ("cs", "客户服务部"),
            ("sales", "销售部"),
            ("production", "生产部"),
            ("logistics", "仓储物流部"),
            ("admin", "综合管理部"),
            ("gm_office", "总经办"),
        ],
        "positions": [
            ("cs_director", "客服主任", "cs", [*ALL_DESK]),
            ("cs_deputy", "客服专员", "cs", [C.REGISTER, C.HANDLE]),
            ("gm", "总经理", "gm_office", [*ALL_DESK, C.MANAGE]),
            ("vp_sales", "副总经理(销售)", "sales", [C.HANDLE]),
            ("production_manager", "生产部经理", "production", [C.HANDLE]),
            ("logistics_director", "仓储物流主任", "logistics", [C.HANDLE]),
            ("system_head", "系统负责人", "admin", [C.HANDLE]),
            ("sales_manager", "销售经理", "sales", [C.HANDLE]),
        ],
        "channels": [
            ("phone", "电话"),
            ("written", "书面"),
            ("visit", "来访"),
            ("email", "邮件"),
            ("meeting", "会议"),
        ],
        "numbering": [
            ("complaint", "投诉单号 YYMMDDNNN", "", "yymmdd", 3, "yearly"),
            ("enquiry", "咨询单号", "Q", "yymmdd", 3, "daily"),
        ],
        "types": [
            {
                "code": "complaint",
                "name": "投诉",
                "numbering": "complaint",
                "registrars": ["cs_director"],
                "requires_category": True,
                "requires_time_place": True,
            },
            {"code": "enquiry", "name": "咨询", "numbering": "enquiry"},
        ],
        "categories": [
            ("complaint", "grievance", "抱怨", "vp_sales"),
            ("complaint", "suggestion", "建议", "vp_sales"),
            ("complaint", "product_quality", "产品质量", "production_manager"),
            ("complaint", "packaging", "外观包装", "logistics_director"),
            ("complaint", "service_quality", "服务质量", "system_head"),
        ],
    },
    # seed 000 [TEN]/[PMS]: a property service centre with a 24-hour hotline for
    # 紧急事件, 报修, 投诉, 日常服务咨询 (L29) and 建议 (L57), all logged in
    # 《訴求(需求)記錄表》 (L33).
    "property_centre": {
        "label": "物业服务中心 (seed 000 [TEN])",
        "seed": "seed 000 L27–35, L57, §2.1, §3.1",
        "departments": [
            ("cs", "客户服务中心"),
            ("engineering", "工程部"),
            ("security", "秩序维护部"),
            ("environment", "环境部"),
            ("gm_office", "总经办"),
            ("brand", "品牌事业部"),
            ("legal", "法务部"),
        ],
        "positions": [
            ("cs_director", "客服主任", "cs", [*ALL_DESK, C.MANAGE]),
            ("cs_clerk", "客服专员", "cs", [C.REGISTER, C.TRIAGE, C.HANDLE]),
            ("gm", "总经理", "gm_office", [*ALL_DESK, C.MANAGE]),
            ("engineering_supervisor", "工程主管", "engineering", [C.HANDLE]),
            ("technician", "维修技工", "engineering", [C.HANDLE]),
            ("security_captain", "秩序维护主管", "security", [C.HANDLE]),
            ("environment_supervisor", "环境主管", "environment", [C.HANDLE]),
            # Recipients of the major-complaint warning report (seed 000 L557).
            ("brand_division", "品牌事业部", "brand", []),
            ("legal", "法务部", "legal", []),
        ],
        "channels": [
            ("hotline", "24小时服务热线"),
            ("window", "服务窗口"),
            ("visit", "上门拜访"),
            ("online", "网站/微博"),
            ("email", "邮件"),
            ("letter", "信函"),
            ("meeting", "租户大会"),
        ],
        "numbering": [
            ("complaint", "投诉单号 YYMMDDNNN", "", "yymmdd", 3, "yearly"),
            ("emergency", "紧急事件单号", "J", "yymmdd", 3, "daily"),
            ("repair", "报修单号", "B", "yymmdd", 3, "daily"),
            ("enquiry", "咨询单号", "Z", "yymmdd", 3, "daily"),
            ("suggestion", "建议单号", "S", "yymmdd", 3, "daily"),
        ],
        "types": [
            {"code": "emergency", "name": "紧急事件", "numbering": "emergency"},
            {"code": "repair", "name": "报修", "numbering": "repair", "requires_category": True},
            {
                "code": "complaint",
                "name": "投诉",
                "numbering": "complaint",
                "registrars": ["cs_director", "cs_clerk"],
                "requires_category": True,
                "requires_time_place": True,
            },
            {"code": "enquiry", "name": "咨询", "numbering": "enquiry"},
            {"code": "suggestion", "name": "建议", "numbering": "suggestion"},
        ],
        "categories": [
            ("emergency", "water_leak", "漏水/水浸", "engineering_supervisor"),
            ("emergency", "fire_safety", "消防/安全", "security_captain"),
            ("repair", "plumbing_electric", "水电维修", "engineering_supervisor"),
            ("repair", "public_facility", "公共设施", "engineering_supervisor"),
            ("repair", "door_window", "门窗", "technician"),
            ("complaint", "property_service", "物业服务", "cs_director"),
            ("complaint", "security", "安全秩序", "security_captain"),
            ("complaint", "environment", "环境卫生", "environment_supervisor"),
            ("complaint", "repair_quality", "维修质量", "engineering_supervisor"),
            ("complaint", "fees", "收费", "cs_director"),
            ("suggestion", "general", "综合建议", "cs_director"),
        ],
    },
}
