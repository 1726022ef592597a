"""Return visits (回访): schedule, assign, record, re-schedule and cancel.

Each function is the only way to make its change: one transaction, the visit
row locked, the rule checked in ``kefu.visits.rules``, one audit entry, and
side effects (``visit_recorded``) after commit. ``actor=None`` is the system
(a rule firing), which needs no position.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.calendar.selectors import work_calendar_for
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, Unit, UnitOccupancy
from kefu.desk.models import Ticket
from kefu.org.models import Position, Site, User
from kefu.org.selectors import ActingPosition, user_site_ids
from kefu.visits import rules
from kefu.visits.errors import (
    CustomerRequired,
    DueDateInvalid,
    HandoverExists,
    ReasonInvalid,
    SatisfactionInvalid,
    SatisfactionRequired,
    SiteMismatch,
    VisitClosed,
    VisitForbidden,
)
from kefu.visits.models import (
    HANDOVER_REASONS,
    ReturnVisit,
    VisitAttempt,
    VisitReason,
    VisitStatus,
)
from kefu.visits.selectors import (
    handover_steps,
    scale_of,
    visit_grant,
    visit_record_grant,
    visit_settings_for,
)
from kefu.visits.signals import visit_recorded

VISIT_AUDIT_FIELDS = [
    "status",
    "reason",
    "due_on",
    "customer",
    "unit",
    "ticket",
    "visitor_position",
    "visitor",
    "attempts",
    "reached",
    "satisfaction",
    "satisfied",
    "comment",
    "customer_words",
]


def _lock(visit: ReturnVisit) -> ReturnVisit:
    return ReturnVisit.objects.select_for_update().select_related("site").get(pk=visit.pk)


def _schedule_grant(actor: User | None, site: Site, at: datetime) -> ActingPosition | None:
    if actor is None:
        return None
    grant = visit_grant(actor, site, at)
    if grant is None:
        raise VisitForbidden()
    return grant


def _check_site(site: Site, *records) -> None:
    for record in records:
        if record is not None and record.site_id != site.pk:
            raise SiteMismatch()


def _check_visitor(site: Site, visitor: User | None) -> None:
    if visitor is not None and site.pk not in user_site_ids(visitor):
        raise SiteMismatch(fields={"visitor": [str(SiteMismatch.default_message)]})


@transaction.atomic
def visit_schedule(
    *,
    actor: User | None,
    site: Site,
    reason: str,
    due_on: date,
    customer: Customer | None = None,
    ticket: Ticket | None = None,
    note: str = "",
    unit: Unit | None = None,
    anchor_on: date | None = None,
    visitor: User | None = None,
    visitor_position: Position | None = None,
    follows: ReturnVisit | None = None,
    now: datetime | None = None,
) -> ReturnVisit:
    """Put a return visit on the work list.

    The customer defaults to the request's; the visitor position to the site's
    default visitor (settings). ``anchor_on`` is the date the rule counted from
    (reply, delivery, hand-over); the visit is never due before it.
    """
    at = now or timezone.now()
    grant = _schedule_grant(actor, site, at)
    if reason not in VisitReason.values:
        raise ReasonInvalid(fields={"reason": [str(ReasonInvalid.default_message)]})
    customer = customer or (ticket.customer if ticket is not None else None)
    if customer is None and ticket is None:
        raise CustomerRequired(fields={"customer": [str(CustomerRequired.default_message)]})
    _check_site(site, customer, unit, ticket, visitor_position)
    _check_visitor(site, visitor)
    if not isinstance(due_on, date) or (anchor_on is not None and due_on < anchor_on):
        raise DueDateInvalid(fields={"due_on": [str(DueDateInvalid.default_message)]})
    settings = visit_settings_for(site)
    if visitor_position is None and visitor is None:
        visitor_position = settings.default_visitor_position
    visit = ReturnVisit(
        site=site,
        customer=customer,
        unit=unit,
        ticket=ticket,
        follows=follows,
        reason=reason,
        anchor_on=anchor_on,
        due_on=due_on,
        first_due_on=due_on,
        visitor=visitor,
        visitor_position=visitor_position,
        note=(note or "").strip(),
    )
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        raise HandoverExists() from None
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.visit_scheduled",
        target=visit,
        site=site,
        at=at,
        changes={k: [None, v] for k, v in snapshot(visit, VISIT_AUDIT_FIELDS).items() if v},
        note=visit.note,
    )
    return visit


def visit_after_reply_due(site: Site, replied_on: date) -> date:
    """Seed 002 L158: 15 days (site setting) after the reply."""
    return rules.after_complaint_reply(replied_on, visit_settings_for(site).reply_offset_days)


def visit_after_delivery_due(site: Site, delivered_on: date) -> date:
    """Seed 002 L156: the day after the repaired product is delivered (site setting)."""
    return rules.after_repaired_delivery(delivered_on, visit_settings_for(site).repair_offset_days)


@transaction.atomic
def handover_visits_schedule(
    *,
    actor: User | None,
    handed_over_on: date,
    occupancy: UnitOccupancy | None = None,
    customer: Customer | None = None,
    unit: Unit | None = None,
    now: datetime | None = None,
) -> list[ReturnVisit]:
    """The hand-over schedule for a unit's occupant (or a customer): 15 days,
    1, 3 and 6 months after ``handed_over_on`` (seed 004 L271–275, L393), as the
    site's settings define it. Refused if it was generated before."""
    if occupancy is not None:
        customer, unit = occupancy.customer, occupancy.unit
    if customer is None:
        raise CustomerRequired(fields={"customer": [str(CustomerRequired.default_message)]})
    site = customer.site
    if unit is not None and unit.site_id != site.pk:
        raise SiteMismatch()
    existing = ReturnVisit.objects.filter(
        customer=customer, unit=unit, reason__in=HANDOVER_REASONS, follows__isnull=True
    ).exclude(status=VisitStatus.CANCELLED)
    if existing.exists():
        raise HandoverExists()
    steps = handover_steps(visit_settings_for(site))
    return [
        visit_schedule(
            actor=actor,
            site=site,
            reason=reason,
            due_on=due_on,
            customer=customer,
            unit=unit,
            anchor_on=handed_over_on,
            now=now,
        )
        for reason, due_on in rules.handover_schedule(handed_over_on, steps)
    ]


