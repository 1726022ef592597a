"""Where a scorecard item's incidents come from: one small class per data source.

An item names a measure by key (``ScorecardItem.measure``) with options
(``measure_options``). ``find()`` reads the records of one site and month
(and one person, for per-person cards) and returns the incidents, each linked
to the record that caused it, plus the figure it was judged on (e.g. the
month's average reply time). Measures only read; ``services.scorecard_run``
writes the lines. ``manual`` finds nothing: an assessor enters those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.assessment.rules import next_month


@dataclass
class Incident:
    source: models.Model | None
    occurred_at: datetime | None
    note: str = ""


@dataclass
class Found:
    incidents: list[Incident] = field(default_factory=list)
    figure: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scope:
    """One month of one site, optionally one person; ``now`` is when the run happens."""

    site: Any
    month: Any
    now: datetime
    person: Any = None

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.month, time.min, tzinfo=tz)
        return start, datetime.combine(next_month(self.month), time.min, tzinfo=tz)


class Measure:
    key = ""
    label: Any = ""

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        raise NotImplementedError


class Manual(Measure):
    key = "manual"
    label = _("Entered by the assessor")

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        return Found()


def _requests(scope: Scope):
    from kefu.desk.models import Status, Ticket

    start, end = scope.bounds
    qs = Ticket.objects.filter(site=scope.site, received_at__gte=start, received_at__lt=end)
    qs = qs.exclude(status=Status.REJECTED)
    if scope.person is not None:
        qs = qs.filter(assignee=scope.person)
    return qs


class DeskDeadlineMissed(Measure):
    """Requests received in the month that missed a deadline: one incident per request.

    Options: ``clocks`` (default sign-for and reply: seed 002 L178, sign-off
    ≤ 2 h, final reply ≤ 10/15/24 h by priority). A deadline counts as missed
    when it was met late or is still open after it at the time of the run.
    """

    key = "desk_deadline_missed"
    label = _("Requests that missed a deadline")

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        from kefu.desk import sla
        from kefu.desk.sla_report import DONE_FIELD

        clocks = options.get("clocks") or ["first_response", "reply"]
        found = Found()
        for ticket in _requests(scope).order_by("received_at", "id"):
            missed = []
            for clock in clocks:
                due = getattr(ticket, f"{clock}_due")
                if due is None:
                    continue
                done_at = getattr(ticket, DONE_FIELD[clock])
                if sla.sla_state(due=due, done_at=done_at, now=scope.now) in ("missed", "overdue"):
                    missed.append((due, clock))
            if missed:
                due, _clock = min(missed)
                found.incidents.append(
                    Incident(ticket, due, ", ".join(c for _d, c in sorted(missed)))
                )
        found.figure = {"requests": _requests(scope).count(), "missed": len(found.incidents)}
        return found


class DeskAverageReplyHours(Measure):
    """The month's average time from intake to the final reply, over ``max_hours``.

    Seed 002 L178: "每个月投诉单的平均处理时长不能超过17小时". Requests
    received in the month and replied to count, less the time paused waiting on
    the customer; one incident (−5 once per month, L178) when the average is over.
    """

    key = "desk_average_reply_hours"
    label = _("Average reply time over the limit")

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        limit = float(options.get("max_hours", 17))
        total = timedelta()
        count = 0
        for received, replied, paused in (
            _requests(scope)
            .filter(replied_at__isnull=False)
            .values_list("received_at", "replied_at", "sla_paused_total")
        ):
            total += max(replied - received - (paused or timedelta()), timedelta())
            count += 1
        average = round(total.total_seconds() / 3600 / count, 2) if count else None
        found = Found(figure={"average_hours": average, "replied": count, "max_hours": limit})
        if average is not None and average > limit:
            _start, end = scope.bounds
            found.incidents.append(
                Incident(None, end - timedelta(seconds=1), f"{average} h > {limit:g} h")
            )
        return found


class ReturnVisitLate(Measure):
    """Return visits due in the month done late or not done: one incident per visit.

    Seed 002 L186: same day when solved during handling, otherwise within a
    week; the visit's ``due_on`` carries that deadline.
    """

    key = "return_visit_late"
    label = _("Return visits late or not done")

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        from kefu.visits.models import ReturnVisit, VisitStatus

        qs = ReturnVisit.objects.filter(
            site=scope.site, due_on__gte=scope.month, due_on__lt=next_month(scope.month)
        ).exclude(status=VisitStatus.CANCELLED)
        if scope.person is not None:
            qs = qs.filter(visitor=scope.person)
        today = timezone.localtime(scope.now).date()
        found = Found()
        due = 0
        for visit in qs.order_by("due_on", "id"):
            due += 1
            done_on = timezone.localtime(visit.done_at).date() if visit.done_at else None
            if (done_on is None and visit.due_on < today) or (done_on and done_on > visit.due_on):
                tz = timezone.get_current_timezone()
                at = datetime.combine(visit.due_on, time.max, tzinfo=tz)
                found.incidents.append(Incident(visit, at, str(done_on or "—")))
        found.figure = {"due": due, "late": len(found.incidents)}
        return found


class LedgerEntries(Measure):
    """Entries of the penalty ledger under the given rule codes (not waived or appealed).

    Options: ``rules`` (list of ledger rule codes). This is how fines and
    violations recorded by other apps (file hand-over, complaints against a
    person) reach a scorecard without a second ledger.
    """

    key = "ledger"
    label = _("Entries of the penalty ledger")

    def find(self, scope: Scope, options: dict[str, Any]) -> Found:
        from kefu.assessment.models import LedgerEntry, LedgerStatus

        qs = LedgerEntry.objects.filter(
            site=scope.site, month=scope.month, rule__in=options.get("rules") or []
        ).exclude(status__in=[LedgerStatus.WAIVED, LedgerStatus.APPEALED])
        if scope.person is not None:
            qs = qs.filter(person=scope.person)
        entries = list(qs.order_by("occurred_at", "id"))
        return Found(
            [Incident(e, e.occurred_at, e.reason) for e in entries], {"entries": len(entries)}
        )


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Manual(),
        DeskDeadlineMissed(),
        DeskAverageReplyHours(),
        ReturnVisitLate(),
        LedgerEntries(),
    )
}


def measure_choices() -> list[tuple[str, Any]]:
    return [(key, m.label) for key, m in MEASURES.items()]
