"""The sales-office penalties as rules of the one penalty ledger (``kefu.assessment``).

One rule per ``PenaltyKind`` of the presets, code ``sales.<kind>``. The wage
amounts depend on the person's wage and commission, so they are computed by
``rules.penalties.penalty_amount`` and passed to the ledger; the rules carry
none. No doubling: the presets count violations instead ([R] L315/L317: a
dismissal is recommended at the threshold).
"""

from decimal import Decimal

from kefu.assessment.models import LedgerKind, PayBasis
from kefu.assessment.policies import LedgerRule
from kefu.sales.policies import PenaltyKind

RULE_PREFIX = "sales."

# kind -> (ledger kind, pay basis, share of the basis)
LEDGER_SHAPE: dict[str, tuple[str, str, Decimal | None]] = {
    PenaltyKind.DAY_WAGE: (LedgerKind.PAY_DEDUCTION, PayBasis.DAY_WAGE, None),
    PenaltyKind.MONTH_WAGE_30: (
        LedgerKind.PAY_DEDUCTION,
        PayBasis.MONTH_WAGE_PLUS_COMMISSION,
        Decimal("0.30"),
    ),
    PenaltyKind.MONTH_WAGE: (LedgerKind.PAY_DEDUCTION, "", None),
    PenaltyKind.MONTH_WAGE_50_BONUS: (
        LedgerKind.PAY_DEDUCTION,
        PayBasis.MONTH_WAGE_PLUS_COMMISSION,
        Decimal("0.50"),
    ),
    PenaltyKind.POINTS: (LedgerKind.POINTS, "", None),
    PenaltyKind.CONFISCATE: (LedgerKind.PAY_DEDUCTION, PayBasis.COMMISSION_SHARE, Decimal(1)),
    PenaltyKind.DISMISSAL: (LedgerKind.FINE, "", None),
    PenaltyKind.VIOLATION: (LedgerKind.FINE, "", None),
}

SEEDS = {
    PenaltyKind.DAY_WAGE: "[B] L41",
    PenaltyKind.MONTH_WAGE_30: "[B] L41",
    PenaltyKind.MONTH_WAGE: "[K] L173",
    PenaltyKind.MONTH_WAGE_50_BONUS: "002 L354",
    PenaltyKind.POINTS: "[J] L159/L163",
    PenaltyKind.CONFISCATE: "[P] L268",
    PenaltyKind.DISMISSAL: "[P] L257",
    PenaltyKind.VIOLATION: "[R] L315",
}


def rule_code(kind: str) -> str:
    return f"{RULE_PREFIX}{kind}"


LEDGER_RULES = [
    LedgerRule(
        code=rule_code(kind),
        label=PenaltyKind.LABELS[kind],
        kind=LEDGER_SHAPE[kind][0],
        amount_fen=None,
        seed=SEEDS[kind],
    )
    for kind in PenaltyKind.ALL
]
