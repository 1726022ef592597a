"""The desk's pages for online-channel items (seed 000 §3.10, L69).

The list by the public reply's state, the register form of the designated
person (capability ``portal.online``), and one item's page where the reply is
drafted, reviewed by the relevant department and published. Each view checks
its input, calls one selector or one service and renders; the services decide
who may do what, and a ``KefuError`` is shown by the core middleware (inline
for htmx).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.core.errors import InvalidInput, KefuError
from kefu.desk.forms import add_service_error
from kefu.org.selectors import user_site_ids
from kefu.portal import rules, services
from kefu.portal.errors import OnlineForbidden
from kefu.portal.forms import OnlineDraftForm, OnlineItemForm, OnlineReviewForm
from kefu.portal.models import OnlineItem, ReplyStatus
from kefu.portal.selectors import (
    access_online_item,
    online_designated_sites,
    online_item_history,
    online_items_for,
    online_review_grant,
    online_status_counts,
)


@login_required
@require_GET
def online_list(request: HttpRequest) -> HttpResponse:
    """Items raised online at the user's sites, by the state of their public reply."""
    site_ids = user_site_ids(request.user)
    status = request.GET.get("status", "")
    status = status if status in ReplyStatus.values else ""
    page = Paginator(online_items_for(site_ids, status=status), 25).get_page(
        request.GET.get("page")
    )
    counts = online_status_counts(site_ids)
    context = {
        "page_obj": page,
        "status": status,
        "states": [(value, label, counts[value]) for value, label in ReplyStatus.choices],
        "total": sum(counts.values()),
        "may_register": bool(online_designated_sites(request.user)),
    }
    return render(request, "portal/online_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def online_create(request: HttpRequest) -> HttpResponse:
    """The designated person registers an item as a desk request with source and link."""
    sites = online_designated_sites(request.user)
    if not sites:
        raise OnlineForbidden()
    form = OnlineItemForm(request.POST if request.method == "POST" else None, sites=sites)
    if request.method == "GET":
        return render(request, "portal/online_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "portal/online_form.html", {"form": form}, status=400)
    try:
        item = services.online_item_register(actor=request.user, **form.register_kwargs())
    except KefuError as exc:  # the service refused: nothing was registered
        add_service_error(form, exc, {})
        return render(request, "portal/online_form.html", {"form": form}, status=exc.status)
    messages.success(
        request, _("Registered as request %(number)s.") % {"number": item.ticket.number}
    )
    return redirect(item)


def panel_context(request: HttpRequest, item: OnlineItem) -> dict:
    """The item with the steps the user may take now (the services check again)."""
    user, status = request.user, item.reply_status
    designated = item.site in online_designated_sites(user)
    return {
        "item": item,
        "ticket": item.ticket,
        "history": online_item_history(item),
        "may_draft": designated and rules.online_step_allowed("draft", status),
        "may_review": rules.online_step_allowed("review", status)
        and item.drafted_by_id != user.pk
        and online_review_grant(user, item) is not None,
        "may_publish": designated and rules.online_step_allowed("publish", status),
        "draft_form": OnlineDraftForm(initial={"text": item.reply_draft}),
        "review_form": OnlineReviewForm(),
    }


@login_required
@require_GET
def online_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_online_item(request.user, pk)
    return render(request, "portal/online_detail.html", panel_context(request, item))


DONE = {
    "draft": gettext_lazy("The reply was sent to the department for review."),
    "review": gettext_lazy("The review was recorded."),
    "publish": gettext_lazy("The reply is recorded as published."),
}


@login_required
@require_POST
def online_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Draft, review or publish the item's public reply (one service each)."""
    item = access_online_item(request.user, pk)
    data = request.POST
    if step == "draft":
        services.online_reply_draft(actor=request.user, item=item, text=data.get("text", ""))
    elif step == "review":
        decision = data.get("decision", "")
        if decision not in ("approve", "return"):
            raise InvalidInput(fields={"decision": [_("Approve or return the reply.")]})
        services.online_reply_review(
            actor=request.user, item=item, approve=decision == "approve", note=data.get("note", "")
        )
    elif step == "publish":
        services.online_reply_publish(actor=request.user, item=item)
    else:
        raise InvalidInput(fields={"step": [step]})
    messages.success(request, str(DONE[step]))
    if not request.htmx:
        return redirect(item)
    item = access_online_item(request.user, pk)
    context = {**panel_context(request, item), "oob": True}
    return render(request, "portal/_online_panel.html", context)
