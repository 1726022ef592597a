"""The positions a distributor's credit and partner rules name (seed 000 L297, L307, L367, L387).

``POSITIONS`` maps a position code to its name and capabilities; the demo and
the tests give a site these posts. Capabilities of this app:

- ``accounts.credit``: open accounts, record shipments/payments, import them;
- ``accounts.ship``: request an invoice/shipment (the check runs at once);
- ``accounts.sign_over_limit``: the 区域经理 signs off over-limit shipments (L297);
- ``accounts.approve_past_term``: the sales department's case-by-case credit (L289);
- ``accounts.recover``: run month-end recovery (L307, L313);
- ``accounts.partner_unit``: the contracting unit — forms, on-site checks, visits,
  grade-change proposals (L357, L363, L387);
- ``accounts.partner_office``: 盛昌公司 — initial check, grading, snapshots (L359, L365, L379);
- ``accounts.market_development``: decides grade changes with the partner office (L387);
- ``accounts.view_grade``: may see partner grades at all (L367).
"""

POSITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sales_clerk": ("销售内勤", ("accounts.credit", "accounts.ship")),
    "regional_manager": ("区域经理", ("accounts.ship", "accounts.sign_over_limit")),
    "sales_director": (
        "销售总监",
        ("accounts.credit", "accounts.approve_past_term", "accounts.recover"),
    ),
    "logistics_specialist": ("市场部物流专员", ()),
    "warehouse_keeper": ("库管", ()),
    "market_head": ("市场部部长", ()),
    # 篇七 joint-venture partners
    "partner_unit": ("承揽单位联络人", ("accounts.partner_unit",)),
    "partner_office": ("盛昌公司客户主管", ("accounts.partner_office", "accounts.view_grade")),
    "market_development": (
        "市场开发部经理",
        ("accounts.market_development", "accounts.view_grade"),
    ),
}
