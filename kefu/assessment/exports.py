"""The scorecard outside the page: Excel (openpyxl), a printable PDF and SVG charts.

All three are drawn from ``selectors.scorecard_sheet`` so they show the
page's numbers. The PDF uses reportlab's built-in CID font ``STSong-Light``
for the Chinese text (as ``kefu.complaints.pdf`` does) and draws the section
chart with reportlab graphics; the page's charts are server-side SVG with
classes from the stylesheet (no script, no inline style).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kefu.assessment.selectors import Sheet

FONT = "STSong-Light"


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def sheet_rows(sheet: Sheet) -> list[list]:
    """One row per item: section, item, rule, points, incidents, deducted, flags."""
    rows = []
    for section in sheet.sections:
        for entry in section.items:
            item = entry.item
            flag = "全部扣除" if entry.forfeited else ("封顶" if entry.capped else "")
            rows.append(
                [
                    section.section.name,
                    item.name,
                    f"{'+' if section.section.is_bonus else '−'}{item.points}"
                    + (f"~{item.points_up_to}" if item.points_up_to else ""),
                    entry.count,
                    _num(entry.points),
                    flag,
                ]
            )
    return rows


def scorecard_xlsx(sheet: Sheet, headers: list[str], line_headers: list[str]) -> bytes:
    """Two sheets: the items with their deductions, and every line with its source record."""
    from openpyxl import Workbook

    card = sheet.card
    book = Workbook(write_only=True)
    items = book.create_sheet(card.month.strftime("%Y-%m"))
    items.append([card.template.name, str(card.person or card.site), card.month.strftime("%Y-%m")])
    items.append(headers)
    for row in sheet_rows(sheet):
        items.append(row)
    items.append([])
    items.append(["", "", "", "", _num(card.base_score), "score"])
    items.append(["", "", "", "", _num(card.bonus), "bonus"])
    items.append(["", "", "", "", _num(card.adjustment), "adjustment"])
    items.append(["", "", "", "", _num(card.total), f"/ {card.template.max_total}"])
    lines = book.create_sheet("lines")
    lines.append(line_headers)
    for section in sheet.sections:
        for entry in section.items:
            for x in entry.lines:
                lines.append(_line_row(entry.item.name, x))
    for x in sheet.adjustments:
        lines.append(_line_row(x.line.item.name if x.line.item else "", x))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _line_row(item_name: str, x) -> list:
    line = x.line
    at = timezone.localtime(line.occurred_at).strftime("%Y-%m-%d %H:%M") if line.occurred_at else ""
    return [
        item_name,
        line.kind,
        _num(line.points),
        at,
        x.source_label,
        line.note,
        str(line.approved_by or ""),
    ]


# --- charts ---------------------------------------------------------------------------


def bar_chart_svg(
    labels: list[str],
    values: list[float | None],
    *,
    maximum: float,
    target: float | None = None,
    title: str = "",
) -> SafeString:
    """A bar chart as SVG markup, styled by the ``chart-*`` classes of the stylesheet."""
    width, height, pad, base = 640, 240, 36, 200
    n = max(len(values), 1)
    step = (width - 2 * pad) / n
    bar = step * 0.6
    scale = (base - 20) / maximum if maximum else 0
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line class="chart-axis" x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = pad + i * step + (step - bar) / 2
        if value is not None:
            h = max(value, 0) * scale
            parts.append(
                f'<rect class="chart-bar" x="{x:.1f}" y="{base - h:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)}: {value:g}</title></rect>"
            )
            parts.append(
                f'<text class="chart-value" x="{x + bar / 2:.1f}" y="{base - h - 4:.1f}">'
                f"{value:g}</text>"
            )
        parts.append(
            f'<text class="chart-label" x="{x + bar / 2:.1f}" y="{base + 16}">'
            f"{escape(label)}</text>"
        )
    if target is not None and scale:
        y = base - target * scale
        parts.append(
            f'<line class="chart-target" x1="{pad}" y1="{y:.1f}" x2="{width - pad}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-target-label" x="{width - pad}" y="{y - 4:.1f}">{target:g}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


# --- PDF ------------------------------------------------------------------------------


def cjk_font() -> str:
    """Register reportlab's built-in CID font for Chinese once; its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _section_chart(sheet: Sheet, font: str):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    scored = [s for s in sheet.sections if not s.section.is_bonus]
    drawing = Drawing(170 * mm, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 150 * mm, 40 * mm
    chart.data = [
        [float(s.section.max_points or 0) for s in scored],
        [float(s.score) for s in scored],
    ]
    chart.bars[0].fillColor = colors.HexColor("#d8dee9")
    chart.bars[1].fillColor = colors.HexColor("#2f6f8f")
    chart.valueAxis.valueMin = 0
    chart.categoryAxis.categoryNames = [s.section.name.split("、")[-1][:8] for s in scored]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    drawing.add(chart)
    return drawing


def scorecard_pdf(sheet: Sheet) -> bytes:
    """The month's 考核记录 on A4: header, section chart, items table, total and sign-off."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    font = cjk_font()
    card = sheet.card
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"考核记录 {card.template.name} {card.month:%Y-%m}")
    width, height = A4
    left, y = 18 * mm, height - 20 * mm
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, y, f"{card.template.name} 考核记录")
    y -= 7 * mm
    pdf.setFont(font, 10)
    who = card.person or card.site
    pdf.drawCentredString(
        width / 2, y, f"{who} · {card.month:%Y年%m月} · 满分 {card.template.max_total}"
    )
    y -= 60 * mm
    renderPDF.draw(_section_chart(sheet, font), pdf, left, y)
    y -= 6 * mm
    columns = (0, 58, 118, 138, 156)
    pdf.setFont(font, 9)
    for x, text in zip(columns, ("项目", "考核标准", "次数", "扣/加分", "说明"), strict=True):
        pdf.drawString(left + x * mm, y, text)
    y -= 5 * mm
    for section in sheet.sections:
        if y < 30 * mm:
            pdf.showPage()
            pdf.setFont(font, 9)
            y = height - 20 * mm
        pdf.setFont(font, 10)
        tail = (
            f"{section.score} / {section.section.max_points}"
            if not section.section.is_bonus
            else f"+{section.score}"
        )
        pdf.drawString(left, y, f"{section.section.name}  {tail}")
        y -= 5 * mm
        pdf.setFont(font, 8)
        for entry in section.items:
            if y < 20 * mm:
                pdf.showPage()
                pdf.setFont(font, 8)
                y = height - 20 * mm
            item = entry.item
            rule = (
                f"{item.points}"
                + (f"~{item.points_up_to}" if item.points_up_to else "")
                + f"/{item.get_unit_display()}"
            )
            flag = "全部扣除" if entry.forfeited else ("封顶" if entry.capped else "")
            for x, text in zip(
                columns,
                (item.name[:16], rule[:18], str(entry.count), str(entry.points), flag),
                strict=True,
            ):
                pdf.drawString(left + x * mm, y, text)
            y -= 4.5 * mm
        y -= 2 * mm
    pdf.setFont(font, 11)
    pdf.drawString(
        left,
        max(y - 4 * mm, 12 * mm),
        f"得分 {card.base_score}  加分 {card.bonus}  调整 {card.adjustment}  合计 {card.total}"
        + (
            f"   签核:{card.signed_off_by} {card.signed_off_at:%Y-%m-%d}"
            if card.signed_off_at
            else ""
        ),
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def table_xlsx(title: str, headers: list[str], rows) -> bytes:
    """One sheet: a title row, the headers and the rows (write-only, streamed rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "sheet")
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
