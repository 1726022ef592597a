"""Attribution shares and commission amounts (业绩/佣金分成). Pure functions.

Shares are whole percentages that sum to exactly 100. Amounts are integer fen.

**Rounding rule (documented once, used everywhere):** largest remainder.
Each party first gets ``floor(total × share / 100)`` fen; the fen left over
(fewer than the number of parties) go one each to the parties with the largest
dropped fraction, ties to the party listed first. So the amounts always sum to
the commission exactly, and no party is more than one fen from its exact share.
"""

from dataclasses import dataclass

from kefu.sales.policies import SplitRule

ORIGINAL = "original"
OTHER = "other"
FUND = "fund"

#: ``rule → ((role, percent), ...)``; the first party is the one listed first.
SHARES: dict[str, tuple[tuple[str, int], ...]] = {
    SplitRule.SOLE: ((ORIGINAL, 100),),
    SplitRule.OWNER_ABSENT_70_30: ((ORIGINAL, 70), (OTHER, 30)),  # [B] L44
    SplitRule.TRIVIAL_FIRST_30_70: ((ORIGINAL, 30), (OTHER, 70)),  # [B] L46
    SplitRule.ASSIST_80_20: ((ORIGINAL, 80), (OTHER, 20)),  # seed 002 L418
    SplitRule.REFUSED_20_80: ((ORIGINAL, 20), (OTHER, 80)),  # seed 002 L416
    SplitRule.SHARED_50_50: ((ORIGINAL, 50), (OTHER, 50)),  # seed 002 L426, L428
    SplitRule.COMMON_FUND: ((FUND, 100),),  # [K]
    SplitRule.RECREATION_FUND: ((FUND, 100),),  # [J] L165
    SplitRule.DEPARTMENT: ((FUND, 100),),  # seed 002 L440
    SplitRule.COMPANY: ((FUND, 100),),  # [R] L318
}


class SplitError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Share:
    party: str
    percent: int
    amount_fen: int


def allocate(total_fen: int, shares: list[tuple[str, int]]) -> list[Share]:
    """Split ``total_fen`` by whole-percent ``shares`` (largest remainder, see module doc).

    >>> [s.amount_fen for s in allocate(100001, [("a", 70), ("b", 30)])]
    [70001, 30000]
    """
    if total_fen < 0:
        raise SplitError("sales.amount_negative")
    if not shares or sum(p for _, p in shares) != 100 or any(p < 0 for _, p in shares):
        raise SplitError("sales.split_not_100")
    if len({party for party, _ in shares}) != len(shares):
        raise SplitError("sales.split_duplicate_party")
    exact = [total_fen * p for _, p in shares]
    base = [e // 100 for e in exact]
    left = total_fen - sum(base)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] % 100), i))
    for i in order[:left]:
        base[i] += 1
    return [Share(party, p, base[i]) for i, (party, p) in enumerate(shares)]


def split_for(rule: str, *, original: str, other: str | None, fund: str) -> list[tuple[str, int]]:
    """The named ``rule``'s shares with real parties in place of the roles."""
    if rule not in SHARES:
        raise SplitError("sales.split_unknown")
    parties = {ORIGINAL: original, OTHER: other, FUND: fund}
    result = []
    for role, percent in SHARES[rule]:
        party = parties[role]
        if party is None:
            raise SplitError("sales.split_needs_other")
        result.append((party, percent))
    if len({p for p, _ in result}) != len(result):
        raise SplitError("sales.split_duplicate_party")
    return result
