"""Grading of customer files A–D: one strategy class per seed variant, chosen per site.

A site stores a preset key plus overrides (``GradingSetting``); without one it
uses ``DEFAULT_PRESET``. A scheme suggests a grade from the customer's annual
value and credit rating, and says when the grade is due for review:

- ``AnnualRound`` — seed 001 [GRD] L865–935: three grades A/B/C from annual
  sales, price and payment (L873); one grading round a year, normally 25–30
  March, which reviews the credit ratings too (L889); a new customer gets a
  temporary grade, formally evaluated after six months of co-operation (L899);
  grades are not for life (L905). The seed's threshold tables (3.1, 3.2) are
  lost, so the thresholds are options.
- ``RollingReview`` — seed 000 [LOY] L591 (VIP A/B/C/D kept by the shop manager):
  four grades, each reviewed a fixed number of months after it was given.

Credit (资信等级, set by finance, seed 001 L883) caps the grade: a poor rating
lowers the value grade by one step; in [GRD] only a good rating earns an A
(A customers are "信誉好", L903). Value per [VAL] L529–545 (seed 001): volume
alone misleads, which is why credit adjusts it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from kefu.files import rules


@dataclass(frozen=True)
class GradingScheme:
    """What a grading scheme provides: its grades, a suggestion, the review date."""

    grades: str = "ABCD"
    #: lowest annual value (fen) per grade, best grade first; the last grade has none
    thresholds_fen: tuple[int, ...] = ()
    top_needs_good_credit: bool = False
    poor_credit_steps_down: bool = True
    temporary_months: int = 0
    seed: str = ""

    def suggest(self, *, annual_value_fen: int, credit: str) -> str:
        """The grade the rules give for a value and a credit rating."""
        index = len(self.grades) - 1
        for i, floor in enumerate(self.thresholds_fen):
            if annual_value_fen >= floor:
                index = i
                break
        if credit == "poor" and self.poor_credit_steps_down:
            index = min(index + 1, len(self.grades) - 1)
        if index == 0 and self.top_needs_good_credit and credit != "good":
            index = 1
        return self.grades[index]

    def review_due(self, *, graded_on: date, temporary: bool) -> date:
        """When a grade given on ``graded_on`` is due for review."""
        if temporary and self.temporary_months:
            return rules.add_months(graded_on, self.temporary_months)
        return self.regular_review(graded_on)

    def regular_review(self, graded_on: date) -> date:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class AnnualRound(GradingScheme):
    """One grading round a year, due by ``month``/``day`` (seed 001 L889: 25–30 March)."""

    grades: str = "ABC"
    month: int = 3
    day: int = 30

    def regular_review(self, graded_on: date) -> date:
        """The next round's last day after ``graded_on`` (graded in the round → next year)."""
        this_year = date(graded_on.year, self.month, self.day)
        return (
            this_year if graded_on < this_year else date(graded_on.year + 1, self.month, self.day)
        )

    def describe(self) -> str:
        return str(
            _("Grades %(grades)s, reviewed once a year by %(month)d/%(day)d.")
            % {"grades": "/".join(self.grades), "month": self.month, "day": self.day}
        )


@dataclass(frozen=True)
class RollingReview(GradingScheme):
    """Each grade is reviewed ``months`` after it was given (annual by default)."""

    months: int = 12

    def regular_review(self, graded_on: date) -> date:
        return rules.add_months(graded_on, self.months)

    def describe(self) -> str:
        return str(
            _("Grades %(grades)s, each reviewed %(months)d months after it was given.")
            % {"grades": "/".join(self.grades), "months": self.months}
        )


YUAN = 100  # fen

PRESETS: dict[str, dict[str, Any]] = {
    "seed001_annual_abc": {
        "label": _(
            "A/B/C, one grading round a year by 30 March; new customers temporary (seed 001)"
        ),
        "scheme": AnnualRound(
            thresholds_fen=(5_000_000 * YUAN, 1_000_000 * YUAN),
            top_needs_good_credit=True,
            temporary_months=6,
            seed="seed 001 L873, L889, L899, L905",
        ),
    },
    "seed000_vip_abcd": {
        "label": _("VIP A/B/C/D, each grade reviewed after 12 months (seed 000)"),
        "scheme": RollingReview(
            thresholds_fen=(200_000 * YUAN, 50_000 * YUAN, 10_000 * YUAN),
            seed="seed 000 L591",
        ),
    },
}
DEFAULT_PRESET = "seed000_vip_abcd"

#: What a site may override, with its type.
OVERRIDABLE: dict[str, type] = {
    "thresholds_fen": list,
    "months": int,
    "month": int,
    "day": int,
    "temporary_months": int,
    "top_needs_good_credit": bool,
    "poor_credit_steps_down": bool,
}


def overrides_problem(preset_key: str, overrides: Any) -> str | None:
    """Why the overrides cannot apply to the preset, or None when they can."""
    if preset_key not in PRESETS:
        return str(_("Unknown preset."))
    if not isinstance(overrides, dict):
        return str(_("Overrides must be an object."))
    scheme = PRESETS[preset_key]["scheme"]
    for key, value in overrides.items():
        kind = OVERRIDABLE.get(key)
        if kind is None or not hasattr(scheme, key):
            return str(_("This preset cannot override %(key)s.") % {"key": key})
        if kind is list:
            if (
                not isinstance(value, list)
                or len(value) != len(scheme.grades) - 1
                or not all(isinstance(v, int) and v >= 0 for v in value)
                or value != sorted(value, reverse=True)
            ):
                return str(
                    _("%(key)s: one amount in fen per grade but the last, best grade first.")
                    % {"key": key}
                )
        elif kind is bool:
            if not isinstance(value, bool):
                return str(_("%(key)s must be true or false.") % {"key": key})
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return str(_("%(key)s must be a whole number ≥ 0.") % {"key": key})
    if "month" in overrides or "day" in overrides:
        try:
            date(2001, overrides.get("month", scheme.month), overrides.get("day", scheme.day))
        except (ValueError, AttributeError):
            return str(_("The review day is not a date."))
    return None


def grading_scheme(preset_key: str = DEFAULT_PRESET, overrides: dict | None = None):
    """The scheme of a preset with the site's valid overrides applied."""
    key = preset_key if preset_key in PRESETS else DEFAULT_PRESET
    scheme = PRESETS[key]["scheme"]
    overrides = overrides or {}
    if overrides_problem(key, overrides) is not None:
        return scheme
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()}
    return replace(scheme, **values)
