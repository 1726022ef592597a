"""Pages of the assessment app under /assessment/: scorecards, sign-off, KPI chart, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.assessment import services
from kefu.assessment.exports import bar_chart_svg, scorecard_pdf, scorecard_xlsx
from kefu.assessment.forms import AdjustmentForm, EntryForm, RunForm, ScorecardFilterForm
from kefu.assessment.models import ScorecardStatus
from kefu.assessment.selectors import (
    ScorecardFilters,
    access_scorecard,
    access_template,
    may_assess,
    scorecard_list_for,
    scorecard_sheet,
    scorecard_trend,
    template_list_for,
)
from kefu.core.errors import InvalidInput


def _invalid(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


@login_required
@require_GET
def scorecard_list(request: HttpRequest) -> HttpResponse:
    form = ScorecardFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    cards = scorecard_list_for(
        request.user, ScorecardFilters(site=data.get("site"), month=data.get("month"))
    )
    page = Paginator(cards, 25).get_page(request.GET.get("page"))
    templates = [t for t in template_list_for(request.user) if may_assess(request.user, t.site)]
    return render(
        request,
        "assessment/scorecard_list.html",
        {"form": form, "page_obj": page, "templates": templates, "run_form": RunForm()},
    )


@login_required
@require_POST
def scorecard_run_view(request: HttpRequest, template_id: int) -> HttpResponse:
    template = access_template(request.user, template_id)
    form = RunForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    cards = services.scorecard_run(
        actor=request.user, template=template, month=form.cleaned_data["month"]
    )
    messages.success(request, _("The month was computed."))
    if len(cards) == 1:
        return redirect(cards[0].get_absolute_url())
    return redirect("assessment:scorecard_list")


@login_required
@require_GET
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = access_scorecard(request.user, pk)
    sheet = scorecard_sheet(card)
    frozen = card.status == ScorecardStatus.SIGNED_OFF
    context = {
        "card": card,
        "sheet": sheet,
        "may_assess": may_assess(request.user, card.site),
        "may_approve": may_assess(request.user, card.site, "assessment.approve"),
        "entry_form": None if frozen else EntryForm(card=card),
        "adjust_form": AdjustmentForm(card=card) if frozen else None,
    }
    return render(request, "assessment/scorecard_detail.html", context)


@login_required
@require_POST
def scorecard_entry_view(request: HttpRequest, pk: int) -> HttpResponse:
    card = access_scorecard(request.user, pk)
    form = EntryForm(request.POST, card=card)
    if not form.is_valid():
        raise _invalid(form)
    services.scorecard_entry_add(actor=request.user, scorecard=card, **form.cleaned_data)
    messages.success(request, _("The entry was added."))
    return redirect(card.get_absolute_url())


@login_required
@require_POST
def scorecard_sign_off_view(request: HttpRequest, pk: int) -> HttpResponse:
    card = access_scorecard(request.user, pk)
    services.scorecard_sign_off(actor=request.user, scorecard=card)
    messages.success(request, _("The month was signed off."))
    return redirect(card.get_absolute_url())


@login_required
@require_POST
def scorecard_adjust_view(request: HttpRequest, pk: int) -> HttpResponse:
    card = access_scorecard(request.user, pk)
    form = AdjustmentForm(request.POST, card=card)
    if not form.is_valid():
        raise _invalid(form)
    services.scorecard_adjust(actor=request.user, scorecard=card, **form.cleaned_data)
    messages.success(request, _("The adjustment was recorded."))
    return redirect(card.get_absolute_url())


@login_required
@require_GET
def scorecard_export(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = scorecard_sheet(access_scorecard(request.user, pk))
    headers = [_("Section"), _("Item"), _("Rule"), _("Incidents"), _("Points"), _("Note")]
    line_headers = [
        _("Item"), _("Kind"), _("Points"), _("Occurred at"), _("Record"), _("Note"), _("Approver"),
    ]  # fmt: skip
    body = scorecard_xlsx(sheet, headers, line_headers)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"scorecard-{sheet.card.pk}-{sheet.card.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def scorecard_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = scorecard_sheet(access_scorecard(request.user, pk))
    response = HttpResponse(scorecard_pdf(sheet), content_type="application/pdf")
    name = f"scorecard-{sheet.card.pk}-{sheet.card.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_GET
def kpi_report(request: HttpRequest) -> HttpResponse:
    """The monthly totals of the site cards as a chart, with each section's score."""
    form = ScorecardFilterForm(request.GET)
    site = form.cleaned_data.get("site") if form.is_valid() else None
    cards = scorecard_trend(request.user, site=site)
    charts = []
    by_template: dict[int, list] = {}
    for card in cards:
        by_template.setdefault(card.template_id, []).append(card)
    for group in by_template.values():
        template = group[0].template
        charts.append(
            {
                "template": template,
                "site": group[0].site,
                "cards": group,
                "svg": bar_chart_svg(
                    [f"{c.month:%Y-%m}" for c in group],
                    [float(c.total) for c in group],
                    maximum=float(template.max_total) * 1.1,
                    target=float(template.max_total),
                    title=f"{template.name} · {group[0].site}",
                ),
            }
        )
    return render(request, "assessment/kpi_report.html", {"charts": charts})
