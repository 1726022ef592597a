"""API of tenant meetings, in-person visits and coverage under /api/v1/visits.

Mounted by ``kefu.visits.api`` before its ``/{visit_id}`` routes. Thin: ids
resolve through ``access_*`` selectors, each write calls one service.
"""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from kefu.core.api import ERRORS
from kefu.core.schemas import RecordId
from kefu.customers.models import Customer
from kefu.customers.selectors import access_customer
from kefu.org.selectors import access_site
from kefu.visits import services
from kefu.visits.models import MeetingKind
from kefu.visits.selectors import access_meeting, coverage_for, meeting_list_for


class SuggestionIn(Schema):
    customer_id: RecordId | None = None
    text: str = Field(..., max_length=2000)


class MeetingIn(Schema):
    site_id: RecordId
    kind: MeetingKind = MeetingKind.QUARTERLY
    held_on: date
    title: str = Field(..., max_length=200)
    topics: str = ""
    minutes: str = ""
    attendee_ids: list[RecordId] = []
    suggestions: list[SuggestionIn] = []


class SuggestionOut(Schema):
    id: int
    customer_id: int | None
    text: str
    ticket_id: int
    ticket_number: str = ""

    @staticmethod
    def resolve_ticket_number(obj) -> str:
        return obj.ticket.number


class MeetingOut(Schema):
    id: int
    site_id: int
    kind: MeetingKind
    held_on: date
    title: str
    topics: str
    attendee_count: int = 0
    suggestion_count: int = 0


class MeetingDetailOut(MeetingOut):
    minutes: str
    attendee_ids: list[int]
    suggestions: list[SuggestionOut]

    @staticmethod
    def resolve_attendee_ids(obj) -> list[int]:
        return [a.customer_id for a in obj.attendance.all()]

    @staticmethod
    def resolve_suggestions(obj) -> list:
        return list(obj.suggestions.select_related("ticket"))


class TenantVisitIn(Schema):
    customer_id: RecordId
    visited_on: date
    note: str = ""


class TenantVisitOut(Schema):
    id: int
    customer_id: int
    visited_on: date


class CoverageQuery(Schema):
    site: RecordId
    year: int | None = Field(None, ge=2000, le=2100)


class MonthOut(Schema):
    month: int
    planned: int
    visited: int


class TenantRef(Schema):
    id: int
    name: str


class CoverageOut(Schema):
    year: int
    tenants: int
    met: int
    visited: int
    met_percent: float = Field(description="Met in person this year; target > 90% (seed 000 L57).")
    visited_percent: float = Field(description="Visited this year; target 100% (seed 000 L63).")
    met_ok: bool
    visited_ok: bool
    planned: int
    months: list[MonthOut]
    not_visited: list[TenantRef]


class PlanIn(Schema):
    site_id: RecordId
    year: int = Field(..., ge=2000, le=2100)


def add_meeting_routes(router: Router) -> None:
    @router.get("/meetings", response={200: list[MeetingOut], **ERRORS})
    def meeting_list(request: HttpRequest):
        """Tenant meetings of the user's sites, newest first."""
        return list(meeting_list_for(request.auth)[:200])

    @router.post("/meetings", response={201: MeetingDetailOut, **ERRORS})
    def meeting_create(request: HttpRequest, payload: MeetingIn):
        """Record a meeting; each suggestion becomes a desk request (seed 000 L57)."""
        site = access_site(request.auth, payload.site_id)
        ids = {
            *payload.attendee_ids,
            *(s.customer_id for s in payload.suggestions if s.customer_id),
        }
        customers = {c.pk: c for c in Customer.objects.filter(site=site, pk__in=ids)}
        for pk in ids - set(customers):
            access_customer(request.auth, pk)  # a foreign or missing id is a coded 404
        meeting = services.meeting_record(
            actor=request.auth,
            site=site,
            kind=payload.kind,
            held_on=payload.held_on,
            title=payload.title,
            topics=payload.topics,
            minutes=payload.minutes,
            attendees=[customers[pk] for pk in payload.attendee_ids],
            suggestions=[
                (customers.get(s.customer_id) if s.customer_id else None, s.text)
                for s in payload.suggestions
            ],
        )
        return Status(201, access_meeting(request.auth, meeting.pk))

    @router.get("/meetings/{int:meeting_id}", response={200: MeetingDetailOut, **ERRORS})
    def meeting_detail(request: HttpRequest, meeting_id: int):
        return access_meeting(request.auth, meeting_id)

    @router.post("/tenant-visits", response={201: TenantVisitOut, **ERRORS})
    def tenant_visit_create(request: HttpRequest, payload: TenantVisitIn):
        """Record an in-person visit to a tenant (seed 000 L63)."""
        customer = access_customer(request.auth, payload.customer_id)
        visit = services.tenant_visit_record(
            actor=request.auth, customer=customer, visited_on=payload.visited_on, note=payload.note
        )
        return Status(201, visit)

    @router.post("/plans", response={201: CoverageOut, **ERRORS})
    def plan_create(request: HttpRequest, payload: PlanIn):
        """Plan every tenant into a month of the year (seed 000 L63)."""
        site = access_site(request.auth, payload.site_id)
        services.visit_plan_create(actor=request.auth, site=site, year=payload.year)
        return Status(201, _coverage(site, payload.year))

    @router.get("/coverage", response={200: CoverageOut, **ERRORS})
    def coverage(request: HttpRequest, query: Query[CoverageQuery]):
        """Face-to-face coverage, visit rate, plan against actual, tenants not yet visited."""
        site = access_site(request.auth, query.site)
        return _coverage(site, query.year or timezone.localdate().year)


def _coverage(site, year: int) -> dict:
    figures = coverage_for(site, year)
    data = dict(figures.__dict__)
    data["months"] = [{"month": m, "planned": p, "visited": v} for m, p, v in figures.months]
    data["not_visited"] = [{"id": c.pk, "name": c.name} for c in figures.not_visited]
    return data
