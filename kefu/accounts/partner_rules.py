"""Pure rules of joint-venture partners (seed 000 篇七, L355–387): no ORM, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# 《联营工程合作方入网审批表》: what each of the four tables must hold (the seed does
# not reproduce the form; these are the items L363 and L381 name).
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "form_main": ("company", "address", "legal_representative", "licence_number", "contact"),
    "annex_staff": ("managers", "technicians", "headcount"),
    "annex_equipment": ("equipment", "owned_or_leased"),
    "annex_record": ("qualifications", "projects"),
}
FILE_FIELDS = (
    "region",
    "network",
    "past_performance",
    "work_with_us",
    "completion_evaluation",
    "reputation",
)
KEY_GRADES = ("A", "B")


def missing_form_items(tables: Mapping[str, Mapping]) -> list[str]:
    """``table.item`` for every empty item of the form (a missing item = incomplete)."""
    return [
        f"{table}.{item}"
        for table, items in FORM_FIELDS.items()
        for item in items
        if not str((tables.get(table) or {}).get(item) or "").strip()
    ]


def onsite_qualified(address: str, staff: str, equipment: str) -> bool:
    """L363: 对于模糊的情况默认为不具备条件 — only all three confirmed qualifies."""
    return address == staff == equipment == "confirmed"


def grade_needs_complete_materials(grade: str) -> bool:
    """L385: A and B are key partners; their materials must be complete, true and valid."""
    return grade in KEY_GRADES


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return date(year, month, min(day.day, last[month - 1]))


@dataclass(frozen=True)
class VisitDue:
    kind: str  # "unit" or "senior"
    due_on: date
    overdue: bool


def visits_due(
    *,
    grade: str,
    out_of_town: bool,
    senior_visits: bool,
    last_visit: date | None,
    last_senior_visit: date | None,
    admitted_on: date,
    today: date,
    local_months: int,
    out_of_town_months: int = 6,
    senior_months: int = 12,
) -> list[VisitDue]:
    """The next visits a partner is due (L369–371).

    Out-of-town partners at least every half year (L369); local partners by the
    site's frequency (the seed's table "上表" is missing — a policy option);
    senior management to A and the chosen B partners at least yearly (L371).
    """
    months = out_of_town_months if out_of_town else local_months
    due = add_months(last_visit or admitted_on, months)
    result = [VisitDue("unit", due, due < today)]
    if grade == "A" or (grade == "B" and senior_visits):
        senior_due = add_months(last_senior_visit or admitted_on, senior_months)
        result.append(VisitDue("senior", senior_due, senior_due < today))
    return result


def half_year(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


@dataclass(frozen=True)
class RankInput:
    key: int
    form_missing: int
    file_filled: int
    scores: tuple[int, int, int]


def ranking(partners: Iterable[RankInput]) -> list[RankInput]:
    """L383: by form completeness, then the file's content, then the past year's results."""
    return sorted(partners, key=lambda p: (p.form_missing, -p.file_filled, -sum(p.scores), p.key))


def outstanding(scores: tuple[int, int, int], threshold: int) -> bool:
    """Outstanding in contract performance, safety and quality, and cooperation (L383)."""
    return all(s >= threshold for s in scores)
