"""API of customer files under /api/v1/files.

Thin: ids resolve through the ``access_*`` selectors (another site's record
is a coded 404), each write is one service call; reading a file goes through
``services.file_view`` so classified reads and refusals are recorded.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.files import selectors, services
from kefu.files.schemas import (
    AccessApplicationOut,
    AccessApplyIn,
    AccessDecideIn,
    AccessListQuery,
    AccessLogPage,
    AccessLogQuery,
    FileDetailOut,
    FileItemOut,
    FilePage,
    FileQuery,
    FilesHandoverIn,
    HandoverOut,
    HandoverPage,
    HandoverQuery,
    ImportOut,
    ItemCheckIn,
    KindOut,
    LoanDecideIn,
    LoanIn,
    LoanOut,
    LoanPage,
    LoanQuery,
    LoanReturnIn,
    row_out,
)
from kefu.org.selectors import access_site

router = Router(tags=["files"])


def _origin(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@router.get("/kinds", response={200: list[KindOut], **ERRORS})
def kind_list(request: HttpRequest):
    """The file kinds of the user's sites with their checklists (e.g. 新车档案's 12 items)."""
    return list(selectors.kind_list_for(request.auth).order_by("site__code", "code"))


@router.get("", response={200: FilePage, **ERRORS})
def file_list(request: HttpRequest, filters: Query[FileQuery]):
    """Files of the user's sites, newest first; classified ones show only that they exist."""
    files = selectors.file_list_for(
        request.auth,
        status=filters.status or "",
        kind_code=filters.kind,
        query=filters.q,
        missing_only=filters.missing,
    )
    page = paginate(files, filters)
    page["items"] = [row_out(r) for r in selectors.file_rows(request.auth, page["items"])]
    return page


def _detail(request: HttpRequest, file_id: int) -> dict[str, Any]:
    file = selectors.access_file(request.auth, file_id)
    view = services.file_view(actor=request.auth, file=file, origin=_origin(request))
    body = row_out(selectors.file_row(request.auth, file, readable=view.readable))
    body.update(
        readable=view.readable,
        cabinet=file.cabinet if view.readable else "",
        shelf_position=file.shelf_position if view.readable else "",
        sold_at=file.sold_at,
        delivered_at=file.delivered_at,
        complete=view.completeness.is_complete if view.completeness else None,
        missing=[m.label for m in view.completeness.missing] if view.completeness else [],
        items=view.items,
        documents=view.documents,
    )
    return body


@router.get("/{int:file_id}", response={200: FileDetailOut, **ERRORS})
def file_detail(request: HttpRequest, file_id: int):
    """One file: checklist with complete and missing items (资料不齐), scans."""
    return _detail(request, file_id)


@router.post("/{int:file_id}/items/{int:item_id}/check", response={200: FileItemOut, **ERRORS})
def file_item_check(request: HttpRequest, file_id: int, item_id: int, payload: ItemCheckIn):
    """The file keeper records a checklist item as present, missing or defective."""
    file = selectors.access_file(request.auth, file_id)
    item = selectors.access_file_item(file, item_id)
    return services.file_item_check(
        actor=request.auth,
        file_item=item,
        present=payload.present,
        defect=payload.defect.value,
        note=payload.note,
    )


@router.post("/{int:file_id}/handovers", response={201: HandoverOut, **ERRORS})
def handover_register(request: HttpRequest, file_id: int, payload: FilesHandoverIn):
    """Enter a line of 《用户档案签收薄》: the hander confirms; missing items are listed."""
    file = selectors.access_file(request.auth, file_id)
    line = services.handover_register(actor=request.auth, file=file, note=payload.note)
    return Status(201, line)


@router.get("/handovers", response={200: HandoverPage, **ERRORS})
def handover_list(request: HttpRequest, filters: Query[HandoverQuery]):
    """《用户档案签收薄》 of the user's sites, newest first."""
    lines = selectors.handover_register_for(user=request.auth, pending_only=filters.pending)
    return paginate(lines, filters)


@router.post("/handovers/{int:handover_id}/receive", response={200: HandoverOut, **ERRORS})
def handover_receive(request: HttpRequest, handover_id: int):
    """The file keeper confirms receipt; late or incomplete hand-overs are fined."""
    line = selectors.access_handover(request.auth, handover_id)
    return services.handover_receive(actor=request.auth, handover=line)


