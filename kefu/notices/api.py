"""API of outbound notices under /api/v1/notices.

Thin: ids resolve through the ``access_*`` selectors (another site's record
is a coded 404), each write calls one service and returns what the notice
page shows. Every path to sending goes through ``notice_issue``, which refuses
a notice that is not approved and sealed.
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from kefu.core.api import ERRORS, paginate
from kefu.customers.models import Customer, Unit
from kefu.notices import services
from kefu.notices.errors import RecipientNotFound
from kefu.notices.schemas import (
    ChaseOut,
    FindingOut,
    FindingRectifiedIn,
    GreetingIn,
    GreetingOut,
    HandbookReceiptOut,
    HandbookReceiptQuery,
    HandOutIn,
    InspectionIn,
    InspectionOut,
    NoticeDetailOut,
    NoticeIn,
    NoticePage,
    NoticeQuery,
    RecipientOut,
    RectificationLetterOut,
    RectificationQuery,
    SignOffIn,
)
from kefu.notices.selectors import (
    access_finding,
    access_inspection,
    access_notice,
    access_recipient,
    access_template,
    greeting_list_for,
    handbook_receipts_for,
    is_overdue,
    notice_list_for,
    notice_recipients,
    rectification_list_for,
)
from kefu.org.selectors import access_site, access_user

router = Router(tags=["notices"])


def _detail(request: HttpRequest, pk: int):
    notice = access_notice(request.auth, pk)
    notice.recipient_rows = list(notice_recipients(notice))
    return notice


@router.get("", response={200: NoticePage, **ERRORS})
def notice_list(request: HttpRequest, filters: Query[NoticeQuery]):
    """The notices register: each notice's step and its outstanding sign-offs."""
    if filters.site:
        access_site(request.auth, filters.site)
    return paginate(notice_list_for(request.auth, filters.to_filters()), filters)


@router.get("/{int:pk}", response={200: NoticeDetailOut, **ERRORS})
def notice_detail(request: HttpRequest, pk: int):
    """One notice with its recipients and their sign-off state."""
    return _detail(request, pk)


@router.post("", response={201: NoticeDetailOut, **ERRORS})
def notice_draft(request: HttpRequest, payload: NoticeIn):
    """Draft a notice (seed 000 L47) on a template or with its own text."""
    site = access_site(request.auth, payload.site_id)
    notice = services.notice_draft(
        actor=request.auth,
        site=site,
        template=access_template(request.auth, payload.template_id)
        if payload.template_id
        else None,
        title=payload.title,
        body=payload.body,
        kind=payload.kind or "",
        audience=payload.audience,
        building=payload.building,
        customers=list(Customer.objects.filter(site=site, pk__in=payload.customer_ids)),
        delivery=payload.delivery,
        deliverer=access_user(request.auth, payload.deliverer_id) if payload.deliverer_id else None,
        is_major=payload.is_major,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, _detail(request, notice.pk))


def _step(request: HttpRequest, pk: int, service):
    service(actor=request.auth, notice=access_notice(request.auth, pk))
    return _detail(request, pk)


@router.post("/{int:pk}/approve", response={200: NoticeDetailOut, **ERRORS})
def notice_approve(request: HttpRequest, pk: int):
    """The leader consents (seed 000 L49)."""
    return _step(request, pk, services.notice_approve)


@router.post("/{int:pk}/seal-application", response={200: NoticeDetailOut, **ERRORS})
def notice_seal_apply(request: HttpRequest, pk: int):
    """File the seal application 用章申请 (seed 000 L49)."""
    return _step(request, pk, services.notice_seal_apply)


@router.post("/{int:pk}/seal", response={200: NoticeDetailOut, **ERRORS})
def notice_seal(request: HttpRequest, pk: int):
    """The GM office approves the seal application (seed 000 L49)."""
    return _step(request, pk, services.notice_seal_approve)


@router.post("/{int:pk}/issue", response={200: NoticeDetailOut, **ERRORS})
def notice_issue(request: HttpRequest, pk: int):
    """Send a sealed notice (only the positions the site allows; seed 002 L76)."""
    return _step(request, pk, services.notice_issue)


@router.post("/{int:pk}/chase", response={200: ChaseOut, **ERRORS})
def notice_chase(request: HttpRequest, pk: int):
    """Remind the tenants who have not signed yet through the notify outbox."""
    return {
        "chased": services.notice_chase(actor=request.auth, notice=access_notice(request.auth, pk))
    }


@router.post(
    "/{int:pk}/recipients/{int:recipient_id}/paper", response={200: RecipientOut, **ERRORS}
)
def recipient_paper(
    request: HttpRequest,
    pk: int,
    recipient_id: int,
    payload: Form[SignOffIn],
    signed_copy: File[UploadedFile],
):
    """Record a paper sign-off with the scanned signed copy (seed 000 L51–53)."""
    recipient = access_recipient(access_notice(request.auth, pk), recipient_id)
    return services.notice_recipient_paper_record(
        actor=request.auth,
        recipient=recipient,
        signer_name=payload.signer_name,
        signed_copy=signed_copy,
    )


