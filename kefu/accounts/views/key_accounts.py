"""The key-account page: plans with actuals, notes, the account's requests, reviews."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts import selectors, services
from kefu.accounts.forms import YuanField, fen
from kefu.accounts.models import NoteKind, PlanPeriod
from kefu.accounts.views.credit import _invalid

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PlanPeriod.choices)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    target = YuanField(label=gettext_lazy("Target (yuan)"), min_value=0)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of note"), choices=NoteKind.choices)
    body = forms.CharField(label=gettext_lazy("Note"), max_length=4000)


class ReviewForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
@require_GET
def key_account(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.access_account(request.user, pk)
    today = timezone.localdate()
    context = {
        "account": account,
        "plans": selectors.plan_rows(account),
        "notes": account.notes.select_related("author")[:30],
        "requests": selectors.account_requests(request.user, account)[:30],
        "reviews": account.reviews.select_related("reviewed_by")[:12],
        "plan_form": PlanForm(initial={"period": "month", "starts_on": today.replace(day=1)}),
        "note_form": NoteForm(),
        "review_form": ReviewForm(initial={"month": today.replace(day=1)}),
    }
    return render(request, "accounts/key_account.html", context)


@login_required
@require_POST
def key_account_post(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    account = selectors.access_account(request.user, pk)
    form_class = {"plan": PlanForm, "note": NoteForm, "review": ReviewForm}[what]
    form = form_class(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    c = form.cleaned_data
    if what == "plan":
        services.sales_plan_set(
            actor=request.user,
            account=account,
            period=c["period"],
            starts_on=c["starts_on"],
            target_fen=fen(c["target"]),
            note=c.get("note") or "",
        )
    elif what == "note":
        services.account_note_add(
            actor=request.user,
            account=account,
            kind=c["kind"],
            body=c["body"],
            now=timezone.now(),
        )
    else:
        services.account_review_record(
            actor=request.user,
            account=account,
            month=c["month"],
            summary=c["summary"],
            next_steps=c.get("next_steps") or "",
        )
    messages.success(request, _("Saved."))
    return redirect("accounts:key_account", pk=account.pk)
