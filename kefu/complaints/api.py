"""API of complaint handling under /api/v1/complaints: one endpoint per step.

Every id in a body is resolved at the complaint's site; a foreign or missing
id is a coded 400 (``complaints.ref_invalid``), never a 500.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status

from kefu.complaints import selectors, services
from kefu.complaints.models import Complaint, QualityMemo
from kefu.complaints.pdf import slip_pdf
from kefu.complaints.schemas import (
    AcceptIn,
    ComplaintOut,
    ComplaintRow,
    ComplaintVisitIn,
    DecideIn,
    DeliveryIn,
    IntakeIn,
    MemoIn,
    NoteIn,
    NoticeOut,
    OpinionIn,
    OpinionOut,
    ReplyIn,
    SignIn,
    TransferIn,
)
from kefu.core.api import ERRORS
from kefu.core.errors import InvalidInput
from kefu.desk.models import Category, Channel
from kefu.org.models import Department, Position, Site
from kefu.org.selectors import access_site, users_at_site

router = Router(tags=["complaints"])


def _ref(model: Any, site: Site, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    if model is None:
        found = users_at_site(site).filter(pk=pk).first()
    else:
        found = model.objects.filter(site=site, pk=pk).first()
    if found is None:
        raise InvalidInput(code="complaints.ref_invalid", fields={field: [str(pk)]})
    return found


def _out(complaint: Complaint) -> dict[str, Any]:
    complaint = selectors.complaint_queryset().get(pk=complaint.pk)
    ticket = complaint.ticket
    slip = services.current_slip(complaint)
    memo = QualityMemo.objects.filter(complaint=complaint).first()
    return {
        **{f: getattr(complaint, f) for f in ComplaintOut.model_fields if hasattr(complaint, f)},
        "number": ticket.number,
        "category": ticket.category.code if ticket.category else None,
        "subject": ticket.subject,
        "is_serious": ticket.is_serious,
        "handling_opinion_due": ticket.handling_opinion_due,
        "closure_due": ticket.closure_due,
        "sla_next_due": ticket.sla_next_due,
        "steps": list(complaint.steps.all()),
        "slip": slip,
        "memo": {
            **{f: getattr(memo, f) for f in ("facts", "repair_cost", "repair_deadline")},
            "customer_confirmed": memo.customer_confirmed,
            "countersigned_by_id": memo.countersigned_by_id,
            "completed_at": memo.completed_at,
            "delivered_on": memo.delivered_on,
            "shares": list(memo.shares.all()),
        }
        if memo
        else None,
    }


def _row(c: Complaint) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.ticket.number,
        "stage": c.stage,
        "subject": c.ticket.subject,
        "is_major": c.is_major,
        "sla_next_due": c.ticket.sla_next_due,
        "visit_due_on": c.visit_due_on,
    }


@router.get("", response={200: list[ComplaintRow], **ERRORS})
def complaint_list(request: HttpRequest, stage: str = "", overdue_first: bool = False):
    """Complaints of the caller's sites; ``overdue_first`` gives the managers' view."""
    if overdue_first:
        return [_row(c) for c in selectors.managers_view_for(request.auth)]
    qs = selectors.complaint_list_for(request.auth)
    if stage:
        qs = qs.filter(stage=stage)
    return [_row(c) for c in qs[:500]]


@router.get("/board", response={200: dict[str, list[ComplaintRow]], **ERRORS})
def complaint_board(request: HttpRequest):
    """The 客服主任's board: to accept, to transfer, waiting for opinions, to reply, to visit."""
    return {key: [_row(c) for c in items] for key, items in selectors.board_for(request.auth)}


@router.get("/notices", response={200: list[NoticeOut], **ERRORS})
def notice_list(request: HttpRequest, tracked: bool = False):
    """My notices, or (``tracked``) the open items with a deadline at my sites."""
    if tracked:
        return list(selectors.open_notices_for(request.auth)[:500])
    return list(selectors.notices_for(request.auth)[:500])


