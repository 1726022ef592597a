"""API of the service desk: list, register, read, correct and move requests.

Every id in a body is resolved at the request's site (``ticket_refs_for``,
``site_assignee``), so a missing or foreign id is a coded 400/404, never a 500.
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, shaped_response
from kefu.core.selectors import audit_timeline
from kefu.desk import services
from kefu.desk.config import desk_config, sites_with_desk_stamp
from kefu.desk.schemas import (
    CommentIn,
    PauseIn,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
    TicketQuery,
    TimelineEntryOut,
    TransitionIn,
    UrgeIn,
)
from kefu.desk.selectors import (
    access_ticket,
    site_assignee,
    ticket_detail_for,
    ticket_detail_registered,
    ticket_last_comment,
    ticket_list_counted,
    ticket_list_for,
    ticket_list_rows,
    ticket_refs_for,
)
from kefu.org.selectors import access_site, acting_positions

router = Router(tags=["desk"])


@router.get("", response={200: TicketPage, **ERRORS})
def ticket_list(request: HttpRequest, filters: Query[TicketQuery]):
    """Requests of the caller's sites, newest first, filtered and paged.

    ``count`` counts at most 10,000 requests: past that it is 10,000 and
    ``count_capped`` is true (counting a large filtered set costs more than the
    page itself); pages past the 10,000th request are still served.
    """
    if filters.site:
        access_site(request.auth, filters.site)
    wanted = filters.to_filters()
    queryset = ticket_list_for(request.auth, wanted)
    rows, count, capped = ticket_list_counted(queryset, wanted)
    start = (filters.page - 1) * filters.page_size
    body = {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "count_capped": capped,
        "items": ticket_list_rows(rows[start : start + filters.page_size])
        if capped or start < count
        else [],
    }
    return shaped_response(request, body)


@router.post("", response={201: TicketOut, **ERRORS})
def ticket_register(request: HttpRequest, payload: TicketIn):
    """Register a request and give it its number (seed 002 L40, L50, L54, §3.1)."""
    actor = request.auth
    site = access_site(actor, payload.site_id, queryset=sites_with_desk_stamp())
    config = desk_config(site)
    positions = acting_positions(user=actor, site=site, at=timezone.now())
    refs = ticket_refs_for(user=actor, site=site, ids=payload.ref_ids(), config=config)
    ticket = services.ticket_register(
        actor=actor, site=site, config=config, positions=positions, **refs, **payload.details()
    )
    detail = ticket_detail_registered(actor, ticket, config=config, positions=positions)
    return Status(201, detail)


@router.get("/{ticket_id}", response={200: TicketOut, **ERRORS})
def ticket_detail(request: HttpRequest, ticket_id: int):
    """The full record, with routing, assignee, on-behalf-of and allowed actions."""
    return ticket_detail_for(request.auth, ticket_id)


@router.patch("/{ticket_id}", response={200: TicketOut, **ERRORS})
def ticket_update(request: HttpRequest, ticket_id: int, payload: TicketPatch):
    """Correct a request's details; only the fields in the body change."""
    actor = request.auth
    ticket = access_ticket(actor, ticket_id)
    refs = ticket_refs_for(user=actor, site=ticket.site, ids=payload.ref_ids())
    services.ticket_update(actor=actor, ticket=ticket, **refs, **payload.details())
    return ticket_detail_for(actor, ticket.pk)


@router.post("/{ticket_id}/transitions", response={200: TicketOut, **ERRORS})
def ticket_transition(request: HttpRequest, ticket_id: int, payload: TransitionIn):
    """Apply one step of the status flow (see ``actions`` on the record)."""
    actor = request.auth
    ticket = access_ticket(actor, ticket_id)
    services.ticket_apply(
        actor=actor,
        ticket=ticket,
        action=payload.action,
        reason=payload.reason,
        note=payload.note,
        assignee=site_assignee(ticket.site, payload.assignee_id) if payload.assignee_id else None,
        reply_content=payload.reply_content,
        result=payload.result,
        reply_method=payload.reply_method,
    )
    return ticket_detail_for(actor, ticket.pk)


@router.post("/{ticket_id}/comments", response={201: TimelineEntryOut, **ERRORS})
def ticket_comment(request: HttpRequest, ticket_id: int, payload: CommentIn):
    """Add a follow-up note to the request's timeline."""
    ticket = access_ticket(request.auth, ticket_id)
    services.ticket_comment(actor=request.auth, ticket=ticket, note=payload.note)
    return Status(201, ticket_last_comment(ticket, request.auth))


@router.get("/{ticket_id}/timeline", response={200: list[TimelineEntryOut], **ERRORS})
def ticket_timeline(request: HttpRequest, ticket_id: int):
    """Who did what and when, on whose behalf, with each field's before and after."""
    return audit_timeline(access_ticket(request.auth, ticket_id))


@router.post("/{ticket_id}/pause", response={200: TicketOut, **ERRORS})
def ticket_pause(request: HttpRequest, ticket_id: int, payload: PauseIn):
    """Stop the clocks while the request waits on the customer (等待客户)."""
    ticket = access_ticket(request.auth, ticket_id)
    services.ticket_pause(actor=request.auth, ticket=ticket, reason=payload.reason)
    return ticket_detail_for(request.auth, ticket.pk)


@router.post("/{ticket_id}/resume", response={200: TicketOut, **ERRORS})
def ticket_resume(request: HttpRequest, ticket_id: int):
    """Restart the clocks; open deadlines move later by the time paused."""
    ticket = access_ticket(request.auth, ticket_id)
    services.ticket_resume(actor=request.auth, ticket=ticket)
    return ticket_detail_for(request.auth, ticket.pk)


@router.post("/{ticket_id}/urge", response={200: TicketOut, **ERRORS})
def ticket_urge(request: HttpRequest, ticket_id: int, payload: UrgeIn):
    """催办: urge the request; each urge is recorded and counted."""
    ticket = access_ticket(request.auth, ticket_id)
    services.ticket_urge(actor=request.auth, ticket=ticket, note=payload.note)
    return ticket_detail_for(request.auth, ticket.pk)
