"""API of guest reception under /api/v1/guests.

Thin: ids resolve through the ``access_*`` selectors (a foreign or missing id
is a coded 404); each endpoint calls one service.
"""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers.selectors import access_customer
from kefu.guests import selectors, services
from kefu.guests.errors import BadValue
from kefu.guests.schemas import (
    BookIn,
    ChangeIn,
    ClassOut,
    CloseIn,
    DecideIn,
    DepartIn,
    GiftIn,
    HandIn,
    NoteIn,
    PrepIn,
    ReceiveIn,
    ReportOut,
    SpendIn,
    UrgingOut,
    UrgingPage,
    UrgingQuery,
    UrgingStepIn,
    VisitOut,
    VisitPage,
    VisitQuery,
)
from kefu.org.models import Department
from kefu.org.selectors import access_site, access_user

router = Router(tags=["guests"])


def _visit(request: HttpRequest, pk: int):
    return selectors.access_visit(request.auth, pk)


@router.get("/classes", response={200: list[ClassOut], **ERRORS})
def class_list(request: HttpRequest, site: int | None = None):
    """Guest classes a–d with host level and cap per head (seed 000 L215–223)."""
    return list(selectors.guest_classes_for(request.auth, site))


@router.get("/visits", response={200: VisitPage, **ERRORS})
def visit_list(request: HttpRequest, filters: Query[VisitQuery]):
    if filters.site:
        access_site(request.auth, filters.site)
    qs = selectors.visit_list_for(request.auth, site=filters.site, status=filters.status or "")
    return paginate(qs, filters)


@router.post("/visits", response={201: VisitOut, **ERRORS})
def visit_book(request: HttpRequest, payload: BookIn):
    """Book a visit (seed 003 §5.1)."""
    site = access_site(request.auth, payload.site_id)
    guest_class = (
        selectors.guest_classes_for(request.auth, site.pk).filter(pk=payload.guest_class_id).first()
    )
    if guest_class is None:
        raise BadValue(fields={"guest_class_id": ["?"]})
    data = payload.dict(exclude={"site_id", "guest_class_id", "host_id", "customer_id"})
    visit = services.visit_book(
        actor=request.auth,
        site=site,
        guest_class=guest_class,
        host=access_user(request.auth, payload.host_id) if payload.host_id else None,
        customer=access_customer(request.auth, payload.customer_id)
        if payload.customer_id
        else None,
        **data,
    )
    return Status(201, selectors.access_visit(request.auth, visit.pk))


@router.get("/visits/{int:pk}", response={200: VisitOut, **ERRORS})
def visit_detail(request: HttpRequest, pk: int):
    return _visit(request, pk)


@router.post("/visits/{int:pk}/verify", response={200: VisitOut, **ERRORS})
def visit_verify(request: HttpRequest, pk: int, payload: NoteIn):
    services.visit_verify(actor=request.auth, visit=_visit(request, pk), note=payload.note)
    return _visit(request, pk)


@router.post("/visits/{int:pk}/confirm", response={200: VisitOut, **ERRORS})
def visit_confirm(request: HttpRequest, pk: int):
    services.visit_confirm(actor=request.auth, visit=_visit(request, pk))
    return _visit(request, pk)


@router.post("/visits/{int:pk}/letter", response={200: VisitOut, **ERRORS})
def visit_letter_send(request: HttpRequest, pk: int):
    """Email the 确认函 (seed 003 [I] L143) through the notification outbox."""
    services.visit_letter_send(actor=request.auth, visit=_visit(request, pk))
    return _visit(request, pk)


@router.post("/visits/{int:pk}/change", response={200: VisitOut, **ERRORS})
def visit_change(request: HttpRequest, pk: int, payload: ChangeIn):
    """Change with the customer's consent (seed 003 [Q] L280); 409 ``guests.consent_required``."""
    services.visit_change(
        actor=request.auth,
        visit=_visit(request, pk),
        changes=payload.changes(),
        customer_consented=payload.customer_consented,
        consent_note=payload.consent_note,
    )
    return _visit(request, pk)


@router.post("/visits/{int:pk}/prep", response={200: VisitOut, **ERRORS})
def visit_prep(request: HttpRequest, pk: int, payload: PrepIn):
    services.visit_prep_mark(
        actor=request.auth, visit=_visit(request, pk), item=payload.item, note=payload.note
    )
    return _visit(request, pk)