@router.post("/notices/{notice_id}/done", response={200: NoticeOut, **ERRORS})
def notice_done(request: HttpRequest, notice_id: int, payload: NoteIn):
    """Mark a tracked item done (e.g. the 24 h warning report was filed)."""
    notice = selectors.access_notice(request.auth, notice_id)
    return services.notice_done(actor=request.auth, notice=notice, note=payload.note)


@router.post("", response={201: ComplaintOut, **ERRORS})
def complaint_intake(request: HttpRequest, payload: IntakeIn):
    """Register a complaint (《客户投诉登记及跟踪处理记录表单》, seed 002 L46–62)."""
    from kefu.customers.selectors import access_customer

    actor = request.auth
    site = access_site(actor, payload.site_id)
    data = payload.dict(
        exclude={"site_id", "channel_id", "category_id", "customer_id", "complained_about_id"}
    )
    complaint = services.complaint_intake(
        actor=actor,
        site=site,
        channel=_ref(Channel, site, payload.channel_id, "channel_id"),
        category=_ref(Category, site, payload.category_id, "category_id"),
        customer=access_customer(actor, payload.customer_id) if payload.customer_id else None,
        complained_about=_ref(None, site, payload.complained_about_id, "complained_about_id"),
        **data,
    )
    return Status(201, _out(complaint))


