"""The greetings page: holiday greetings, weather alerts and birthday greetings,
scheduled and sent (seed 000 L59; L753, L773)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kefu.customers.models import Customer
from kefu.notices import services
from kefu.notices.forms import GreetingForm
from kefu.notices.policies import DRAFT
from kefu.notices.selectors import greeting_list_for, may
from kefu.notices.views.register import _invalid
from kefu.org.selectors import site_list_for, user_site_ids


@login_required
@require_http_methods(["GET", "POST"])
def greeting_list(request: HttpRequest) -> HttpResponse:
    """Scheduled and sent greetings, newest first, and the form to schedule one."""
    sites = site_list_for(request.user)
    customers = Customer.objects.filter(site_id__in=user_site_ids(request.user)).order_by("name")
    form = GreetingForm(request.POST or None, sites=sites, customers=customers)
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        services.greeting_schedule(
            actor=request.user,
            site=data["site"],
            occasion=data["occasion"],
            text=data["text"],
            holiday_on=data["holiday_on"],
            send_on=data["send_on"],
            channel=data["channel"],
            customer=data["customer"],
        )
        messages.success(request, _("The greeting was scheduled."))
        return redirect("notices:greeting_list")
    greetings = greeting_list_for(request.user).order_by("-send_on", "-id")
    page = Paginator(greetings, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/greeting_list.html",
        {
            "page_obj": page,
            "form": form,
            "may_draft": any(may(request.user, s, DRAFT) for s in sites),
        },
    )