@router.post("/{int:file_id}/access-applications", response={201: AccessApplicationOut, **ERRORS})
def access_apply(request: HttpRequest, file_id: int, payload: AccessApplyIn):
    """Apply to read or copy a 机密/绝密 file, or to disclose any file to a third party
    (``recipient``): purpose, reason, who you are (seed 000 L497, L525, L529)."""
    file = selectors.access_file(request.auth, file_id)
    application = services.access_apply(
        actor=request.auth,
        file=file,
        purpose=payload.purpose,
        reason=payload.reason,
        applicant_profile=payload.applicant_profile,
        kind=payload.kind.value,
        recipient=payload.recipient,
    )
    return Status(201, application)


@router.get("/access-applications", response={200: list[AccessApplicationOut], **ERRORS})
def access_list(request: HttpRequest, filters: Query[AccessListQuery]):
    """The caller's applications, or with ``to_decide`` the ones waiting for them."""
    return selectors.access_applications_for(request.auth, to_decide=filters.to_decide)


@router.post(
    "/access-applications/{int:application_id}/decide",
    response={200: AccessApplicationOut, **ERRORS},
)
def access_decide(request: HttpRequest, application_id: int, payload: AccessDecideIn):
    """An approver of the kind and level approves for ``days`` or rejects (seed 000 L503,
    L525); a disclosure stays pending after the first of its two approvals (L529)."""
    application = selectors.access_application_for(request.auth, application_id)
    return services.access_decide(
        actor=request.auth,
        application=application,
        approve=payload.approve,
        days=payload.days,
        note=payload.note,
    )


@router.get("/access-log", response={200: AccessLogPage, **ERRORS})
def access_log(request: HttpRequest, filters: Query[AccessLogQuery]):
    """Classified reads, exports, refusals and decisions, for the file manager."""
    return paginate(selectors.access_log_for(request.auth, action=filters.action), filters)


@router.post("/{int:file_id}/loans", response={201: LoanOut, **ERRORS})
def loan_request(request: HttpRequest, file_id: int, payload: LoanIn):
    """Apply to borrow the paper file: material, copies, reason, 3 days at most."""
    file = selectors.access_file(request.auth, file_id)
    loan = services.loan_request(
        actor=request.auth,
        file=file,
        material=payload.material,
        copies=payload.copies,
        reason=payload.reason,
        days=payload.days,
    )
    return Status(201, loan)


@router.get("/loans", response={200: LoanPage, **ERRORS})
def loan_list(request: HttpRequest, filters: Query[LoanQuery]):
    """《客户资料外借登记册》: ``show`` open (default), overdue or all."""
    loans = selectors.loan_list_for(
        request.auth,
        open_only=filters.show == "open",
        overdue_at=timezone.now() if filters.show == "overdue" else None,
    )
    return paginate(loans, filters)


@router.post("/loans/{int:loan_id}/decide", response={200: LoanOut, **ERRORS})
def loan_decide(request: HttpRequest, loan_id: int, payload: LoanDecideIn):
    """The 信息管理专员 approves (the loan starts) or rejects."""
    loan = selectors.access_loan(request.auth, loan_id)
    return services.loan_decide(
        actor=request.auth, loan=loan, approve=payload.approve, note=payload.note
    )


@router.post("/loans/{int:loan_id}/return", response={200: LoanOut, **ERRORS})
def loan_return(request: HttpRequest, loan_id: int, payload: LoanReturnIn):
    """The file keeper records the return and whether it came back complete."""
    loan = selectors.access_loan(request.auth, loan_id)
    return services.loan_return(
        actor=request.auth, loan=loan, complete=payload.complete, note=payload.note
    )


@router.post("/imports", response={201: ImportOut, **ERRORS})
def import_upload(request: HttpRequest, site_id: Form[int], source: File[UploadedFile]):
    """Upload customers (.xlsx or CSV, first row the headers); the check runs in the
    background — poll ``GET /files/imports/{import_id}``."""
    site = access_site(request.auth, site_id)
    return Status(201, services.import_upload(actor=request.auth, site=site, upload=source))


@router.get("/imports/{int:import_id}", response={200: ImportOut, **ERRORS})
def import_detail(request: HttpRequest, import_id: int):
    """Status, progress, row errors (row, column, why) and the preview."""
    return selectors.access_import(request.auth, import_id)


@router.post("/imports/{int:import_id}/commit", response={200: ImportOut, **ERRORS})
def import_commit(request: HttpRequest, import_id: int):
    """Import a checked file without errors: all rows or none, in the background."""
    job = selectors.access_import(request.auth, import_id)
    return services.import_commit(actor=request.auth, job=job)
