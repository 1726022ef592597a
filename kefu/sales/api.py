"""API of the sales office under /api/v1/sales: the queue (state, next, absences,
returns), the register, deals and deposits, the attribution ledger.

Every id is resolved at the request's site (``access_site``, ``access_site_user``),
so a foreign id is a coded 404; rule refusals are coded 400/409
(``sales.queue_empty``, ``sales.collision``, ``sales.backfill_forbidden`` …).
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from kefu.core.api import ERRORS
from kefu.org.selectors import access_site
from kefu.sales import services
from kefu.sales.config import sites_with_sales_stamp
from kefu.sales.models import Deal, Reception, Visit
from kefu.sales.schemas import (
    CompileIn,
    DealIn,
    DealOut,
    DepositIn,
    FinishIn,
    LedgerLineOut,
    NextIn,
    QueueOut,
    ReceptionOut,
    RegisterIn,
    ReturnIn,
    SalesAbsenceIn,
    SalesVisitOut,
    person,
)
from kefu.sales.selectors import (
    access_deal,
    access_reception,
    access_sales_customer,
    access_site_user,
    board_for,
    deals_for,
    groups_of,
    ledger_for,
    open_ownership,
    site_preset_key,
)

router = Router(tags=["sales"])


def _reception(r: Reception | None) -> dict | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "seq": r.seq,
        "receiver": person(r.receiver),
        "on_behalf_of": person(r.on_behalf_of),
        "group": r.group.code,
        "started_at": r.started_at,
        "finished_at": r.finished_at,
        "kind": r.kind,
        "makeup_reason": r.makeup_reason,
        "designated": r.designated,
        "makeup_used": r.makeup_used,
    }


def _queue(site) -> dict:
    day = timezone.localdate()
    board = board_for(site, day)
    return {
        "site_id": site.pk,
        "day": day,
        "preset": site_preset_key(site),
        "open": board.queue is not None,
        "version": board.queue.version if board.queue else 0,
        "next": person(board.next_consultant),
        "groups": [
            {
                "code": group.code,
                "name": group.name,
                "order": [
                    {
                        "place": row.place,
                        "consultant": person(row.member.consultant),
                        "status": row.member.status,
                        "absence": row.member.absence,
                        "makeup": row.member.makeup,
                        "turns": row.member.turns,
                        "is_next": row.is_next,
                    }
                    for row in rows
                ],
            }
            for group, rows in board.groups
        ],
        "last": _reception(board.last),
    }


@router.get("/queue", response={200: QueueOut, **ERRORS})
def queue_state(request: HttpRequest, site_id: int):
    """Today's 《客户接待顺序表》: who is next, each group's order, the last turn."""
    return _queue(access_site(request.auth, site_id, queryset=sites_with_sales_stamp()))


@router.post("/queue", response={201: QueueOut, **ERRORS})
def queue_compile(request: HttpRequest, payload: CompileIn):
    """The supervisor's table for a day ([B] L33)."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    order = {
        code: [access_site_user(site, pk) for pk in ids] for code, ids in payload.order.items()
    }
    services.queue_compile(actor=request.auth, site=site, day=payload.day, order=order)
    return Status(201, _queue(site))


@router.post("/queue/next", response={201: ReceptionOut, **ERRORS})
def queue_next(request: HttpRequest, payload: NextIn):
    """ "Next": the head takes the walk-in. Concurrent calls get consecutive turns."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    group = groups_of(site).filter(code=payload.group).first() if payload.group else None
    designated = access_site_user(site, payload.designated_id) if payload.designated_id else None
    reception = services.queue_next(
        actor=request.auth,
        site=site,
        group=group,
        designated=designated,
        expected_version=payload.expected_version,
    )
    return Status(201, _reception(reception))


@router.post("/queue/receptions/{reception_id}/finish", response={200: ReceptionOut, **ERRORS})
def reception_finish(request: HttpRequest, reception_id: int, payload: FinishIn):
    """End a reception as valid, invalid or not counted, with a make-up reason ([R])."""
    reception = access_reception(request.auth, reception_id)
    reception = services.reception_finish(
        actor=request.auth,
        reception=reception,
        kind=payload.kind,
        makeup_reason=payload.makeup_reason,
    )
    return _reception(reception)


@router.post("/queue/absences", response={200: QueueOut, **ERRORS})
def absence_start(request: HttpRequest, payload: SalesAbsenceIn):
    """A consultant leaves the desk for a reason; the preset decides the turn's fate."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    services.queue_absence_start(
        actor=request.auth,
        site=site,
        consultant=access_site_user(site, payload.consultant_id),
        kind=payload.kind,
        substitute=access_site_user(site, payload.substitute_id) if payload.substitute_id else None,
    )
    return _queue(site)