def _is_complaint_visit(visit: ReturnVisit) -> bool:
    """A visit of a complaint request: the complaints app handles its outcome."""
    if visit.ticket_id is None:
        return False
    return Ticket.objects.filter(pk=visit.ticket_id, request_type__code="complaint").exists()


@transaction.atomic
def visit_record(
    *,
    actor: User,
    visit: ReturnVisit,
    reached: bool,
    satisfaction: int | None = None,
    comment: str = "",
    customer_words: str = "",
    now: datetime | None = None,
) -> ReturnVisit:
    """Record one attempt at the visit.

    Reached: the satisfaction on the site's scale is required; the visit is
    done and ``satisfied`` set by the scale's threshold. Not satisfied, and not
    the visit of a complaint (its request is a complaint: the complaints app
    decides, reopen or visit again), another visit is scheduled after the
    site's follow-up working days: "直到客户满意为止" (seed 004 L373).
    Not reached: due again on the next working day of the site's calendar,
    until the site's maximum attempts, then ``not_reached`` (flagged).
    ``visit_recorded`` is sent after commit.
    """
    at = now or timezone.now()
    visit = _lock(visit)
    if visit.status != VisitStatus.DUE:
        raise VisitClosed()
    grant = visit_record_grant(actor, visit, at)
    if grant is None:
        raise VisitForbidden()
    settings = visit_settings_for(visit.site)
    scale = scale_of(settings)
    if reached:
        if satisfaction is None:
            raise SatisfactionRequired(
                fields={"satisfaction": [str(SatisfactionRequired.default_message)]}
            )
        if not scale.is_valid(satisfaction):
            raise SatisfactionInvalid(
                fields={"satisfaction": [str(SatisfactionInvalid.default_message)]}
            )
    before = snapshot(visit, VISIT_AUDIT_FIELDS)
    today = timezone.localdate(at)
    visit.attempts += 1
    visit.reached = bool(reached)
    visit.comment = (comment or "").strip()
    visit.customer_words = (customer_words or "").strip()
    fields = ["attempts", "reached", "comment", "customer_words", "status", "due_on"]
    if reached:
        visit.status = VisitStatus.DONE
        visit.satisfaction = satisfaction
        visit.satisfaction_label = scale.label(satisfaction)
        visit.satisfied = scale.is_satisfied(satisfaction)
        visit.done_at, visit.done_by = at, actor
        visit.done_for = grant.on_behalf_of
        fields += ["satisfaction", "satisfaction_label", "satisfied", "done_at", "done_by"]
        fields += ["done_for"]
    else:
        retry = rules.retry_after_not_reached(
            calendar_=work_calendar_for(visit.site),
            attempted_on=today,
            attempts=visit.attempts,
            max_attempts=settings.max_attempts,
            retry_working_days=settings.retry_working_days,
        )
        if retry.flagged:
            visit.status = VisitStatus.NOT_REACHED
        else:
            visit.due_on = retry.due_on
    visit.save(update_fields=[*fields, "updated_at"])
    VisitAttempt.objects.create(
        visit=visit, at=at, actor=actor, reached=bool(reached), note=visit.comment
    )
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of,
        action="visits.visit_recorded",
        target=visit,
        site=visit.site,
        at=at,
        changes=diff(before, snapshot(visit, VISIT_AUDIT_FIELDS)),
        note=visit.comment,
    )
    if visit.satisfied is False and not _is_complaint_visit(visit):
        visit_schedule(
            actor=None,
            site=visit.site,
            reason=visit.reason,
            due_on=rules.next_working_day(
                work_calendar_for(visit.site), today, settings.unsatisfied_follow_up_working_days
            ),
            customer=visit.customer,
            unit=visit.unit,
            ticket=visit.ticket,
            anchor_on=today,
            visitor=visit.visitor,
            visitor_position=visit.visitor_position,
            follows=visit,
            note=visit.comment,
            now=at,
        )
    transaction.on_commit(lambda: visit_recorded.send(sender=ReturnVisit, visit=visit, actor=actor))
    return visit


