"""API of the monthly scorecards under /api/v1/assessment.

Thin: each endpoint resolves ids through the ``access_*`` selectors (a
foreign or missing id is a coded 404), calls one service and returns what the
page shows (``selectors.scorecard_sheet``).
"""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from kefu.assessment import services
from kefu.assessment.schemas import (
    AdjustmentIn,
    AppealIn,
    EntryIn,
    LedgerDecideIn,
    LedgerEntryOut,
    LedgerPage,
    LedgerQuery,
    LineOut,
    RunIn,
    ScorecardDetailOut,
    ScorecardOut,
    ScorecardPage,
    ScorecardQuery,
    StatementQuery,
    StatementRowOut,
    TemplateOut,
    line_out,
    sheet_out,
)
from kefu.assessment.selectors import (
    access_item,
    access_ledger_entry,
    access_scorecard,
    access_template,
    ledger_list_for,
    ledger_statement,
    scorecard_list_for,
    scorecard_sheet,
    sheet_line,
    template_list_for,
)
from kefu.core.api import ERRORS, paginate
from kefu.org.selectors import access_site, access_user

router = Router(tags=["assessment"])


def _detail(request: HttpRequest, pk: int):
    return sheet_out(scorecard_sheet(access_scorecard(request.auth, pk)))


@router.get("/templates", response={200: list[TemplateOut], **ERRORS})
def template_list(request: HttpRequest):
    """The scorecard templates of the user's sites (e.g. the telecom 95-point scheme)."""
    return list(template_list_for(request.auth).order_by("site__code", "code"))


@router.get("/scorecards", response={200: ScorecardPage, **ERRORS})
def scorecard_list(request: HttpRequest, filters: Query[ScorecardQuery]):
    """Scorecards the user may see, newest month first."""
    if filters.site:
        access_site(request.auth, filters.site)
    return paginate(scorecard_list_for(request.auth, filters.to_filters()), filters)


@router.get("/scorecards/{int:pk}", response={200: ScorecardDetailOut, **ERRORS})
def scorecard_detail(request: HttpRequest, pk: int):
    """One month: sections, items, every line with the record that caused it."""
    return _detail(request, pk)


@router.post("/scorecards/run", response={200: list[ScorecardOut], **ERRORS})
def scorecard_run(request: HttpRequest, payload: RunIn):
    """Compute a month now (seed 002 L164); the same result when run again before sign-off."""
    template = access_template(request.auth, payload.template_id)
    cards = services.scorecard_run(actor=request.auth, template=template, month=payload.month)
    return [access_scorecard(request.auth, c.pk) for c in cards]


@router.post("/scorecards/{int:pk}/entries", response={201: LineOut, **ERRORS})
def scorecard_entry_add(request: HttpRequest, pk: int, payload: EntryIn):
    """An assessor's incident with a reason and an approver (e.g. confidentiality −5~−15)."""
    card = access_scorecard(request.auth, pk)
    line = services.scorecard_entry_add(
        actor=request.auth,
        scorecard=card,
        item=access_item(card, payload.item_id),
        points=payload.points,
        reason=payload.reason,
        approver=access_user(request.auth, payload.approver_id),
        occurred_at=payload.occurred_at,
    )
    return Status(201, line_out(sheet_line(line)))


@router.post("/scorecards/{int:pk}/sign-off", response={200: ScorecardDetailOut, **ERRORS})
def scorecard_sign_off(request: HttpRequest, pk: int):
    """Sign the month off; it is frozen from now on."""
    services.scorecard_sign_off(actor=request.auth, scorecard=access_scorecard(request.auth, pk))
    return _detail(request, pk)


@router.post("/scorecards/{int:pk}/adjustments", response={201: LineOut, **ERRORS})
def scorecard_adjust(request: HttpRequest, pk: int, payload: AdjustmentIn):
    """Correct a signed-off month with a reason and an approver."""
    card = access_scorecard(request.auth, pk)
    line = services.scorecard_adjust(
        actor=request.auth,
        scorecard=card,
        points=payload.points,
        reason=payload.reason,
        approver=access_user(request.auth, payload.approver_id),
        item=access_item(card, payload.item_id) if payload.item_id else None,
    )
    return Status(201, line_out(sheet_line(line)))


# --- the penalty ledger ----------------------------------------------------------------


@router.get("/ledger", response={200: LedgerPage, **ERRORS})
def ledger_list(request: HttpRequest, filters: Query[LedgerQuery]):
    """Ledger entries the user may see (own; department; every entry as assessor)."""
    if filters.site:
        access_site(request.auth, filters.site)
    return paginate(
        ledger_list_for(request.auth, filters.to_filters()).select_related("source_type"), filters
    )


@router.get("/ledger/statement", response={200: list[StatementRowOut], **ERRORS})
def ledger_statement_get(request: HttpRequest, filters: Query[StatementQuery]):
    """The month's statement for payroll, per person or per department."""
    if filters.site:
        access_site(request.auth, filters.site)
    rows = ledger_statement(request.auth, month=filters.month, site=filters.site, by=filters.by)
    return [
        {
            "id": r.key,
            "name": r.name,
            "entries": r.entries,
            "fines_fen": r.fines_fen,
            "pay_deductions_fen": r.pay_fen,
            "points": r.points,
            "dismissal_recommended": r.dismissal,
            "pending": r.pending,
        }
        for r in rows
    ]


@router.get("/ledger/{int:pk}", response={200: LedgerEntryOut, **ERRORS})
def ledger_detail(request: HttpRequest, pk: int):
    """One entry with its source record, approval and appeal."""
    return access_ledger_entry(request.auth, pk)


@router.post("/ledger/{int:pk}/approve", response={200: LedgerEntryOut, **ERRORS})
def ledger_approve(request: HttpRequest, pk: int):
    """Approve a proposed entry (seed 002 L86: the 总经理 approves)."""
    services.ledger_entry_approve(actor=request.auth, entry=access_ledger_entry(request.auth, pk))
    return access_ledger_entry(request.auth, pk)


@router.post("/ledger/{int:pk}/appeal", response={200: LedgerEntryOut, **ERRORS})
def ledger_appeal(request: HttpRequest, pk: int, payload: AppealIn):
    """The person charged appeals once, with a reason."""
    entry = access_ledger_entry(request.auth, pk)
    services.ledger_entry_appeal(actor=request.auth, entry=entry, reason=payload.reason)
    return access_ledger_entry(request.auth, pk)


@router.post("/ledger/{int:pk}/decide", response={200: LedgerEntryOut, **ERRORS})
def ledger_decide(request: HttpRequest, pk: int, payload: LedgerDecideIn):
    """An approver decides the appeal with a written decision (granted: waived)."""
    entry = access_ledger_entry(request.auth, pk)
    services.ledger_appeal_decide(
        actor=request.auth, entry=entry, grant=payload.grant, decision=payload.decision
    )
    return access_ledger_entry(request.auth, pk)