@router.post("/visits/{int:pk}/spend", response={200: VisitOut, **ERRORS})
def visit_spend(request: HttpRequest, pk: int, payload: SpendIn):
    """Record the spend; over the class cap per head it waits for approval."""
    services.visit_spend_record(actor=request.auth, visit=_visit(request, pk), total=payload.total)
    return _visit(request, pk)


@router.post("/visits/{int:pk}/spend/decide", response={200: VisitOut, **ERRORS})
def visit_spend_decide(request: HttpRequest, pk: int, payload: DecideIn):
    services.visit_spend_decide(
        actor=request.auth, visit=_visit(request, pk), approve=payload.approve, note=payload.note
    )
    return _visit(request, pk)


@router.post("/visits/{int:pk}/gifts", response={200: VisitOut, **ERRORS})
def visit_gift(request: HttpRequest, pk: int, payload: GiftIn):
    services.visit_gift_record(actor=request.auth, visit=_visit(request, pk), **payload.dict())
    return _visit(request, pk)


@router.post("/visits/{int:pk}/receive", response={200: VisitOut, **ERRORS})
def visit_receive(request: HttpRequest, pk: int, payload: ReceiveIn):
    services.visit_receive(actor=request.auth, visit=_visit(request, pk), **payload.dict())
    return _visit(request, pk)


@router.post("/visits/{int:pk}/depart", response={200: VisitOut, **ERRORS})
def visit_depart(request: HttpRequest, pk: int, payload: DepartIn):
    services.visit_depart(actor=request.auth, visit=_visit(request, pk), **payload.dict())
    return _visit(request, pk)


@router.post("/visits/{int:pk}/close", response={200: VisitOut, **ERRORS})
def visit_close(request: HttpRequest, pk: int, payload: CloseIn):
    services.visit_close(actor=request.auth, visit=_visit(request, pk), **payload.dict())
    return _visit(request, pk)


@router.post("/visits/{int:pk}/needs", response={201: UrgingOut, **ERRORS})
def visit_hand(request: HttpRequest, pk: int, payload: HandIn):
    """Hand a need to the responsible department with a deadline (seed 003 [H] L131)."""
    visit = _visit(request, pk)
    department = Department.objects.filter(site=visit.site, pk=payload.department_id).first()
    if department is None:
        raise BadValue(fields={"department_id": ["?"]})
    item = services.urging_hand(
        actor=request.auth,
        site=visit.site,
        visit=visit,
        kind=payload.kind,
        content=payload.content,
        department=department,
        working_days=payload.working_days,
    )
    return Status(201, selectors.access_urging(request.auth, item.pk))


@router.get("/urging", response={200: UrgingPage, **ERRORS})
def urging_list(request: HttpRequest, filters: Query[UrgingQuery]):
    """The urging record (催办记录), earliest deadline first."""
    qs = selectors.urging_list_for(
        request.auth, status=filters.status or "", overdue_only=filters.overdue
    )
    return paginate(qs, filters)


@router.post("/urging/{int:pk}/progress", response={200: UrgingOut, **ERRORS})
def urging_progress(request: HttpRequest, pk: int, payload: UrgingStepIn):
    item = selectors.access_urging(request.auth, pk)
    return services.urging_progress(actor=request.auth, item=item, note=payload.text)


@router.post("/urging/{int:pk}/resolve", response={200: UrgingOut, **ERRORS})
def urging_resolve(request: HttpRequest, pk: int, payload: UrgingStepIn):
    item = selectors.access_urging(request.auth, pk)
    return services.urging_resolve(actor=request.auth, item=item, solution=payload.text)


@router.post("/urging/{int:pk}/feedback", response={200: UrgingOut, **ERRORS})
def urging_feed_back(request: HttpRequest, pk: int, payload: UrgingStepIn):
    item = selectors.access_urging(request.auth, pk)
    return services.urging_feed_back(actor=request.auth, item=item, feedback=payload.text)


@router.get("/report", response={200: ReportOut, **ERRORS})
def report(request: HttpRequest):
    """Visits per class, host and month; spend against caps; satisfaction; open urging."""
    return selectors.reception_report(request.auth)
