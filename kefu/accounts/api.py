"""API of business accounts under /api/v1/accounts (credit, shipments, recovery)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from kefu.accounts import selectors, services
from kefu.accounts.imports import read_workbook
from kefu.accounts.models import BusinessAccount, CreditEntry
from kefu.accounts.schemas import (
    AccountEntryIn,
    AccountNoteIn,
    AccountOut,
    AccountPlanIn,
    AccountReviewIn,
    AccountRow,
    EntryOut,
    KeyAccountOut,
    LedgerRefOut,
    NoteOut,
    RecoveryIn,
    ReviewOut,
    ShipmentIn,
    ShipmentOut,
)
from kefu.core.api import ERRORS
from kefu.core.errors import InvalidInput
from kefu.org.selectors import access_site

router = Router(tags=["accounts"])


def _account_out(account: BusinessAccount) -> dict[str, Any]:
    status = selectors.credit_status(account, today=timezone.localdate())
    e = status.eligibility
    return {
        **{f: getattr(account, f) for f in AccountRow.model_fields if f != "customer"},
        "customer": str(account.customer),
        "contract_kind": account.contract_kind,
        "contract_signed_on": account.contract_signed_on,
        "settlement_agreement": account.settlement_agreement,
        "today": status.today,
        "limit_fen": status.limit_fen,
        "balance_fen": status.balance_fen,
        "available_fen": status.available_fen,
        "third_fen": status.third_fen,
        "past_term": status.past_term,
        "open_over_limit": status.open_over_limit,
        "eligibility": {
            "customer_file": e.customer_file,
            "contract": e.contract,
            "prior_year_cleared": e.prior_year_cleared,
            "missing": e.missing,
            "eligible": e.eligible,
        },
        "due": status.due,
    }


@router.get("", response={200: list[AccountRow], **ERRORS})
def account_list(request: HttpRequest):
    """Business accounts of the caller's sites."""
    return [
        {**{f: getattr(a, f) for f in AccountRow.model_fields}, "customer": str(a.customer)}
        for a in selectors.account_list_for(request.auth)[:500]
    ]


@router.post("/recovery", response={200: list[LedgerRefOut], **ERRORS})
def recovery_run(request: HttpRequest, payload: RecoveryIn):
    """Month-end recovery into the penalty ledger (seed 000 L307, L313); re-runs add nothing."""
    site = access_site(request.auth, payload.site_id)
    return services.recovery_run(
        actor=request.auth, site=site, month=payload.month, now=timezone.now()
    )


@router.get("/{account_id}", response={200: AccountOut, **ERRORS})
def account_detail(request: HttpRequest, account_id: int):
    """Limit, balance, what is due and the three eligibility checks (seed 000 L275–283)."""
    return _account_out(selectors.access_account(request.auth, account_id))


@router.get("/{account_id}/shipments", response={200: list[ShipmentOut], **ERRORS})
def shipment_list(request: HttpRequest, account_id: int):
    account = selectors.access_account(request.auth, account_id)
    return list(selectors.shipment_list_for(request.auth, account=account)[:500])


@router.post("/{account_id}/shipments", response={201: ShipmentOut, **ERRORS})
def shipment_request(request: HttpRequest, account_id: int, payload: ShipmentIn):
    """Request an invoice/shipment; the credit check runs now (``status`` says the outcome)."""
    account = selectors.access_account(request.auth, account_id)
    # date.min - 30 days would overflow the credit window (found by the matrix as a 500).
    if not date(2000, 1, 1) <= payload.invoice_date <= date(2099, 12, 31):
        raise InvalidInput(
            code="accounts.invoice_date_out_of_range",
            fields={"invoice_date": ["2000-01-01 … 2099-12-31"]},
        )
    shipment = services.shipment_request(
        actor=request.auth, account=account, now=timezone.now(), **payload.dict()
    )
    return Status(201, shipment)


@router.post("/shipments/{shipment_id}/sign", response={200: ShipmentOut, **ERRORS})
def shipment_sign(request: HttpRequest, shipment_id: int):
    """The 区域经理 signs off a refused over-limit shipment (first/last, below 1/3)."""
    shipment = selectors.access_shipment(request.auth, shipment_id)
    return services.shipment_sign_over_limit(
        actor=request.auth, shipment=shipment, now=timezone.now()
    )