@transaction.atomic
def visit_assign(
    *,
    actor: User,
    visit: ReturnVisit,
    visitor: User | None = None,
    visitor_position: Position | None = None,
    now: datetime | None = None,
) -> ReturnVisit:
    """Give the visit to a person or a position (its holder, or their deputy)."""
    at = now or timezone.now()
    visit = _lock(visit)
    if visit.status != VisitStatus.DUE:
        raise VisitClosed()
    grant = _schedule_grant(actor, visit.site, at)
    _check_site(visit.site, visitor_position)
    _check_visitor(visit.site, visitor)
    before = snapshot(visit, VISIT_AUDIT_FIELDS)
    visit.visitor, visit.visitor_position = visitor, visitor_position
    visit.save(update_fields=["visitor", "visitor_position", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.visit_assigned",
        target=visit,
        site=visit.site,
        at=at,
        changes=diff(before, snapshot(visit, VISIT_AUDIT_FIELDS)),
    )
    return visit


@transaction.atomic
def visit_reschedule(
    *, actor: User, visit: ReturnVisit, due_on: date, note: str = "", now: datetime | None = None
) -> ReturnVisit:
    """Move an open visit to another day (e.g. the customer asked for it)."""
    at = now or timezone.now()
    visit = _lock(visit)
    if visit.status != VisitStatus.DUE:
        raise VisitClosed()
    grant = _schedule_grant(actor, visit.site, at)
    if not isinstance(due_on, date) or (visit.anchor_on and due_on < visit.anchor_on):
        raise DueDateInvalid(fields={"due_on": [str(DueDateInvalid.default_message)]})
    before = snapshot(visit, VISIT_AUDIT_FIELDS)
    visit.due_on = due_on
    visit.save(update_fields=["due_on", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.visit_rescheduled",
        target=visit,
        site=visit.site,
        at=at,
        changes=diff(before, snapshot(visit, VISIT_AUDIT_FIELDS)),
        note=(note or "").strip(),
    )
    return visit


@transaction.atomic
def visit_cancel(
    *, actor: User | None, visit: ReturnVisit, reason: str = "", now: datetime | None = None
) -> ReturnVisit:
    """Cancel an open visit (e.g. the customer moved out)."""
    at = now or timezone.now()
    visit = _lock(visit)
    if visit.status != VisitStatus.DUE:
        raise VisitClosed()
    grant = _schedule_grant(actor, visit.site, at)
    before = snapshot(visit, VISIT_AUDIT_FIELDS)
    visit.status = VisitStatus.CANCELLED
    visit.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        on_behalf_of=grant.on_behalf_of if grant else None,
        action="visits.visit_cancelled",
        target=visit,
        site=visit.site,
        at=at,
        changes=diff(before, snapshot(visit, VISIT_AUDIT_FIELDS)),
        note=(reason or "").strip(),
    )
    return visit
