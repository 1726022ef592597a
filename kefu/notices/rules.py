"""Pure rules of outbound notices: templates, the workflow order, greeting dates.

No ORM and no clock: "now" and the working calendar are passed in.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType

#: The workflow in order (seed 000 L47–51): draft → leader approves → seal
#: application → sealed at the GM office → sent → every recipient signed.
FLOW = ("draft", "approved", "seal_requested", "sealed", "sent", "signed_off")

#: Variables a template may use; each is a plain string (nothing callable
#: reaches the template, so a template cannot call methods or read models).
TEMPLATE_VARIABLES = (
    "tenant",
    "company",
    "unit",
    "building",
    "site",
    "hotline",
    "title",
    "issued_on",
    "starts_on",
    "ends_on",
    "follow_up_due",
    "finding",
)

#: Block tags a template may use: control flow only. ``include``, ``extends``,
#: ``load``, ``debug``, ``ssi``, ``url`` and the rest are refused.
ALLOWED_TAGS = frozenset(
    {"if", "elif", "else", "endif", "for", "empty", "endfor", "comment", "endcomment"}
)

_ENGINE = Engine(debug=False, libraries={}, autoescape=False, string_if_invalid="")


class TemplateRefused(ValueError):
    """The template text uses a tag that is not allowed or does not parse."""


def template_check(text: str) -> None:
    """Raise ``TemplateRefused`` unless ``text`` parses and uses only allowed tags."""
    for token in Lexer(text or "").tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise TemplateRefused(name)
    try:
        _ENGINE.from_string(text or "")
    except TemplateSyntaxError as exc:
        raise TemplateRefused(str(exc)) from None


def template_render(text: str, variables: Mapping[str, str]) -> str:
    """Render ``text`` with the allowed string variables (unknown ones render empty)."""
    template_check(text)
    values = {k: str(variables.get(k, "") or "") for k in TEMPLATE_VARIABLES}
    return _ENGINE.from_string(text or "").render(Context(values, autoescape=False))


def chinese_date(day: date | datetime | None) -> str:
    """``2026年2月14日`` (the date format of Chinese official letters)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def next_status(status: str) -> str:
    """The status after ``status`` in ``FLOW`` (``signed_off`` stays)."""
    index = FLOW.index(status)
    return FLOW[min(index + 1, len(FLOW) - 1)]


def is_issuable(status: str) -> bool:
    """Only a sealed notice may be sent (seed 000 L49–51, seed 002 L76)."""
    return status == "sealed"


def needs_deliverer(*, is_major: bool, deliverer_id: int | None) -> bool:
    """Major notices go by a designated person (seed 000 L41)."""
    return is_major and deliverer_id is None


def all_signed(signed: int, total: int) -> bool:
    return total > 0 and signed >= total


def working_day_before(calendar, day: date, *, limit_days: int = 60) -> date:
    """The last working day before ``day`` on ``calendar`` (a ``WorkCalendar``).

    Used for a greeting "the working day before a statutory holiday": for the
    2026 Spring Festival (off 2026-02-15 to 02-23) that is Saturday 02-14, a
    调休 make-up workday, not Friday 02-13.
    """
    probe = day - timedelta(days=1)
    for _ in range(limit_days):
        if calendar.is_working_day(probe):
            return probe
        probe -= timedelta(days=1)
    raise ValueError("no working day found before the date")


def holiday_start(calendar, day: date, *, limit_days: int = 60) -> date | None:
    """The first day of the next run of non-working weekdays that includes a holiday.

    Returns the first day on or after ``day`` that is a day off while the day
    before it was a working day and at least one weekday of the run is off
    (a statutory holiday rather than a plain weekend); ``None`` if none is near.
    """
    probe = day
    for _ in range(limit_days):
        if not calendar.is_working_day(probe) and calendar.is_working_day(
            probe - timedelta(days=1)
        ):
            run, end = [], probe
            while not calendar.is_working_day(end) and len(run) < 15:
                run.append(end)
                end += timedelta(days=1)
            if any(d.weekday() < 5 for d in run):
                return probe
        probe += timedelta(days=1)
    return None


def birthday_in(birthday: date, year: int) -> date:
    """The day ``birthday`` is celebrated in ``year``: 29 February falls on the
    28th in a common year."""
    try:
        return birthday.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def next_birthday(birthday: date, today: date) -> date:
    """The next celebration of ``birthday`` on or after ``today``."""
    this_year = birthday_in(birthday, today.year)
    return this_year if this_year >= today else birthday_in(birthday, today.year + 1)


def birthday_month_days(first: date, last: date) -> set[tuple[int, int]]:
    """The ``(month, day)`` pairs of birthdays celebrated from ``first`` to ``last``.

    A 29 February birthday is celebrated on the 28th in a common year, so the pair
    ``(2, 29)`` joins whenever a common year's 28 February is in the range.
    """
    pairs: set[tuple[int, int]] = set()
    day = first
    while day <= last:
        pairs.add((day.month, day.day))
        if (day.month, day.day) == (2, 28) and birthday_in(date(2000, 2, 29), day.year).day == 28:
            pairs.add((2, 29))
        day += timedelta(days=1)
    return pairs


def rectification_chase_due(*, today: date, reminded_on: date | None, is_working_day: bool) -> bool:
    """An overdue rectification letter is chased once a day, on working days only
    (the follow-up deadline is counted in working days, seed 000 L43)."""
    return is_working_day and reminded_on != today
