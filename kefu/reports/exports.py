"""The KPI report outside the page: JSON, Excel (every table), the records
behind a figure as a streamed Excel file, ECharts options and a printable PDF.

All are drawn from ``selectors.Kpis`` so they show the page's numbers. The PDF
is in Chinese with reportlab's built-in CID font ``STSong-Light`` (as the
scorecard and the complaint slip) and draws its charts with reportlab graphics.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.assessment.exports import cjk_font
from kefu.files.models import HandedBy
from kefu.reports import rules
from kefu.reports.selectors import Kpis

FIGURE_LABELS = {
    "requests": _("Requests"),
    "reply_rate": _("Reply rate"),
    "average_reply_hours": _("Average final-reply time (h)"),
    "solved_1_working_day": _("Solved within 1 working day"),
    "closed_7_days": _("Closed within 7 days"),
    "visit_completion": _("Return-visit completion"),
    "satisfaction_visit": _("Satisfaction at return visit"),
    "satisfaction_reply": _("Satisfaction after a reply"),
    "face_to_face": _("Face-to-face coverage (year to date)"),
    "file_handover": _("Files handed over on time"),
}
#: the drill-down metric of each figure (the records behind it)
FIGURE_RECORDS = {
    "requests": "requests",
    "reply_rate": "not_replied",
    "average_reply_hours": "replied",
    "solved_1_working_day": "replied",
    "closed_7_days": "not_closed_7_days",
    "visit_completion": "visits_due",
    "satisfaction_visit": "visits_unsatisfied",
    "satisfaction_reply": "visits_unsatisfied",
    "face_to_face": "tenants_not_met",
    "file_handover": "files_handover_late",
}
DIMENSION_LABELS = {
    "type": _("Type"),
    "category": _("Category"),
    "channel": _("Channel"),
    "department": _("Department"),
    "site": _("Site"),
}
PDF_FIGURES = {
    "requests": "诉求总数",
    "reply_rate": "回复率",
    "average_reply_hours": "平均最终回复时长(小时)",
    "solved_1_working_day": "1个工作日内解决率",
    "closed_7_days": "7日内关闭率",
    "visit_completion": "回访完成率",
    "satisfaction_visit": "回访满意率",
    "satisfaction_reply": "回复后满意率",
    "face_to_face": "当面沟通覆盖率(年累计)",
    "file_handover": "档案移交及时率",
}
#: the handing department of a file (``kefu.files.models.HandedBy``) in the PDF
PDF_HANDED_BY = {"sales": "销售部", "after_sales": "售后服务部", "other": "其他部门"}
PDF_DIMENSIONS = {
    "type": "类型",
    "category": "类别",
    "channel": "渠道",
    "department": "部门",
    "site": "项目",
}


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def kpis_json(kpis: Kpis) -> dict[str, Any]:
    """The figures as plain JSON (the scheduled report's frozen copy, the API body)."""
    return {
        "period": kpis.period,
        "start": kpis.start.isoformat(),
        "end": kpis.end.isoformat(),
        "site_ids": kpis.site_ids,
        "figures": {
            key: {
                "value": _plain(f.value),
                "part": f.part,
                "whole": f.whole,
                "target": _plain(f.target),
                "unit": f.unit,
            }
            for key, f in kpis.figures.items()
        },
        "counts": kpis.counts,
        "ontime": [
            {
                "clock": r["clock"],
                "label": str(r["label"]),
                "due": r["due"],
                "met": r["met"],
                "rate": _plain(r["rate"]),
            }
            for r in kpis.ontime
        ],
        "reception": {k: _plain(v) for k, v in kpis.reception.items()},
        "handover": [{**r, "rate": _plain(r["rate"])} for r in kpis.handover],
    }


def kpi_tables(kpis: Kpis) -> list[tuple[str, list[str], list[list]]]:
    """Every table of the page: figures, on-time per clock, counts per dimension, reception."""
    tables = [
        (
            str(_("Figures")),
            [str(_("Figure")), str(_("Value")), str(_("Of")), str(_("Out of")), str(_("Target"))],
            [
                [str(FIGURE_LABELS[k]), _plain(f.value), f.part, f.whole, _plain(f.target)]
                for k, f in kpis.figures.items()
            ],
        )
    ]
    if kpis.ontime:
        tables.append(
            (
                str(_("On time")),
                [str(_("Clock")), str(_("Due")), str(_("On time")), str(_("Rate"))],
                [[str(r["label"]), r["due"], r["met"], _plain(r["rate"])] for r in kpis.ontime],
            )
        )
    if kpis.handover:
        tables.append(
            (
                str(_("File hand-over")),
                [str(_("Department")), str(_("Due")), str(_("On time")), str(_("Rate"))],
                [
                    [str(HandedBy(r["department"]).label), r["due"], r["met"], _plain(r["rate"])]
                    for r in kpis.handover
                ],
            )
        )
    for dimension, rows in kpis.counts.items():
        label = str(DIMENSION_LABELS[dimension])
        tables.append((label, [label, str(_("Requests"))], [[r["name"], r["n"]] for r in rows]))
    if kpis.reception:
        tables.append(
            (
                str(_("Reception")),
                [str(_("Figure")), str(_("Value"))],
                [[k, _plain(v)] for k, v in kpis.reception.items()],
            )
        )
    return tables


def kpis_xlsx(kpis: Kpis) -> bytes:
    """One sheet per table of the page (openpyxl, write-only)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, headers, rows in kpi_tables(kpis):
        sheet = book.create_sheet(title[:31])
        sheet.append([f"{kpis.start:%Y-%m-%d} — {kpis.end:%Y-%m-%d}"])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def records_xlsx_file(headers: list[str], rows: Iterable[list]):
    """The records behind a figure, written row by row (write-only) to a temporary
    file that the view streams; memory stays flat whatever the number of rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("records")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (streamed, then closed)
    book.save(handle)
    handle.seek(0)
    return handle


def ticket_rows(tickets) -> Iterable[list]:
    fields = (
        "number", "site__name", "request_type__name", "category__name", "channel__name",
        "received_at", "replied_at", "closed_at", "status",
    )  # fmt: skip
    for t in tickets.values_list(*fields).iterator(chunk_size=2000):
        yield [
            v.astimezone(timezone.get_current_timezone()).replace(tzinfo=None)
            if hasattr(v, "astimezone")
            else v
            for v in t
        ]


def _naive(value: Any) -> Any:
    if hasattr(value, "astimezone") and getattr(value, "tzinfo", None) is not None:
        return value.astimezone(timezone.get_current_timezone()).replace(tzinfo=None)
    return value


def record_rows(kind: str, qs) -> tuple[list[str], Iterable[list]]:
    """Headers and rows of the records behind a figure, for the streamed Excel file;
    ``kind`` is ``selectors.record_kind``."""
    if kind == "tickets":
        headers = [
            _("Number"), _("Site"), _("Type"), _("Category"), _("Channel"), _("Received at"),
            _("Replied at"), _("Closed at"), _("Status"),
        ]  # fmt: skip
        return [str(h) for h in headers], ticket_rows(qs)
    columns = {
        "visits": (
            [_("Site"), _("Due on"), _("Status"), _("Satisfied"), _("Done at")],
            ("site__name", "due_on", "status", "satisfied", "done_at"),
        ),
        "tenants": ([_("Site"), _("Tenant")], ("site__name", "name")),
        "files": (
            [_("Site"), _("File number"), _("Customer"), _("Hand-over due"), _("Handed over at")],
            ("site__name", "number", "customer__name", "handover_due_at", "handed_over_at"),
        ),
    }
    headers, fields = columns[kind]
    rows = ([_naive(v) for v in row] for row in qs.values_list(*fields).iterator(chunk_size=2000))
    return [str(h) for h in headers], rows


def chart_options(kpis: Kpis, trend: list[dict[str, Any]]) -> dict[str, Any]:
    """ECharts options (passed to the page with ``json_script``; drawn by reports.js)."""
    category = kpis.counts.get("category", [])[:12]
    return {
        "trend": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": [str(_("Requests")), str(_("Reply rate"))]},
            "xAxis": {"type": "category", "data": [r["month"] for r in trend]},
            "yAxis": [{"type": "value"}, {"type": "value", "max": 100}],
            "series": [
                {"name": str(_("Requests")), "type": "bar", "data": [r["requests"] for r in trend]},
                {
                    "name": str(_("Reply rate")),
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": [r["reply_rate"] for r in trend],
                },
            ],
        },
        "category": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": "65%",
                    "data": [{"name": r["name"], "value": r["n"]} for r in category],
                }
            ],
        },
    }


