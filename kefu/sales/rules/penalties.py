"""Penalties of the presets, in fen and points. Pure functions.

- [B] L41: a day's basic wage; severe: the month's basic wage + 30% of the
  month's payable deal commission;
- [K] L173: 抢单 from at least one month's wage up to dismissal;
- seed 002 L354: severe: the month's basic wage + 50% of the month's bonus;
- [J] L159: −1 point; L163: −2 to −6 points;
- [R] L315, L317: counted violations, dismissal recommended at 2 ("2次以上"
  includes 2, PRC convention "以上" is inclusive).
"""

from kefu.sales.policies import PenaltyKind


class PenaltyError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def penalty_amount(
    kind: str, *, day_wage_fen: int = 0, month_wage_fen: int = 0, month_commission_fen: int = 0
) -> int:
    """Wage penalty in fen; percentages round half up to the fen."""
    if kind == PenaltyKind.DAY_WAGE:
        return day_wage_fen
    if kind == PenaltyKind.MONTH_WAGE_30:
        return month_wage_fen + (month_commission_fen * 30 + 50) // 100
    if kind == PenaltyKind.MONTH_WAGE_50_BONUS:
        return month_wage_fen + (month_commission_fen * 50 + 50) // 100
    if kind == PenaltyKind.MONTH_WAGE:
        return month_wage_fen
    return 0


def check_points(points: int) -> int:
    """[J]: −1 for filing an uncontacted customer, −2…−6 for a quarrel."""
    if not 1 <= points <= 6:
        raise PenaltyError("sales.points_out_of_range")
    return points


def dismissal_due(count: int, threshold: int | None) -> bool:
    """[R]: dismissal recommended once the count reaches the threshold (inclusive)."""
    return threshold is not None and count >= threshold