@router.post("/shipments/{shipment_id}/approve-past-term", response={200: ShipmentOut, **ERRORS})
def shipment_approve_past_term(request: HttpRequest, shipment_id: int):
    """The sales department approves credit past the term (seed 000 L289)."""
    shipment = selectors.access_shipment(request.auth, shipment_id)
    return services.shipment_approve_past_term(
        actor=request.auth, shipment=shipment, now=timezone.now()
    )


@router.get("/{account_id}/entries", response={200: list[EntryOut], **ERRORS})
def entry_list(request: HttpRequest, account_id: int):
    account = selectors.access_account(request.auth, account_id)
    return list(CreditEntry.objects.filter(account=account).order_by("-occurred_on", "-id")[:500])


@router.post("/{account_id}/entries", response={201: EntryOut, **ERRORS})
def entry_record(request: HttpRequest, account_id: int, payload: AccountEntryIn):
    """Record a shipment or a payment from the finance system."""
    account = selectors.access_account(request.auth, account_id)
    entry = services.credit_entry_record(actor=request.auth, account=account, **payload.dict())
    return Status(201, entry)


@router.post("/sites/{site_id}/import", response={200: dict[str, int], **ERRORS})
def entries_import(request: HttpRequest, site_id: int, file: File[UploadedFile]):
    """Import the finance workbook (.xlsx: account code, kind, date, yuan, reference)."""
    site = access_site(request.auth, site_id)
    rows = read_workbook(file.read())
    return services.credit_entries_import(actor=request.auth, site=site, rows=rows)


def _plan_out(row) -> dict[str, Any]:
    p = row.plan
    return {
        "id": p.pk,
        "period": p.period,
        "starts_on": p.starts_on,
        "ends_on": row.ends_on,
        "target_fen": p.target_fen,
        "actual_fen": row.actual_fen,
        "percent": row.percent,
    }


@router.get("/{account_id}/key-account", response={200: KeyAccountOut, **ERRORS})
def key_account(request: HttpRequest, account_id: int):
    """Plans with actuals, notes, the account's desk requests and the monthly reviews."""
    account = selectors.access_account(request.auth, account_id)
    requests = selectors.account_requests(request.auth, account)[:100]
    return {
        "account_id": account.pk,
        "key_account_manager": account.key_account_manager,
        "plans": [_plan_out(r) for r in selectors.plan_rows(account)],
        "notes": list(account.notes.select_related("author")[:100]),
        "requests": [
            {
                "id": t.pk,
                "number": t.number,
                "subject": t.subject,
                "status": t.status,
                "request_type": t.request_type.code,
            }
            for t in requests
        ],
        "reviews": list(account.reviews.select_related("reviewed_by")[:24]),
    }


@router.post("/{account_id}/plans", response={200: KeyAccountOut, **ERRORS})
def plan_set(request: HttpRequest, account_id: int, payload: AccountPlanIn):
    """Set an annual, quarterly or monthly sales plan (seed 000 L581)."""
    account = selectors.access_account(request.auth, account_id)
    services.sales_plan_set(actor=request.auth, account=account, **payload.dict())
    return key_account(request, account_id)


@router.post("/{account_id}/notes", response={201: NoteOut, **ERRORS})
def note_add(request: HttpRequest, account_id: int, payload: AccountNoteIn):
    account = selectors.access_account(request.auth, account_id)
    note = services.account_note_add(
        actor=request.auth, account=account, now=timezone.now(), **payload.dict()
    )
    return Status(201, note)


@router.post("/{account_id}/reviews", response={201: ReviewOut, **ERRORS})
def review_record(request: HttpRequest, account_id: int, payload: AccountReviewIn):
    """The monthly review (plan, actual and open requests are frozen on it)."""
    account = selectors.access_account(request.auth, account_id)
    review = services.account_review_record(actor=request.auth, account=account, **payload.dict())
    return Status(201, review)
