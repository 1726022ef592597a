"""Pages of the notices app: the register, a notice, its actions, the sign-off link.

Thin: each view validates a form, calls one selector or one service and
renders; a ``KefuError`` is shown by the core middleware.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.core.errors import InvalidInput
from kefu.customers.models import Customer
from kefu.notices import services
from kefu.notices.forms import HandOutForm, NoticeDraftForm, NoticeFilterForm, PaperSignOffForm
from kefu.notices.models import NoticeKind, NoticeStatus, SignMethod
from kefu.notices.pdf import batch_pdf
from kefu.notices.policies import APPROVE, DRAFT, ISSUE, RECORD, SEAL
from kefu.notices.selectors import (
    NoticeFilters,
    access_notice,
    access_recipient,
    letter_findings,
    may,
    notice_list_for,
    notice_recipients,
    outstanding_total,
    status_counts,
    template_list_for,
)
from kefu.org.selectors import site_list_for, user_site_ids, users_working_at


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """The register: every notice with its step and outstanding sign-offs."""
    form = NoticeFilterForm(request.GET)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = Paginator(notice_list_for(request.user, NoticeFilters(status=status)), 25).get_page(
        request.GET.get("page")
    )
    counts = status_counts(request.user)
    steps = [(value, label, counts[value]) for value, label in NoticeStatus.choices]
    return render(
        request,
        "notices/notice_list.html",
        {
            "form": form,
            "page_obj": page,
            "steps": steps,
            "outstanding": outstanding_total(request.user),
            "may_draft": any(may(request.user, s, DRAFT) for s in site_list_for(request.user)),
        },
    )


def _draft_form(request: HttpRequest, data=None) -> NoticeDraftForm:
    sites = site_list_for(request.user)
    site_ids = user_site_ids(request.user)
    return NoticeDraftForm(
        data,
        sites=sites,
        templates=template_list_for(request.user),
        customers=Customer.objects.filter(site_id__in=site_ids).order_by("name"),
        users=users_working_at(site_ids).order_by("username"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    form = _draft_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        notice = services.notice_draft(
            actor=request.user,
            site=data["site"],
            template=data["template"],
            title=data["title"],
            body=data["body"],
            audience=data["audience"],
            building=data["building"],
            customers=list(data["customers"]),
            delivery=data["delivery"],
            deliverer=data["deliverer"],
            is_major=data["is_major"] or None,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        messages.success(request, _("The notice was drafted."))
        return redirect(notice)
    return render(request, "notices/notice_form.html", {"form": form})


def _hand_out_form(user, notice, recipients) -> HandOutForm | None:
    """The hand-out form of a sent handbook, for who may record (seed 004 L71)."""
    sent = notice.status in (NoticeStatus.SENT, NoticeStatus.SIGNED_OFF)
    if notice.kind != NoticeKind.HANDBOOK or not sent or not may(user, notice.site, RECORD):
        return None
    customers = Customer.objects.filter(site=notice.site).exclude(
        pk__in=[r.customer_id for r in recipients]
    )
    return HandOutForm(customers=customers.order_by("name"))


@login_required
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access_notice(request.user, pk)
    recipients = list(notice_recipients(notice))
    user, site = request.user, notice.site
    is_letter = notice.kind == NoticeKind.RECTIFICATION and notice.parent_id
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "recipients": recipients,
            "outstanding": [r for r in recipients if r.signed_at is None],
            "may_approve": notice.status == NoticeStatus.DRAFT and may(user, site, APPROVE),
            "may_seal_apply": notice.status == NoticeStatus.APPROVED and may(user, site, DRAFT),
            "may_seal": notice.status == NoticeStatus.SEAL_REQUESTED and may(user, site, SEAL),
            "may_issue": notice.status == NoticeStatus.SEALED and may(user, site, ISSUE),
            "may_record": notice.status == NoticeStatus.SENT and may(user, site, RECORD),
            "paper_form": PaperSignOffForm(),
            "follow_ups": notice.follow_ups.all(),
            "hand_out_form": _hand_out_form(user, notice, recipients),
            "letter_findings": list(letter_findings(notice)) if is_letter else [],
        },
    )


ACTIONS = {
    "approve": (services.notice_approve, gettext_lazy("The notice was approved.")),
    "seal-apply": (services.notice_seal_apply, gettext_lazy("The seal application was filed.")),
    "seal": (services.notice_seal_approve, gettext_lazy("The seal application was approved.")),
    "issue": (services.notice_issue, gettext_lazy("The notice was sent.")),
}


@login_required
@require_POST
def notice_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One workflow step (approve, seal application, seal, issue) by its service."""
    if step not in ACTIONS:
        raise Http404
    notice = access_notice(request.user, pk)
    service, message = ACTIONS[step]
    service(actor=request.user, notice=notice)
    messages.success(request, str(message))
    return redirect(notice)


@login_required
@require_POST
def notice_chase_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access_notice(request.user, pk)
    count = services.notice_chase(actor=request.user, notice=notice)
    messages.success(request, _("%(count)d tenants were reminded.") % {"count": count})
    return redirect(notice)


@login_required
@require_POST
def paper_sign_off_view(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    """The clerk records a paper sign-off with the scanned signed copy."""
    notice = access_notice(request.user, pk)
    recipient = access_recipient(notice, recipient_id)
    form = PaperSignOffForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    services.notice_recipient_paper_record(
        actor=request.user,
        recipient=recipient,
        signer_name=form.cleaned_data["signer_name"],
        signed_copy=form.cleaned_data["signed_copy"],
    )
    messages.success(request, _("The paper sign-off was recorded."))
    return redirect(notice)


@login_required
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printed batch: one page per recipient with the sign-off strip."""
    notice = access_notice(request.user, pk)
    recipients = list(notice_recipients(notice))
    if not recipients:
        raise Http404
    links = {r.pk: request.build_absolute_uri(services.sign_off_path(r)) for r in recipients}
    response = HttpResponse(batch_pdf(notice, recipients, links), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response


@login_required
@require_GET
def signed_copy_view(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    """The archived signed copy of one recipient (seed 000 L53)."""
    recipient = access_recipient(access_notice(request.user, pk), recipient_id)
    if not recipient.signed_copy:
        raise Http404
    return FileResponse(
        recipient.signed_copy.open("rb"), content_type=recipient.signed_copy_type or None
    )


@require_http_methods(["GET", "POST"])
def sign_off_page(request: HttpRequest, token: str) -> HttpResponse:
    """The tenant's public page: read the notice, confirm receipt (no login).

    Where the site's portal is open the tenant signs there, with a verified
    phone (issue 13): the link page sends them on with the same token.
    """
    recipient = services.recipient_for_token(token)
    if services.signs_in_portal(recipient):
        return redirect(reverse("portal:notice", args=[token]))
    if request.method == "POST":
        recipient = services.notice_recipient_sign_off(
            recipient=recipient,
            method=SignMethod.LINK,
            signer_name=(request.POST.get("signer_name") or "").strip(),
            address=request.META.get("REMOTE_ADDR", ""),
        )
    return render(
        request, "notices/sign_off.html", {"recipient": recipient, "notice": recipient.notice}
    )
