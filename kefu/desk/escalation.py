"""SLA warnings and escalation: the scan that sends them, once each.

``sla_scan`` finds the requests whose ``sla_next_alert_at`` has passed (one
indexed query, in batches) and hands each to ``ticket_sla_alerts_send``, which
in **one transaction** locks the request (``SKIP LOCKED`` on PostgreSQL, so
several workers share the work), works out which warnings and escalation steps
are due (``kefu.desk.sla.alerts_for``), and for each writes a
``TicketSlaMark`` (unique per request, clock, deadline, kind and step), the
in-app notifications with their outbox rows (``kefu.notify.services.notify``)
and an audit entry for the request's timeline; then it stores when the next
one falls due. A worker killed part-way loses the whole transaction of the
request it was on and nothing else, so after a restart every warning and
escalation is sent exactly once (tests/test_escalation.py).

Recipients go through positions and deputies: the assignee (or, while the
assignee is away from the handling position, their deputy), the holder of the
handling position, the head of the handling department (policy option
``department_heads``: department code → position code) or a named position
such as ``gm`` (总经理), ``brand_division`` or ``legal``; an absent holder's
deputy receives it (``kefu.org.selectors.position_recipient``).
"""

import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kefu.core.services import audit_record
from kefu.desk import sla
from kefu.desk.models import (
    SlaClock,
    SlaEscalationStep,
    SlaPolicy,
    Status,
    Ticket,
    TicketSlaMark,
)
from kefu.org.models import Position, User
from kefu.org.selectors import active_absence, position_recipient

logger = logging.getLogger("kefu.desk")

SCAN_BATCH = 200


def sla_step_specs(policy: SlaPolicy) -> list[sla.StepSpec]:
    return [
        sla.StepSpec(
            recipient=s.recipient,
            kind=s.kind,
            amount=s.amount,
            anchor=s.anchor,
            position_code=s.position_code,
            serious=s.serious,
        )
        for s in SlaEscalationStep.objects.filter(policy=policy).order_by("sort_order", "id")
    ]


def _clock_kinds(ticket: Ticket, policy: SlaPolicy) -> dict[str, str]:
    """How each clock of the request is counted (for the warning time)."""
    from kefu.desk.services import sla_target_specs

    specs = sla_target_specs(policy)
    kinds = {}
    for clock in sla.CLOCKS:
        target = sla.target_for(
            specs,
            clock,
            request_type=ticket.request_type.code,
            category=ticket.category.code if ticket.category_id else "",
            urgency=ticket.urgency,
        )
        if target is not None:
            kinds[clock] = target.kind
    return kinds


def _position_holder(position: Position | None, at: datetime) -> User | None:
    if position is None:
        return None
    user, _behalf = position_recipient(position=position, at=at)
    return user


def alert_recipients(
    ticket: Ticket, *, recipient: str, position_code: str, at: datetime
) -> list[User]:
    """Who receives a warning or step (empty when nobody holds the post)."""
    if recipient == "assignee" and ticket.assignee_id:
        assignee = ticket.assignee
        if ticket.handling_position_id:
            absence = active_absence(holder=assignee, position=ticket.handling_position, at=at)
            if absence is not None:
                return [absence.deputy]
        return [assignee]
    if recipient in ("assignee", "handling_position"):
        user = _position_holder(ticket.handling_position, at)
        return [user] if user else []
    if recipient == "department_head":
        department = ticket.handling_department or (
            ticket.handling_position.department if ticket.handling_position_id else None
        )
        heads = (ticket.sla_policy.options or {}).get("department_heads", {})
        code = heads.get(department.code) if department else None
        position = Position.objects.filter(site=ticket.site_id, code=code).first() if code else None
        user = _position_holder(position, at)
        return [user] if user else []
    position = Position.objects.filter(site=ticket.site_id, code=position_code).first()
    user = _position_holder(position, at)
    return [user] if user else []


def _texts(ticket: Ticket, alert: sla.Alert) -> tuple[str, str]:
    """Subject and body, in the site's language (the default, zh-hans)."""
    with override(settings.LANGUAGE_CODE):
        clock = str(SlaClock(alert.clock).label) if alert.clock else ""
        due = timezone.localtime(alert.due).strftime("%Y-%m-%d %H:%M")
        if alert.kind == sla.WARNING:
            subject = _("Deadline approaching: %(number)s %(clock)s due %(due)s") % {
                "number": ticket.number,
                "clock": clock,
                "due": due,
            }
        elif alert.clock:
            subject = _("Overdue, escalation step %(step)s: %(number)s %(clock)s (due %(due)s)") % {
                "step": alert.step,
                "number": ticket.number,
                "clock": clock,
                "due": due,
            }
        else:
            subject = _("Serious request %(number)s: escalation step %(step)s") % {
                "number": ticket.number,
                "step": alert.step,
            }
        return subject, f"{ticket.number} {ticket.subject}"


