"""Tenant meetings, in-person visits and the yearly visit plan (seed 000 L39, L55–63).

- ``meeting_record``: the all-tenant meeting (every quarter, or an extra one
  for a major event, L39) with its attendance per tenant, topics and
  suggestions; each suggestion is registered on the desk as a suggestion
  request (channel 租户大会) so the 100% reply rate covers it (L57).
- ``tenant_visit_record``: an in-person visit (拜访) to a tenant.
- ``visit_plan_create``: every tenant planned into a month of the year, so
  each is visited at least once (100%, L63).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from kefu.core.services import audit_record
from kefu.customers.models import Customer
from kefu.desk.models import Category, Channel, RequestType
from kefu.desk.services import ticket_register
from kefu.org.models import Site, User
from kefu.visits import rules
from kefu.visits.errors import (
    MeetingTitleRequired,
    PlanExists,
    SiteMismatch,
    SuggestionDeskMissing,
    VisitForbidden,
)
from kefu.visits.models import (
    MeetingAttendance,
    MeetingSuggestion,
    TenantMeeting,
    TenantVisit,
    VisitPlanItem,
)
from kefu.visits.selectors import tenants_of, visit_grant

SUGGESTION_TYPE = "suggestion"
MEETING_CHANNEL = "meeting"


def _grant(actor: User | None, site: Site, at: datetime):
    if actor is None:
        return None
    grant = visit_grant(actor, site, at)
    if grant is None:
        raise VisitForbidden()
    return grant


def _same_site(site: Site, customers) -> None:
    if any(c is not None and c.site_id != site.pk for c in customers):
        raise SiteMismatch()


def meeting_record(
    *,
    actor: User,
    site: Site,
    kind: str,
    held_on: date,
    title: str,
    attendees: list[Customer],
    topics: str = "",
    minutes: str = "",
    suggestions: list[tuple[Customer | None, str]] | None = None,
    now: datetime | None = None,
) -> TenantMeeting:
    """Record a tenant meeting with its attendance and turn each suggestion into a
    desk request (seed 000 L39, L57). All or nothing."""
    at = now or timezone.now()
    grant = _grant(actor, site, at)
    if not (title or "").strip() or held_on is None:
        raise MeetingTitleRequired(fields={"title": [str(MeetingTitleRequired.default_message)]})
    suggestions = [(c, t.strip()) for c, t in suggestions or [] if (t or "").strip()]
    _same_site(site, [*attendees, *(c for c, _ in suggestions)])
    request_type = RequestType.objects.filter(site=site, code=SUGGESTION_TYPE).first()
    channel = Channel.objects.filter(site=site, code=MEETING_CHANNEL).first()
    if suggestions and (request_type is None or channel is None):
        raise SuggestionDeskMissing()
    category = (
        Category.objects.filter(site=site, request_type=request_type).order_by("id").first()
        if request_type
        else None
    )
    with transaction.atomic():
        meeting = TenantMeeting.objects.create(
            site=site,
            kind=kind,
            held_on=held_on,
            title=title.strip(),
            topics=topics,
            minutes=minutes,
            recorded_by=actor,
        )
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(meeting=meeting, customer=c)
                for c in {c.pk: c for c in attendees}.values()
            ]
        )
        for customer, text in suggestions:
            ticket = ticket_register(
                actor=actor,
                site=site,
                request_type=request_type,
                channel=channel,
                category=category,
                subject=f"{meeting.title}:{text[:40]}",
                content=text,
                customer=customer,
                occurred_place=meeting.title,
                now=at,
            )
            MeetingSuggestion.objects.create(
                meeting=meeting, customer=customer, text=text, ticket=ticket
            )
        audit_record(
            actor=actor,
            action="visits.meeting_recorded",
            target=meeting,
            site=site,
            at=at,
            note=f"{len(attendees)} / {len(suggestions)}",
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
    return meeting


def tenant_visit_record(
    *,
    actor: User,
    customer: Customer,
    visited_on: date,
    note: str = "",
    now: datetime | None = None,
) -> TenantVisit:
    """Record an in-person visit to a tenant (seed 000 L63)."""
    at = now or timezone.now()
    grant = _grant(actor, customer.site, at)
    with transaction.atomic():
        visit = TenantVisit.objects.create(
            site=customer.site, customer=customer, visited_on=visited_on, visitor=actor, note=note
        )
        audit_record(
            actor=actor,
            action="visits.tenant_visited",
            target=visit,
            site=customer.site,
            at=at,
            on_behalf_of=grant.on_behalf_of if grant else None,
        )
    return visit


def visit_plan_create(
    *, actor: User | None, site: Site, year: int, now: datetime | None = None
) -> list[VisitPlanItem]:
    """Plan every tenant of the site into a month of ``year`` (spread evenly), so the
    year's visits reach all of them (seed 000 L63 年拜访率100%)."""
    at = now or timezone.now()
    _grant(actor, site, at)
    customers = list(tenants_of(site))
    months = rules.plan_months(len(customers))
    with transaction.atomic():
        if VisitPlanItem.objects.filter(site=site, year=year).exists():
            raise PlanExists()
        items = VisitPlanItem.objects.bulk_create(
            [
                VisitPlanItem(site=site, year=year, month=month, customer=customer)
                for customer, month in zip(customers, months, strict=True)
            ]
        )
        if items:
            audit_record(
                actor=actor,
                action="visits.plan_created",
                target=items[0],
                site=site,
                at=at,
                note=f"{year}: {len(items)}",
            )
    return items
