"""SLA rules: which target applies to a request and when each clock is due.

Pure: no ORM and no clock. A policy's targets are plain ``TargetSpec`` values,
the arithmetic is a ``kefu.calendar.rules.WorkCalendar`` and "now" is passed in.

**Clocks** (issue #4): ``first_response`` (签收/受理, sign-for), ``reply`` (final
reply to the customer), ``handling_opinion`` (the department's opinion, seed 002
L116), ``resolution`` (solution) and ``closure`` (结案).

**Which target applies** (most specific match wins). A target may name a
request type code, a category code and an urgency; an empty field matches
anything, a set field must equal the request's. Among the targets of a clock
that match, the one with the highest specificity wins, compared in this order:
category, then urgency, then request type (a category target beats an urgency
target, which beats a type-only target, which beats a catch-all). Ties go to
the target listed first.

**Durations**: ``working_days`` (end of the Nth working day after the start
day), ``working_hours``, ``calendar_hours`` (elapsed time, holidays ignored),
``calendar_days`` (end of the Nth calendar day), ``same_day`` and ``next_day``;
see docs/calendar.md for each convention.

**Pauses** (waiting on the customer): the deadline moves later by the time
paused. For clocks counted in calendar time (``calendar_hours``,
``calendar_days``) that is the wall-clock length of the pause; for the others
it is the working time inside the pause (``working_time_between``), added to
the deadline with the same calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from kefu.calendar.rules import Deadline, WorkCalendar

CLOCKS = ("first_response", "reply", "handling_opinion", "resolution", "closure")
KINDS = ("working_days", "working_hours", "calendar_hours", "calendar_days", "same_day", "next_day")
CALENDAR_TIME_KINDS = frozenset({"calendar_hours", "calendar_days"})

Pause = tuple[datetime, datetime]


@dataclass(frozen=True)
class TargetSpec:
    """One SLA target: a clock, what it matches and its duration."""

    clock: str
    kind: str
    amount: Decimal | int | float = 0
    request_type: str = ""
    category: str = ""
    urgency: str = ""

    def __post_init__(self) -> None:
        if self.clock not in CLOCKS:
            raise ValueError(f"unknown clock {self.clock!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown duration kind {self.kind!r}")
        if self.amount < 0:
            raise ValueError("the amount must not be negative")
        rank = (bool(self.category), bool(self.urgency), bool(self.request_type))
        object.__setattr__(self, "_rank", rank)

    def matches(self, request_type: str, category: str, urgency: str) -> bool:
        return (
            (not self.request_type or self.request_type == request_type)
            and (not self.category or self.category == category)
            and (not self.urgency or self.urgency == urgency)
        )

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        return self._rank  # type: ignore[attr-defined]


def _exact(amount) -> Decimal | int:
    return amount if isinstance(amount, (int, Decimal)) else Decimal(str(amount))


def due_from(calendar: WorkCalendar, start: datetime, kind: str, amount) -> Deadline:
    """``start`` plus one duration on ``calendar``."""
    if kind == "calendar_hours":
        return calendar.add_calendar_hours(start, _exact(amount))
    if kind == "working_days":
        return calendar.add_working_days(start, int(amount))
    if kind == "working_hours":
        return calendar.add_working_hours(start, _exact(amount))
    if kind == "calendar_days":
        return calendar.add_calendar_days(start, int(amount))
    if kind == "same_day":
        return calendar.same_day(start)
    if kind == "next_day":
        return calendar.next_day(start)
    raise ValueError(f"unknown duration kind {kind!r}")


def target_for(
    targets: Iterable[TargetSpec], clock: str, *, request_type: str, category: str, urgency: str
) -> TargetSpec | None:
    """The most specific target of ``clock`` matching the request, or ``None``."""
    best: TargetSpec | None = None
    for target in targets:
        if target.clock != clock or not target.matches(request_type, category, urgency):
            continue
        if best is None or target.specificity > best.specificity:
            best = target
    return best


def shift_for_pauses(
    calendar: WorkCalendar, due: datetime, kind: str, pauses: Sequence[Pause]
) -> Deadline:
    """``due`` moved later by the time paused (see the module docstring)."""
    if not pauses:
        return Deadline(due)
    if kind in CALENDAR_TIME_KINDS:
        return Deadline(due + sum((end - start for start, end in pauses), timedelta()))
    worked = sum((calendar.working_time_between(start, end) for start, end in pauses), timedelta())
    return calendar.add_working_time(due, max(worked, timedelta()))


@dataclass(frozen=True)
class ClockDue:
    clock: str
    target: TargetSpec
    due: datetime
    uncovered_years: frozenset[int]


def deadlines_for(
    targets: Sequence[TargetSpec],
    calendar: WorkCalendar,
    *,
    start: datetime,
    request_type: str,
    category: str = "",
    urgency: str = "",
    pauses: Sequence[Pause] = (),
) -> dict[str, ClockDue]:
    """The deadline of every clock that has a matching target, after ``pauses``.

    ``pauses`` are the finished pauses (start, end); a pause still running is
    not counted until it ends.
    """
    best: dict[str, TargetSpec] = {}
    for target in targets:  # one pass: the most specific match per clock, first wins ties
        if (
            (target.request_type and target.request_type != request_type)
            or (target.category and target.category != category)
            or (target.urgency and target.urgency != urgency)
        ):
            continue
        current = best.get(target.clock)
        if current is None or target.specificity > current.specificity:
            best[target.clock] = target
    result: dict[str, ClockDue] = {}
    for clock in CLOCKS:
        target = best.get(clock)
        if target is None:
            continue
        base = due_from(calendar, start, target.kind, target.amount)
        if pauses:
            shifted = shift_for_pauses(calendar, base.at, target.kind, pauses)
            result[clock] = ClockDue(
                clock, target, shifted.at, base.uncovered_years | shifted.uncovered_years
            )
        else:
            result[clock] = ClockDue(clock, target, base.at, base.uncovered_years)
    return result


def next_due(
    dues: dict[str, datetime | None], done: dict[str, bool]
) -> tuple[str, datetime | None]:
    """The earliest deadline among the clocks not done yet: ``(clock, due)``."""
    open_dues = [(due, clock) for clock, due in dues.items() if due is not None and not done[clock]]
    if not open_dues:
        return "", None
    due, clock = min(open_dues)
    return clock, due


def sla_state(*, due: datetime | None, done_at: datetime | None, now: datetime) -> str:
    """``none``, ``met``, ``missed``, ``overdue`` or ``running`` (以內 includes the deadline)."""
    if due is None:
        return "none"
    if done_at is not None:
        return "met" if done_at <= due else "missed"
    return "overdue" if now > due else "running"


def countdown(due: datetime, now: datetime) -> tuple[bool, int, str]:
    """``(overdue, amount, unit)`` for a badge: minutes under an hour, hours under
    two days, else days (rounded down; at least 1 minute)."""
    seconds = int((due - now).total_seconds())
    overdue, seconds = seconds < 0, abs(seconds)
    if seconds < 3600:
        return overdue, max(1, seconds // 60), "min"
    if seconds < 48 * 3600:
        return overdue, seconds // 3600, "h"
    return overdue, seconds // 86400, "d"


# --- warnings and escalation -----------------------------------------------------
#
# Before a deadline the assignee is warned at ``warn_at_percent`` of the time
# from intake to the deadline (wall-clock share; default 75 %). At and after
# the breach the policy's escalation chain is walked step by step
# (assignee → department head → 总经理 by default). A serious request (重大,
# ``is_serious``) uses the policy's serious chain instead when it has one; its
# steps may be anchored on intake ("at once"), seed 000 L557–L559: a major
# complaint reaches the GM at once and brand division and legal within 24 h.

RECIPIENTS = ("assignee", "handling_position", "department_head", "position")
ANCHORS = ("breach", "received")
STEP_KINDS = ("calendar_hours", "working_hours", "working_days")
WARNING, ESCALATION = "warning", "escalation"


@dataclass(frozen=True)
class StepSpec:
    """One escalation step: who is told, and when relative to the breach (or intake)."""

    recipient: str
    kind: str = "calendar_hours"
    amount: Decimal | int | float = 0
    anchor: str = "breach"
    position_code: str = ""
    serious: bool = False

    def __post_init__(self) -> None:
        if self.recipient not in RECIPIENTS:
            raise ValueError(f"unknown recipient {self.recipient!r}")
        if self.kind not in STEP_KINDS:
            raise ValueError(f"unknown step duration {self.kind!r}")
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown anchor {self.anchor!r}")
        if self.recipient == "position" and not self.position_code:
            raise ValueError("a position step needs a position code")
        if self.amount < 0:
            raise ValueError("the amount must not be negative")


@dataclass(frozen=True)
class Alert:
    """A warning or escalation step that is due at ``at``.

    ``(clock, due, kind, step)`` identifies it: it is sent once per deadline.
    Steps anchored on intake belong to no clock (``clock == ""``, ``due`` is
    the intake time).
    """

    clock: str
    due: datetime
    kind: str
    step: int
    at: datetime
    spec: StepSpec | None = None

    @property
    def key(self) -> tuple[str, datetime, str, int]:
        return (self.clock, self.due, self.kind, self.step)


def warn_at(
    start: datetime,
    due: datetime,
    percent: int,
    calendar: WorkCalendar | None = None,
    kind: str = "calendar_hours",
) -> datetime:
    """When ``percent`` % of the time from ``start`` to ``due`` has passed.

    For a clock counted in calendar time that is a share of the elapsed time;
    for one counted in working time (``calendar`` given) a share of the working
    time between the two, so a warning never falls in a holiday.
    """
    if calendar is None or kind in CALENDAR_TIME_KINDS:
        return start + (due - start) * percent / 100
    share = calendar.working_time_between(start, due) * percent / 100
    return min(calendar.add_working_time(start, share).at, due)


def chain_for(steps: Sequence[StepSpec], *, serious: bool) -> list[StepSpec]:
    """The serious chain for a serious request when the policy has one, else the normal one."""
    chosen = [s for s in steps if s.serious] if serious else []
    return chosen or [s for s in steps if not s.serious]


def step_at(calendar: WorkCalendar, step: StepSpec, *, due: datetime, received: datetime):
    base = due if step.anchor == "breach" else received
    if not step.amount:
        return base
    return due_from(calendar, base, step.kind, step.amount).at


def alerts_for(
    calendar: WorkCalendar,
    *,
    received: datetime,
    dues: dict[str, datetime | None],
    done: dict[str, bool],
    kinds: dict[str, str],
    paused: bool,
    warn_percent: int,
    steps: Sequence[StepSpec],
    serious: bool,
) -> list[Alert]:
    """Every warning and escalation step of a request, in time order.

    Breach-anchored steps and warnings exist only for open clocks of a request
    that is not paused; intake-anchored steps exist once per request.
    """
    chain = list(enumerate(chain_for(steps, serious=serious), start=1))
    alerts: list[Alert] = []
    for number, step in chain:
        if step.anchor == "received":
            at = step_at(calendar, step, due=received, received=received)
            alerts.append(Alert("", received, ESCALATION, number, at, step))
    if paused:
        return sorted(alerts, key=lambda a: (a.at, a.step))
    for clock in CLOCKS:
        due = dues.get(clock)
        if due is None or done.get(clock, True):
            continue
        if warn_percent < 100:
            kind = kinds.get(clock, "calendar_hours")
            warning = warn_at(received, due, warn_percent, calendar, kind)
            alerts.append(Alert(clock, due, WARNING, 0, warning))
        for number, step in chain:
            if step.anchor == "breach":
                at = step_at(calendar, step, due=due, received=received)
                alerts.append(Alert(clock, due, ESCALATION, number, at, step))
    return sorted(alerts, key=lambda a: (a.at, a.step, a.clock))


def alerts_to_send(
    alerts: Sequence[Alert], *, now: datetime, sent: set[tuple]
) -> tuple[list[Alert], datetime | None]:
    """``(what to send now, when the next one falls due)``.

    A warning not sent before its deadline passed is dropped (the breach steps
    take over); anything already in ``sent`` is never sent again.
    """
    send = [
        a
        for a in alerts
        if a.at <= now and a.key not in sent and not (a.kind == WARNING and now > a.due)
    ]
    later = [a.at for a in alerts if a.at > now and a.key not in sent]
    return send, min(later, default=None)
