"""Pages of guest reception under /guests/: the reception calendar, booking, the
visit page through its steps, the 确认函, the urging list and the report."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kefu.core.errors import InvalidInput
from kefu.guests import forms, selectors, services
from kefu.guests.letters import letter_pdf
from kefu.guests.models import UrgingItem, UrgingStatus
from kefu.org.selectors import access_site, site_list_for

#: step → (form, service, done message)
VISIT_STEPS: dict[str, tuple[type[forms.SiteForm], Any, Any]] = {
    "verify": (forms.NoteForm, services.visit_verify, gettext_lazy("The visit was verified.")),
    "confirm": (forms.EmptyForm, services.visit_confirm, gettext_lazy("The visit was confirmed.")),
    "letter": (forms.EmptyForm, services.visit_letter_send, gettext_lazy("The letter was sent.")),
    "change": (forms.ChangeForm, services.visit_change, gettext_lazy("The change was recorded.")),
    "prep": (forms.PrepForm, services.visit_prep_mark, gettext_lazy("Preparation item done.")),
    "spend": (forms.SpendForm, services.visit_spend_record, gettext_lazy("Spend recorded.")),
    "spend_decide": (
        forms.DecideForm,
        services.visit_spend_decide,
        gettext_lazy("The decision was recorded."),
    ),
    "gift": (forms.GiftForm, services.visit_gift_record, gettext_lazy("The gift was recorded.")),
    "receive": (forms.ReceiveForm, services.visit_receive, gettext_lazy("Reception recorded.")),
    "depart": (forms.DepartForm, services.visit_depart, gettext_lazy("Departure recorded.")),
    "close": (forms.CloseForm, services.visit_close, gettext_lazy("The visit was closed.")),
    "cancel": (
        forms.CancelForm,
        services.visit_cancel,
        gettext_lazy("The guest visit was cancelled."),
    ),
}
URGING_STEPS: dict[str, tuple[type[forms.SiteForm], Any, Any]] = {
    "progress": (forms.ProgressForm, services.urging_progress, gettext_lazy("Progress recorded.")),
    "resolve": (forms.ResolveForm, services.urging_resolve, gettext_lazy("Resolved.")),
    "feed_back": (forms.FeedbackForm, services.urging_feed_back, gettext_lazy("Fed back.")),
}


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


@login_required
@require_GET
def reception_calendar(request: HttpRequest) -> HttpResponse:
    """Bookings of one day per room."""
    form = forms.DayForm(request.GET)
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or timezone.localdate()
    rooms = selectors.reception_calendar(request.user, day)
    return render(
        request,
        "guests/calendar.html",
        {"form": form, "day": day, "rooms": rooms, "sites": site_list_for(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_book(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site(request.user, site_id)
    form = forms.BookForm(request.POST or None, site=site)
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        visit = services.visit_book(actor=request.user, site=site, **form.arguments())
        messages.success(request, _("The visit was booked."))
        return redirect(visit.get_absolute_url())
    return render(request, "guests/book.html", {"form": form, "site": site})


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.access_visit(request.user, pk)
    site = visit.site
    step_forms = {step: form(site=site) for step, (form, _s, _m) in VISIT_STEPS.items()}
    context = {
        **selectors.visit_detail(visit),
        "forms": step_forms,
        "hand_form": forms.HandForm(site=site),
    }
    return render(request, "guests/visit_detail.html", context)


@login_required
@require_POST
def visit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    visit = selectors.access_visit(request.user, pk)
    if step not in VISIT_STEPS:
        raise InvalidInput(code="guests.unknown_step")
    form_class, service, done = VISIT_STEPS[step]
    form = form_class(request.POST, site=visit.site)
    if not form.is_valid():
        raise _invalid(form)
    service(actor=request.user, visit=visit, **form.arguments())
    messages.success(request, str(done))
    return redirect(visit.get_absolute_url())


@login_required
@require_POST
def visit_hand(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand a need heard (or an unanswered question) to a department."""
    visit = selectors.access_visit(request.user, pk)
    form = forms.HandForm(request.POST, site=visit.site)
    if not form.is_valid():
        raise _invalid(form)
    services.urging_hand(actor=request.user, site=visit.site, visit=visit, **form.arguments())
    messages.success(request, _("The need was handed to the department."))
    return redirect(visit.get_absolute_url())


@login_required
@require_GET
def visit_letter(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.access_visit(request.user, pk)
    if visit.confirmed_at is None:
        raise InvalidInput(_("The visit is not confirmed yet."), code="guests.not_confirmed")
    response = HttpResponse(letter_pdf(visit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{visit.pk}.pdf"'
    return response


@login_required
@require_GET
def urging_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", UrgingStatus.OPEN)
    if status not in UrgingStatus.values and status != "all":
        status = UrgingStatus.OPEN
    items = selectors.urging_list_for(request.user, status="" if status == "all" else status)
    site_forms = {
        step: form(site=None) for step, (form, _s, _m) in URGING_STEPS.items()
    }  # site-free forms
    return render(
        request,
        "guests/urging_list.html",
        {
            "items": items.prefetch_related("entries"),
            "status": status,
            "statuses": UrgingStatus.choices,
            "forms": site_forms,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def urging_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    item: UrgingItem = selectors.access_urging(request.user, pk)
    if step not in URGING_STEPS:
        raise InvalidInput(code="guests.unknown_step")
    form_class, service, done = URGING_STEPS[step]
    form = form_class(request.POST, site=item.site)
    if not form.is_valid():
        raise _invalid(form)
    service(actor=request.user, item=item, **form.arguments())
    messages.success(request, str(done))
    return redirect("guests:urging_list")


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    return render(
        request, "guests/report.html", {"report": selectors.reception_report(request.user)}
    )
