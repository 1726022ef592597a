"""Per-site credit policies and the ledger rules of credit recovery.

A site stores a preset key plus overrides (``CreditSetting``); ``settings``
never chooses a rule. Each preset cites the seed it follows. The limit
formula is a small strategy class (Django ``password_validation`` shape):
options, ``limit_fen()`` and ``describe()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from kefu.accounts import rules
from kefu.assessment.policies import LedgerRule

UNRECOVERED_RULE = "accounts.over_limit_unrecovered"
UNAPPROVED_RULE = "accounts.over_limit_unapproved"

ACCOUNT_LEDGER_RULES = [
    LedgerRule(
        UNRECOVERED_RULE,
        _("Over-limit shipment not paid by the end of its month (the signer's share)"),
        seed="seed 000 L313",
    ),
    LedgerRule(
        UNAPPROVED_RULE,
        _("Over-limit shipment without prepayment or approval (the batch's payment)"),
        seed="seed 000 L307",
    ),
]


class LimitFormula:
    """How the credit limit on an invoicing day is computed from the movements."""

    def limit_fen(self, movements: Sequence[rules.Movement], *, invoice_date: date) -> int:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class RollingWindow(LimitFormula):
    """seed 000 L281–283: the goods invoiced/shipped in the ``days`` days before the
    invoicing day, recomputed every day; ``floor_fen`` is a minimum limit (0 in the seed)."""

    days: int = 30
    floor_fen: int = 0

    def limit_fen(self, movements: Sequence[rules.Movement], *, invoice_date: date) -> int:
        window = rules.shipments_in_window(movements, invoice_date=invoice_date, days=self.days)
        return max(window, self.floor_fen)

    def describe(self) -> str:
        return str(
            _("Goods invoiced or shipped in the %(days)d days before the invoicing day.")
            % {"days": self.days}
        )


@dataclass(frozen=True)
class CreditPolicy:
    """Everything configurable about credit at one site."""

    formula: LimitFormula = field(default_factory=RollingWindow)
    term_days: int = 30
    fraction: tuple[int, int] = (1, 3)
    recovery_ways: tuple[str, ...] = (rules.LAST_OVER,)
    signer_share_percent: int = 100
    liable_positions: tuple[str, ...] = ("logistics_specialist", "warehouse_keeper", "market_head")
    seed: str = ""

    def describe(self) -> str:
        return str(
            _(
                "%(formula)s Term %(term)d days; over-limit shipments below %(num)d/%(den)d "
                "of the limit."
            )
            % {
                "formula": self.formula.describe(),
                "term": self.term_days,
                "num": self.fraction[0],
                "den": self.fraction[1],
            }
        )


PRESETS: dict[str, dict[str, Any]] = {
    "seed000_rolling30": {
        "label": _("Rolling 30 days, over-limit below 1/3 (distributor, seed 000)"),
        "policy": CreditPolicy(seed="seed 000 L281–313"),
    },
    "strict_rolling30": {
        "label": _("Rolling 30 days; every signed over-limit shipment recovered by month end"),
        "policy": CreditPolicy(
            recovery_ways=(rules.FIRST_OVER, rules.LAST_OVER), seed="seed 000 L297, L313"
        ),
    },
}
DEFAULT_PRESET = "seed000_rolling30"

OVERRIDABLE = {"days", "floor_fen", "term_days", "signer_share_percent"}


def credit_policy(preset_key: str = DEFAULT_PRESET, overrides: dict | None = None) -> CreditPolicy:
    """The policy of a preset with the site's overrides applied (unknown keys ignored)."""
    policy: CreditPolicy = PRESETS.get(preset_key, PRESETS[DEFAULT_PRESET])["policy"]
    o = {k: v for k, v in (overrides or {}).items() if k in OVERRIDABLE}
    formula = policy.formula
    if isinstance(formula, RollingWindow) and ({"days", "floor_fen"} & o.keys()):
        formula = replace(
            formula,
            days=int(o.get("days", formula.days)),
            floor_fen=int(o.get("floor_fen", formula.floor_fen)),
        )
    return replace(
        policy,
        formula=formula,
        term_days=int(o.get("term_days", policy.term_days)),
        signer_share_percent=int(o.get("signer_share_percent", policy.signer_share_percent)),
    )


@dataclass(frozen=True)
class PartnerPolicy:
    """Visit frequencies and the ranking threshold for joint-venture partners.

    seed 000 L369–371: out-of-town partners at least every 6 months, senior
    management to A and chosen B partners at least yearly. The table of local
    frequencies ("上表") is missing from the seed; ``local_months`` stands in.
    """

    local_months: int = 3
    out_of_town_months: int = 6
    senior_months: int = 12
    outstanding_score: int = 85
    seed: str = "seed 000 L369–383"


PARTNER_POLICY = PartnerPolicy()