def _lock_due(ticket_id: int, now: datetime) -> Ticket | None:
    return (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("site", "request_type", "category", "sla_policy", "assignee")
        .select_related("handling_department", "handling_position__department")
        .filter(pk=ticket_id, sla_next_alert_at__lte=now)
        .first()
    )


@transaction.atomic
def ticket_sla_alerts_send(
    *, ticket_id: int, now: datetime | None = None
) -> list[TicketSlaMark] | None:
    """Send the warnings and escalation steps of one request that are due at ``now``.

    Returns the marks written, or ``None`` when the request is not due (any
    more) or another worker holds it.
    """
    from kefu.calendar.selectors import work_calendar_for
    from kefu.desk.services import SLA_DUE_FIELDS, sla_clock_done
    from kefu.notify.services import notify

    now = now or timezone.now()
    ticket = _lock_due(ticket_id, now)
    if ticket is None:
        return None
    policy = ticket.sla_policy
    if policy is None or ticket.status == Status.REJECTED:
        ticket.sla_next_alert_at = None
        ticket.save(update_fields=["sla_next_alert_at"])
        return []
    alerts = sla.alerts_for(
        work_calendar_for(ticket.site_id),
        received=ticket.received_at,
        dues={clock: getattr(ticket, field) for clock, field in SLA_DUE_FIELDS.items()},
        done=sla_clock_done(ticket),
        kinds=_clock_kinds(ticket, policy),
        paused=ticket.sla_paused_at is not None,
        warn_percent=policy.warn_at_percent,
        steps=sla_step_specs(policy),
        serious=ticket.is_serious,
    )
    sent = set(
        TicketSlaMark.objects.filter(ticket=ticket).values_list("clock", "due", "kind", "step")
    )
    to_send, next_at = sla.alerts_to_send(alerts, now=now, sent=sent)
    marks = []
    for alert in to_send:
        if alert.kind == sla.WARNING:
            users = alert_recipients(ticket, recipient="assignee", position_code="", at=now)
        else:
            step = alert.spec
            users = alert_recipients(
                ticket, recipient=step.recipient, position_code=step.position_code, at=now
            )
        mark = TicketSlaMark.objects.create(
            ticket=ticket,
            clock=alert.clock,
            due=alert.due,
            kind=alert.kind,
            step=alert.step,
            at=now,
            recipients=[u.pk for u in users],
        )
        subject, body = _texts(ticket, alert)
        notify(
            site=ticket.site,
            users=users,
            kind=f"desk.sla_{alert.kind}",
            subject=subject,
            body=body,
            ticket=ticket,
            dedupe_key=f"desk.sla:{mark.ticket_id}:{alert.clock}:{alert.due.isoformat()}"
            f":{alert.kind}:{alert.step}",
            # seed 000 L555: the manager is also told by SMS when it escalates.
            channels=("inapp", "email", "sms")
            if alert.kind == sla.ESCALATION
            else ("inapp", "email"),
        )
        audit_record(
            actor=None,
            action="desk.sla_warned" if alert.kind == sla.WARNING else "desk.sla_escalated",
            target=ticket,
            site=ticket.site,
            at=now,
            note=f"{subject} → {'、'.join(str(u) for u in users) or '—'}",
        )
        if not users:
            logger.warning("SLA %s of %s: nobody to notify", alert.key, ticket.number)
        marks.append(mark)
    ticket.sla_next_alert_at = next_at
    ticket.save(update_fields=["sla_next_alert_at"])
    return marks


def sla_alert_candidates(now: datetime, limit: int = SCAN_BATCH) -> list[int]:
    """Ids of requests with a warning or step due at ``now``: one indexed range
    scan on ``sla_next_alert_at``, oldest first."""
    return list(
        Ticket.objects.filter(sla_next_alert_at__lte=now)
        .order_by("sla_next_alert_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def sla_scan(*, now: datetime | None = None, batch: int = SCAN_BATCH) -> int:
    """Send every warning and escalation step due at ``now``; returns how many.

    Works in batches; each request in its own transaction. Stops when nothing
    is due or when everything left is being handled by another worker.
    ``settings.KEFU_SLA_SCAN_THROTTLE`` (seconds, default 0) pauses between
    requests to spare a busy database.
    """
    now = now or timezone.now()
    throttle = float(getattr(settings, "KEFU_SLA_SCAN_THROTTLE", 0) or 0)
    total = 0
    while True:
        ids = sla_alert_candidates(now, batch)
        if not ids:
            break
        progressed = False
        for ticket_id in ids:
            marks = ticket_sla_alerts_send(ticket_id=ticket_id, now=now)
            if marks is not None:
                progressed = True
                total += len(marks)
            if throttle:
                time.sleep(throttle)
        if not progressed:
            break
    return total
