"""The confirmation letter (确认函, seed 003 [I] L143, [G] L111): time, place,
agenda and what to bring, as text (for the email) and a one-page A4 PDF.

reportlab's built-in CID font ``STSong-Light`` renders Chinese without a font file.
"""

from io import BytesIO

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kefu.assessment.exports import cjk_font
from kefu.guests.models import GuestVisit


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def letter_rows(visit: GuestVisit) -> list[tuple[str, str]]:
    return [
        ("来访单位", visit.company),
        ("来访人", f"{visit.guest_name}(共{visit.headcount}人)"),
        ("来访事由", visit.purpose),
        ("时间", f"{_when(visit.starts_at)} 至 {_when(visit.ends_at)}"),
        ("地点", visit.place),
        ("接待人", str(visit.host or "")),
        ("议程", visit.agenda),
        ("请携带", visit.bring_documents),
    ]


def letter_text(visit: GuestVisit) -> str:
    rows = "\n".join(f"{label}:{value}" for label, value in letter_rows(visit))
    return f"确认函\n{visit.site.name}\n\n{rows}\n\n如需变更,请提前联系我们。"


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def letter_pdf(visit: GuestVisit) -> bytes:
    font = cjk_font()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"确认函 {visit.guest_name}")
    width, height = A4
    left, y = 20 * mm, height - 25 * mm
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, y, "确认函")
    y -= 8 * mm
    pdf.setFont(font, 10)
    pdf.drawCentredString(width / 2, y, str(visit.site.name))
    y -= 14 * mm
    pdf.setFont(font, 11)
    for label, value in letter_rows(visit):
        lines = _wrap(value, 36)[:8]
        pdf.drawString(left, y, f"{label}:")
        for line in lines:
            pdf.drawString(left + 28 * mm, y, line)
            y -= 7 * mm
        y -= 2 * mm
    y = max(y - 8 * mm, 40 * mm)
    pdf.drawString(left, y, "如需变更时间、地点或人数,请提前联系我们,经双方确认后变更。")
    y -= 10 * mm
    pdf.drawString(left + 100 * mm, y, f"{visit.site.name}")
    y -= 7 * mm
    pdf.drawString(left + 100 * mm, y, _when(visit.confirmed_at))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