@router.get("/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def complaint_detail(request: HttpRequest, complaint_id: int):
    return _out(selectors.access_complaint(request.auth, complaint_id))


@router.get("/{complaint_id}/opinions", response={200: list[OpinionOut], **ERRORS})
def complaint_opinions(request: HttpRequest, complaint_id: int):
    """The handling opinions; refused (and logged) for the person complained about."""
    complaint = selectors.access_complaint(request.auth, complaint_id)
    return services.complaint_opinions_read(actor=request.auth, complaint=complaint)


@router.get("/{complaint_id}/slip.pdf", response={200: None, **ERRORS})
def complaint_slip_pdf(request: HttpRequest, complaint_id: int):
    """《客户投诉转交处理联系单》 as a one-page PDF."""
    complaint = selectors.access_complaint(request.auth, complaint_id)
    slip = services.current_slip(complaint)
    if slip is None:
        raise InvalidInput(code="complaints.no_slip")
    return HttpResponse(slip_pdf(slip), content_type="application/pdf")


def _step(request: HttpRequest, complaint_id: int, service: Any, **kwargs: Any):
    complaint = selectors.access_complaint(request.auth, complaint_id)
    resolved = {
        k: (v(complaint.site) if callable(v) and not isinstance(v, type) else v)
        for k, v in kwargs.items()
    }
    service(actor=request.auth, complaint=complaint, **resolved)
    return _out(complaint)


@router.post("/{complaint_id}/accept", response={200: ComplaintOut, **ERRORS})
def complaint_accept(request: HttpRequest, complaint_id: int, payload: AcceptIn):
    """受理 / 不受理, classification, serious flag, major triggers."""
    return _step(
        request,
        complaint_id,
        services.complaint_accept,
        accept=payload.accept,
        reason=payload.reason,
        category=lambda s: _ref(Category, s, payload.category_id, "category_id"),
        is_serious=payload.is_serious,
        major_triggers=payload.major_triggers,
        complained_about=lambda s: _ref(
            None, s, payload.complained_about_id, "complained_about_id"
        ),
    )


@router.post("/{complaint_id}/transfer", response={200: ComplaintOut, **ERRORS})
def complaint_transfer(request: HttpRequest, complaint_id: int, payload: TransferIn):
    """The 客服主任 names the position (and receiver) and signs; 总经理 approval next."""
    return _step(
        request,
        complaint_id,
        services.complaint_transfer,
        position=lambda s: _ref(Position, s, payload.position_id, "position_id"),
        receiver=lambda s: _ref(None, s, payload.receiver_id, "receiver_id"),
        summary=payload.summary,
    )


@router.post("/{complaint_id}/transfer-decision", response={200: ComplaintOut, **ERRORS})
def complaint_transfer_decide(request: HttpRequest, complaint_id: int, payload: DecideIn):
    """总经理 approves the transfer or refuses it (reason required)."""
    return _step(
        request,
        complaint_id,
        services.complaint_transfer_decide,
        approve=payload.approve,
        note=payload.note,
    )


@router.post("/{complaint_id}/slip/sign", response={200: ComplaintOut, **ERRORS})
def complaint_slip_sign(request: HttpRequest, complaint_id: int, payload: SignIn):
    """Sign 《客户投诉转交处理联系单》: the sender, then the receiver."""
    return _step(request, complaint_id, services.complaint_slip_sign, name=payload.name)


@router.post("/{complaint_id}/memo", response={200: ComplaintOut, **ERRORS})
def complaint_memo(request: HttpRequest, complaint_id: int, payload: MemoIn):
    """《客户产品质量投诉处理备忘单》: shares must add up to 100 %; the cost is split to the fen."""

    def shares(site: Site) -> list[dict[str, Any]]:
        return [
            {
                "kind": s.kind,
                "name": s.name,
                "percent": s.percent,
                "department": _ref(Department, site, s.department_id, f"shares.{i}.department_id"),
            }
            for i, s in enumerate(payload.shares)
        ]

    return _step(
        request,
        complaint_id,
        services.complaint_memo_save,
        facts=payload.facts,
        repair_cost=payload.repair_cost,
        repair_deadline=payload.repair_deadline,
        customer_confirmed=payload.customer_confirmed,
        shares=shares,
    )


@router.post("/{complaint_id}/delivery", response={200: ComplaintOut, **ERRORS})
def complaint_delivery(request: HttpRequest, complaint_id: int, payload: DeliveryIn):
    """The repaired product was delivered; the return visit is the day after."""
    return _step(
        request,
        complaint_id,
        services.complaint_delivery_record,
        delivered_on=payload.delivered_on,
    )


@router.post("/{complaint_id}/opinion", response={201: OpinionOut, **ERRORS})
def complaint_opinion(request: HttpRequest, complaint_id: int, payload: OpinionIn):
    """The category owner's investigation and handling opinion."""
    complaint = selectors.access_complaint(request.auth, complaint_id)
    site = complaint.site
    opinion = services.complaint_opinion_submit(
        actor=request.auth,
        complaint=complaint,
        investigation=payload.investigation,
        opinion=payload.opinion,
        penalty_person=_ref(None, site, payload.penalty_person_id, "penalty_person_id"),
        penalty_amount=payload.penalty_amount,
        compensation_amount=payload.compensation_amount,
    )
    return Status(201, opinion)


@router.post("/{complaint_id}/opinion-decision", response={200: ComplaintOut, **ERRORS})
def complaint_opinion_decide(request: HttpRequest, complaint_id: int, payload: DecideIn):
    """总经理 approves (within the authority table) or returns the opinion."""
    return _step(
        request,
        complaint_id,
        services.complaint_opinion_decide,
        approve=payload.approve,
        note=payload.note,
    )


@router.post("/{complaint_id}/reply", response={200: ComplaintOut, **ERRORS})
def complaint_reply(request: HttpRequest, complaint_id: int, payload: ReplyIn):
    """The reply: method, satisfaction, the customer's own words; schedules the visit."""
    return _step(request, complaint_id, services.complaint_reply, **payload.dict())


@router.post("/{complaint_id}/visit", response={200: ComplaintOut, **ERRORS})
def complaint_visit(request: HttpRequest, complaint_id: int, payload: ComplaintVisitIn):
    """A return visit's result; not satisfied reopens handling (or visits again)."""
    return _step(request, complaint_id, services.complaint_visit_result, **payload.dict())


@router.post("/{complaint_id}/close", response={200: ComplaintOut, **ERRORS})
def complaint_close(request: HttpRequest, complaint_id: int, payload: NoteIn):
    """结案 once replied and the return visit is scheduled."""
    return _step(request, complaint_id, services.complaint_close, note=payload.note)