# --- the printable monthly or yearly report ---------------------------------------------


def pdf_period(period: str) -> str:
    """The printable report is monthly or yearly; a day or a week prints its month."""
    return rules.YEARLY if period == rules.YEARLY else rules.MONTHLY


def pdf_filename(kpis: Kpis) -> str:
    """``kpi-2026-03.pdf``, a year's ``kpi-2025.pdf``."""
    return (
        f"kpi-{kpis.start:%Y}.pdf" if kpis.period == rules.YEARLY else f"kpi-{kpis.start:%Y-%m}.pdf"
    )


def _bar_chart(names: list[str], values: list[float], font: str, width_mm: float = 170):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    drawing = Drawing(width_mm * mm, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, (width_mm - 20) * mm, 38 * mm
    chart.data = [values or [0]]
    chart.bars[0].fillColor = colors.HexColor("#2f6f8f")
    chart.valueAxis.valueMin = 0
    chart.categoryAxis.categoryNames = [n[:6] for n in names] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    drawing.add(chart)
    return drawing


def kpi_pdf(kpis: Kpis, *, title: str, trend: list[dict[str, Any]]) -> bytes:
    """The monthly (or yearly) report on A4 in Chinese: figures, two charts, counts per
    dimension."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    yearly = kpis.period == rules.YEARLY
    name = "客服年度报表" if yearly else "客服月度报表"
    font = cjk_font()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(
        f"{title} {name} {kpis.start:%Y}" if yearly else f"{title} {name} {kpis.start:%Y-%m}"
    )
    width, height = A4
    left, y = 18 * mm, height - 20 * mm
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, y, f"{title} {name}")
    y -= 7 * mm
    pdf.setFont(font, 10)
    pdf.drawCentredString(
        width / 2, y, f"{kpis.start:%Y年%m月%d日} 至 {kpis.end:%Y年%m月%d日}(不含)"
    )
    y -= 10 * mm
    pdf.setFont(font, 11)
    pdf.drawString(left, y, "一、主要指标")
    y -= 6 * mm
    pdf.setFont(font, 9)
    for key, figure in kpis.figures.items():
        value = "—" if figure.value is None else f"{figure.value}{figure.unit}"
        detail = f"({figure.part}/{figure.whole})" if figure.whole else ""
        target = ""
        if figure.target is not None:
            sign = "≤" if key == "average_reply_hours" else "≥"
            target = f"目标 {sign}{figure.target}{figure.unit}"
            if figure.meets_target is False:
                target += " 未达标"
        pdf.drawString(left, y, PDF_FIGURES[key])
        pdf.drawString(left + 60 * mm, y, f"{value} {detail}")
        pdf.drawString(left + 110 * mm, y, target)
        y -= 5 * mm
    for row in kpis.handover:
        rate = "—" if row["rate"] is None else f"{row['rate']}%"
        pdf.drawString(left, y, f"档案移交及时率({PDF_HANDED_BY.get(row['department'], '')})")
        pdf.drawString(left + 60 * mm, y, f"{rate} ({row['met']}/{row['due']})")
        y -= 5 * mm
    for row in kpis.ontime:
        pdf.drawString(left, y, f"按时率({row['label']})")
        pdf.drawString(
            left + 60 * mm,
            y,
            f"{row['rate'] if row['rate'] is not None else '—'}% ({row['met']}/{row['due']})",
        )
        y -= 5 * mm
    y -= 4 * mm
    pdf.setFont(font, 11)
    pdf.drawString(left, y, "二、全年各月诉求量" if yearly else "二、近十二个月诉求量")
    y -= 58 * mm
    renderPDF.draw(
        _bar_chart([r["month"][2:] for r in trend], [float(r["requests"]) for r in trend], font),
        pdf,
        left,
        y,
    )
    y -= 4 * mm
    pdf.setFont(font, 11)
    pdf.drawString(left, y, "三、按类别")
    category = kpis.counts.get("category", [])[:10]
    y -= 58 * mm
    renderPDF.draw(
        _bar_chart([r["name"] for r in category], [float(r["n"]) for r in category], font),
        pdf,
        left,
        y,
    )
    pdf.showPage()
    y = height - 20 * mm
    pdf.setFont(font, 11)
    pdf.drawString(left, y, "四、分项统计")
    y -= 7 * mm
    for dimension, rows in kpis.counts.items():
        if y < 30 * mm:
            pdf.showPage()
            y = height - 20 * mm
        pdf.setFont(font, 10)
        pdf.drawString(left, y, f"按{PDF_DIMENSIONS[dimension]}")
        y -= 5 * mm
        pdf.setFont(font, 8)
        for r in rows[:15]:
            pdf.drawString(left + 4 * mm, y, str(r["name"])[:24])
            pdf.drawRightString(left + 80 * mm, y, str(r["n"]))
            y -= 4.2 * mm
        y -= 3 * mm
    if kpis.reception and kpis.reception.get("visits"):
        pdf.setFont(font, 10)
        r = kpis.reception
        pdf.drawString(
            left, max(y, 15 * mm),
            f"案场接待:来访 {r['visits']} 来电 {r['calls']} 认购 {r['subscriptions']} "
            f"签约 {r['contracts']} 来访转认购 {r['conversion'] or '—'}%",
        )  # fmt: skip
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