@router.post("/queue/returns", response={200: QueueOut, **ERRORS})
def absence_end(request: HttpRequest, payload: ReturnIn):
    """A consultant is back at the desk."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    services.queue_absence_end(
        actor=request.auth, site=site, consultant=access_site_user(site, payload.consultant_id)
    )
    return _queue(site)


def _visit(v: Visit) -> dict:
    owner = open_ownership(v.customer)
    return {
        "id": v.pk,
        "customer_id": v.customer_id,
        "customer_name": v.customer.name,
        "consultant": person(v.consultant),
        "visited_at": v.visited_at,
        "day": v.day,
        "channel": v.channel,
        "first_visit": v.first_visit,
        "collision_with": person(v.collision_with),
        "owner": person(owner.owner) if owner else None,
    }


@router.post("/register", response={201: SalesVisitOut, **ERRORS})
def visit_register(request: HttpRequest, payload: RegisterIn):
    """A line of 《客户来访登记表》 at server time. A phone or ID owned by another
    consultant is ``409 sales.collision`` unless ``confirm_collision``."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    reception = (
        access_reception(request.auth, payload.reception_id) if payload.reception_id else None
    )
    visit = services.visit_register(
        actor=request.auth,
        site=site,
        consultant=access_site_user(site, payload.consultant_id),
        name=payload.name,
        phone=payload.phone,
        id_number=payload.id_number,
        channel=payload.channel,
        first_visit=payload.first_visit,
        intent=payload.intent,
        note=payload.note,
        visited_on=payload.visited_on,
        confirm_collision=payload.confirm_collision,
        reception=reception,
    )
    return Status(201, _visit(visit))


def _deal(d: Deal) -> dict:
    return {
        "id": d.pk,
        "unit": d.unit,
        "customer_id": d.customer_id,
        "closer": person(d.closer),
        "status": d.status,
        "subscribed_at": d.subscribed_at,
        "contracted_at": d.contracted_at,
        "commission_fen": d.commission_fen,
        "split_rule": d.split_rule,
        "ledger": [_line(line) for line in d.ledger.select_related("consultant")],
        "deposits_fen": sum(dep.amount_fen for dep in d.deposits.all()),
    }


def _line(line) -> dict:
    return {
        "id": line.pk,
        "deal_id": line.deal_id,
        "batch": line.batch,
        "party": line.party,
        "consultant": person(line.consultant),
        "percent": line.percent,
        "amount_fen": line.amount_fen,
        "rule": line.rule,
        "reason": line.reason,
        "posted_at": line.posted_at,
    }


@router.get("/deals", response={200: list[DealOut], **ERRORS})
def deal_list(request: HttpRequest, site_id: int):
    """The site's deals with their ledger lines, newest first (at most 200)."""
    site = access_site(request.auth, site_id, queryset=sites_with_sales_stamp())
    return [_deal(d) for d in deals_for(site)[:200]]


@router.post("/deals", response={201: DealOut, **ERRORS})
def deal_subscribe(request: HttpRequest, payload: DealIn):
    """A subscription (认购) and its attribution under the site's preset."""
    site = access_site(request.auth, payload.site_id, queryset=sites_with_sales_stamp())
    deal = services.deal_subscribe(
        actor=request.auth,
        site=site,
        customer=access_sales_customer(request.auth, site, payload.customer_id),
        unit=payload.unit,
        closer=access_site_user(site, payload.closer_id),
        commission_fen=payload.commission_fen,
        price_fen=payload.price_fen,
        split_rule=payload.split_rule,
        proxy_buyer=payload.proxy_buyer,
    )
    return Status(201, _deal(deal))


@router.post("/deals/{deal_id}/contract", response={200: DealOut, **ERRORS})
def deal_contract(request: HttpRequest, deal_id: int):
    """签约."""
    deal = services.deal_contract(actor=request.auth, deal=access_deal(request.auth, deal_id))
    return _deal(deal)


@router.post("/deals/{deal_id}/deposits", response={201: DealOut, **ERRORS})
def deposit_record(request: HttpRequest, deal_id: int, payload: DepositIn):
    """小定/大定: finance only (``403 sales.role_required`` otherwise)."""
    deal = access_deal(request.auth, deal_id)
    services.deposit_record(
        actor=request.auth,
        deal=deal,
        kind=payload.kind,
        amount_fen=payload.amount_fen,
        receipt_no=payload.receipt_no,
    )
    return Status(201, _deal(deal))


@router.get("/ledger", response={200: list[LedgerLineOut], **ERRORS})
def ledger(request: HttpRequest, site_id: int, deal_id: int | None = None):
    """Attribution ledger lines (reversals included), optionally of one deal."""
    site = access_site(request.auth, site_id, queryset=sites_with_sales_stamp())
    deal = access_deal(request.auth, deal_id) if deal_id else None
    return [_line(line) for line in ledger_for(site, deal)[:1000]]
