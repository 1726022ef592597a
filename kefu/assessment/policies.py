"""Ledger rules: what each kind of penalty costs and how repeats are charged.

Each app registers its rules from ``AppConfig.ready()`` with
``register_ledger_rules``; the ledger (``services.ledger_entry_record``) looks
the rule up by code, computes the amount and applies the repeat policy. A rule
with ``amount_fen=None`` takes the amount decided on the source record (e.g.
the penalty in an approved complaint opinion).

Repeat policies follow Django's ``password_validation`` shape: one small class
per variant with its options and ``describe()`` for the admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kefu.assessment.models import LedgerKind


class RepeatPolicy:
    """How the n-th penalised violation of a group in one month is charged."""

    def multiplier(self, occurrence: int) -> int:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class NoRepeat(RepeatPolicy):
    def multiplier(self, occurrence: int) -> int:
        return 1

    def describe(self) -> str:
        return str(_("Every violation is charged the same."))


@dataclass(frozen=True)
class DoubleFromNth(RepeatPolicy):
    """Seed 000 L193 (E1/E2): from the ``nth`` penalised violation in a month, doubled."""

    nth: int

    def multiplier(self, occurrence: int) -> int:
        return 2 if occurrence >= self.nth else 1

    def describe(self) -> str:
        return str(
            _("From violation no. %(n)d in a month the amount is doubled.") % {"n": self.nth}
        )


@dataclass(frozen=True)
class LedgerRule:
    """One kind of penalty. ``group`` is the repeat group (defaults to ``code``)."""

    code: str
    label: str | Promise
    kind: str = LedgerKind.FINE
    amount_fen: int | None = None
    points: Decimal | None = None
    repeat: RepeatPolicy = field(default_factory=NoRepeat)
    group: str = ""
    seed: str = ""

    @property
    def repeat_group(self) -> str:
        return self.group or self.code


_RULES: dict[str, LedgerRule] = {}


def register_ledger_rules(rules: list[LedgerRule]) -> None:
    """Add (or replace) ledger rules; call from ``AppConfig.ready()``."""
    for rule in rules:
        _RULES[rule.code] = rule


def ledger_rule(code: str) -> LedgerRule | None:
    return _RULES.get(code)


def ledger_rules() -> dict[str, LedgerRule]:
    return dict(_RULES)
