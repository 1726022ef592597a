"""Pages of complaint handling under /complaints/.

The 客服主任's work board, the managers' view (overdue first), intake, and the
complaint page where each step is one action form posted via htmx (the panel
comes back re-rendered; a refused step shows its coded message in ``#flash``).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kefu.complaints import forms, selectors, services
from kefu.complaints.models import Complaint, Stage
from kefu.complaints.pdf import slip_pdf
from kefu.core.errors import InvalidInput, KefuError
from kefu.org.selectors import access_site, site_list_for

#: step → (form, service, done message)
STEPS: dict[str, tuple[type[forms.SiteForm], Any, str]] = {
    "accept": (
        forms.AcceptForm,
        services.complaint_accept,
        gettext_lazy("The decision was recorded."),
    ),
    "transfer": (
        forms.TransferForm,
        services.complaint_transfer,
        gettext_lazy("The transfer was requested."),
    ),
    "transfer_decide": (
        forms.DecideForm,
        services.complaint_transfer_decide,
        gettext_lazy("The transfer decision was recorded."),
    ),
    "slip_sign": (
        forms.SignForm,
        services.complaint_slip_sign,
        gettext_lazy("The slip was signed."),
    ),
    "memo": (forms.MemoForm, services.complaint_memo_save, gettext_lazy("The memo was saved.")),
    "delivery": (
        forms.DeliveryForm,
        services.complaint_delivery_record,
        gettext_lazy("Delivery recorded."),
    ),
    "opinion": (
        forms.OpinionForm,
        services.complaint_opinion_submit,
        gettext_lazy("The opinion was submitted."),
    ),
    "opinion_decide": (
        forms.DecideForm,
        services.complaint_opinion_decide,
        gettext_lazy("The opinion decision was recorded."),
    ),
    "reply": (forms.ReplyForm, services.complaint_reply, gettext_lazy("The reply was recorded.")),
    "visit": (
        forms.VisitForm,
        services.complaint_visit_result,
        gettext_lazy("The visit was recorded."),
    ),
    "close": (forms.NoteForm, services.complaint_close, gettext_lazy("The complaint was closed.")),
}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The 客服主任's work board."""
    return render(
        request,
        "complaints/board.html",
        {
            "columns": selectors.board_for(request.user),
            "tracked": selectors.open_notices_for(request.user)[:50],
            "now": timezone.now(),
        },
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """Managers' view: every open complaint, overdue first."""
    return render(
        request,
        "complaints/manage.html",
        {
            "complaints": selectors.managers_view_for(request.user),
            "tracked": selectors.open_notices_for(request.user)[:50],
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """《客户投诉登记及跟踪处理记录表单》, section 投诉承接."""
    sites = list(site_list_for(request.user))
    site = access_site(request.user, request.GET.get("site") or (sites[0].pk if sites else None))
    form = forms.IntakeForm(request.POST or None, site=site)
    if request.method == "POST":
        if not form.is_valid():
            raise invalid_form(form)
        complaint = services.complaint_intake(actor=request.user, site=site, **form.cleaned_data)
        messages.success(
            request, _("Complaint %(number)s registered.") % {"number": complaint.ticket.number}
        )
        return redirect(complaint)
    return render(request, "complaints/intake.html", {"form": form, "site": site, "sites": sites})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.access_complaint(request.user, pk)
    return render(request, "complaints/detail.html", panel_context(request, complaint))


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one step of the workflow on the complaint."""
    complaint = selectors.access_complaint(request.user, pk)
    if name not in STEPS:
        raise InvalidInput(code="complaints.unknown_step", fields={"step": [name]})
    form_class, service, done = STEPS[name]
    form = form_class(request.POST, site=complaint.site)
    if not form.is_valid():
        raise invalid_form(form)
    service(actor=request.user, complaint=complaint, **form.cleaned_data)
    messages.success(request, str(done))
    return panel_response(request, complaint.pk)


@login_required
@require_POST
def notice_done(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.access_notice(request.user, pk)
    services.notice_done(actor=request.user, notice=notice, note=request.POST.get("note", ""))
    messages.success(request, _("Marked done."))
    return redirect(request.POST.get("next") or "complaints:board")


@login_required
def slip_print(request: HttpRequest, pk: int) -> HttpResponse:
    """《客户投诉转交处理联系单》 as a one-page PDF for wet signatures."""
    complaint = selectors.access_complaint(request.user, pk)
    slip = services.current_slip(complaint)
    if slip is None:
        raise InvalidInput(code="complaints.no_slip")
    response = HttpResponse(slip_pdf(slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-{complaint.ticket.number}.pdf"'
    return response


def panel_response(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.access_complaint(request.user, pk)
    if not request.htmx:
        return redirect(complaint)
    context = {**panel_context(request, complaint), "oob": 1}
    return render(request, "complaints/_panel.html", context)


def panel_context(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    site = complaint.site
    try:
        opinions = services.complaint_opinions_read(actor=request.user, complaint=complaint)
        recused = False
    except KefuError:
        opinions, recused = [], True
    memo = getattr(complaint, "memo", None) if hasattr(complaint, "memo") else None
    return {
        "complaint": complaint,
        "ticket": complaint.ticket,
        "stage": complaint.stage,
        "Stage": Stage,
        "opinions": opinions,
        "recused": recused,
        "slip": services.current_slip(complaint),
        "memo": memo,
        "shares": list(memo.shares.all()) if memo else [],
        "steps": complaint.steps.select_related("actor", "on_behalf_of"),
        "forms": {name: form_class(site=site) for name, (form_class, _s, _d) in STEPS.items()},
        "memo_category": services.memo_category(complaint),
        "share_rows": [("department", ""), ("supplier", ""), ("customer", "")],
        "now": timezone.now(),
    }


def invalid_form(form: Any) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)
