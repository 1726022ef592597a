"""Pure ledger arithmetic: months and charged amounts (no ORM, no clock)."""

from datetime import date


def month_start(day: date) -> date:
    """The first day of ``day``'s month: the ledger charges per calendar month."""
    return day.replace(day=1)


def charged_fen(base_fen: int, multiplier: int) -> int:
    """The amount charged for one violation after the repeat policy."""
    return base_fen * multiplier