@router.post("/{int:pk}/inspection", response={201: InspectionOut, **ERRORS})
def inspection_record(request: HttpRequest, pk: int, payload: InspectionIn):
    """Turn the fire-safety inspection into a form (seed 000 L43)."""
    notice = access_notice(request.auth, pk)
    customers = {
        c.pk: c
        for c in Customer.objects.filter(
            site=notice.site, pk__in=[f.customer_id for f in payload.findings]
        )
    }
    if len(customers) != len({f.customer_id for f in payload.findings}):
        raise RecipientNotFound()
    report = services.inspection_report_record(
        actor=request.auth,
        notice=notice,
        inspected_on=payload.inspected_on,
        summary=payload.summary,
        findings=[(customers[f.customer_id], f.finding) for f in payload.findings],
    )
    return Status(201, report)


@router.get("/{int:pk}/inspection", response={200: InspectionOut, **ERRORS})
def inspection_detail(request: HttpRequest, pk: int):
    return access_inspection(access_notice(request.auth, pk))


@router.post("/{int:pk}/rectification", response={201: NoticeDetailOut, **ERRORS})
def rectification_draft(request: HttpRequest, pk: int):
    """Draft the 整改函 to the tenants with findings (seed 000 L43)."""
    report = access_inspection(access_notice(request.auth, pk))
    letter = services.rectification_letter_draft(actor=request.auth, report=report)
    return Status(201, _detail(request, letter.pk))


@router.post(
    "/{int:pk}/inspection/findings/{int:finding_id}/rectified",
    response={200: FindingOut, **ERRORS},
)
def finding_rectified(request: HttpRequest, pk: int, finding_id: int, payload: FindingRectifiedIn):
    """The re-inspection found one defect rectified (seed 000 L43); idempotent."""
    finding = access_finding(access_notice(request.auth, pk), finding_id)
    return services.finding_rectified_record(actor=request.auth, finding=finding, note=payload.note)


@router.get("/rectifications", response={200: list[RectificationLetterOut], **ERRORS})
def rectification_list(request: HttpRequest, filters: Query[RectificationQuery]):
    """Rectification letters by deadline with open findings; ``overdue`` ones are chased
    once a working day through the outbox (seed 000 L43)."""
    if filters.site:
        access_site(request.auth, filters.site)
    now = timezone.now()
    letters = list(rectification_list_for(request.auth, filters.to_filters(), now=now)[:200])
    for letter in letters:
        letter.overdue = is_overdue(letter, now)
    return letters


@router.post("/{int:pk}/hand-out", response={201: RecipientOut, **ERRORS})
def handbook_hand_out(request: HttpRequest, pk: int, payload: HandOutIn):
    """Hand a sent handbook to one more customer (seed 004 L71, L179); they then
    acknowledge it like any sign-off."""
    notice = access_notice(request.auth, pk)
    customer = Customer.objects.filter(site=notice.site, pk=payload.customer_id).first()
    unit = (
        Unit.objects.filter(site=notice.site, pk=payload.unit_id).first()
        if payload.unit_id
        else None
    )
    if customer is None or (payload.unit_id and unit is None):
        raise RecipientNotFound()
    recipient = services.handbook_hand_out(
        actor=request.auth, notice=notice, customer=customer, unit=unit
    )
    return Status(201, recipient)


@router.get("/handbooks/receipts", response={200: list[HandbookReceiptOut], **ERRORS})
def handbook_receipts(request: HttpRequest, filters: Query[HandbookReceiptQuery]):
    """Who received which handbook when, and how they acknowledged it (seed 004 L71)."""
    if filters.site:
        access_site(request.auth, filters.site)
    return list(handbook_receipts_for(request.auth, filters.to_filters())[:500])


@router.get("/greetings", response={200: list[GreetingOut], **ERRORS})
def greeting_list(request: HttpRequest):
    """Scheduled and sent greetings and weather alerts (seed 000 L59), newest first."""
    return list(greeting_list_for(request.auth).order_by("-send_on", "-id")[:200])


@router.post("/greetings", response={201: GreetingOut, **ERRORS})
def greeting_create(request: HttpRequest, payload: GreetingIn):
    """Schedule a greeting on the working calendar (a holiday's: the working day before)."""
    site = access_site(request.auth, payload.site_id)
    customer = None
    if payload.customer_id:
        customer = Customer.objects.filter(site=site, pk=payload.customer_id).first()
        if customer is None:
            raise RecipientNotFound()
    greeting = services.greeting_schedule(
        actor=request.auth,
        site=site,
        occasion=payload.occasion,
        text=payload.text,
        holiday_on=payload.holiday_on,
        send_on=payload.send_on,
        channel=payload.channel,
        customer=customer,
    )
    return Status(201, greeting)
