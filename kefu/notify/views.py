"""Pages of the notify app: the list, the bell (htmx-polled) and read marks."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kefu.notify import services
from kefu.notify.selectors import access_notification, notifications_for, unread_count


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    page = Paginator(notifications_for(request.user, unread=unread), settings.KEFU_PAGE_SIZE)
    return render(
        request,
        "notify/notification_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "unread_only": unread,
            "unread": unread_count(request.user),
        },
    )


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    return render(request, "notify/_bell.html", {"unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then open the notice's link (or go back to the list)."""
    notification = access_notification(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.link
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "notify:notification_list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(actor=request.user)
    return redirect("notify:notification_list")
