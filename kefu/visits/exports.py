"""Excel export of a satisfaction survey's results (openpyxl).

Three sheets: the summary per question (answers, average, satisfied share),
every target's answers, and the corrective actions (问题整改).
"""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kefu.visits.models import QuestionKind, SurveyAnswer, SurveyCampaign
from kefu.visits.selectors import campaign_stats


def _header(sheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _num(value):
    return float(value) if value is not None else None


def campaign_workbook(campaign: SurveyCampaign) -> bytes:
    """The survey's results as an .xlsx file."""
    stats = campaign_stats(campaign)
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([str(campaign), campaign.site.name])
    summary.append([_("Targets"), stats.targets])
    summary.append([_("Answered"), stats.answered])
    summary.append([_("Response rate (%)"), _num(stats.response_rate)])
    summary.append([_("Average score"), _num(stats.overall_average)])
    summary.append([_("Satisfied (%)"), _num(stats.overall_satisfied_percent)])
    summary.append([])
    _header(summary, [_("Question"), _("Answers"), _("Average score"), _("Satisfied (%)")])
    for q in stats.questions:
        summary.append([q.question.text, q.answered, _num(q.average), _num(q.satisfied_percent)])

    questions = list(campaign.questionnaire.questions.all())
    answers = book.create_sheet(_("Answers")[:31])
    _header(
        answers,
        [_("Customer"), _("Unit"), _("Answered at"), _("Answered via")]
        + [q.text for q in questions],
    )
    by_target: dict[int, dict[int, SurveyAnswer]] = {}
    for a in SurveyAnswer.objects.filter(target__campaign=campaign):
        by_target.setdefault(a.target_id, {})[a.question_id] = a
    targets = campaign.targets.select_related("customer", "unit").order_by("id")
    for t in targets:
        row = [
            t.customer.name,
            str(t.unit) if t.unit else "",
            timezone.localtime(t.responded_at).strftime("%Y-%m-%d %H:%M") if t.responded_at else "",
            t.responded_via,
        ]
        given = by_target.get(t.pk, {})
        for q in questions:
            a = given.get(q.pk)
            row.append(
                (a.score if q.kind == QuestionKind.SCALE else a.text) if a is not None else None
            )
        answers.append(row)

    actions = book.create_sheet(_("Corrective actions")[:31])
    _header(actions, [_("Problem"), _("Corrective measure"), _("Owner"), _("Due on"), _("Status")])
    for c in campaign.corrective_actions.select_related("owner").order_by("due_on", "id"):
        actions.append([c.title, c.measure, str(c.owner), c.due_on, c.get_status_display()])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
