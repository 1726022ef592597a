"""《客户来访登记表》: register a visit or call; a 撞单 is shown before anything is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.sales import services
from kefu.sales.errors import Collision
from kefu.sales.forms import RegisterForm
from kefu.sales.selectors import visits_for
from kefu.sales.views.common import current_site, site_context


@login_required
def register(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    collision = None
    if request.method == "POST":
        form = RegisterForm(request.POST, site=site)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.visit_register(actor=request.user, site=site, **data)
            except Collision as exc:
                collision = exc
                form = RegisterForm({**request.POST.dict(), "confirm_collision": "on"}, site=site)
                form.is_valid()
            else:
                messages.success(request, _("Registered."))
                return redirect(f"{reverse('sales:register')}?site={site.pk}")
    else:
        form = RegisterForm(site=site, initial={"consultant": request.user.pk})
    context = {
        **site_context(request, site),
        "form": form,
        "collision": collision,
        "visits": visits_for(site, timezone.localdate())[:100],
    }
    return render(request, "sales/register.html", context, status=409 if collision else 200)
