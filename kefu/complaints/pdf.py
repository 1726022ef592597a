"""《客户投诉转交处理联系单》 as a one-page A4 PDF (seed 002 L64).

reportlab's built-in CID font ``STSong-Light`` renders the Chinese text without
a font file.
"""

from io import BytesIO

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from kefu.complaints.models import TransferSlip

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def slip_pdf(slip: TransferSlip) -> bytes:
    """The slip on one page: number, parties, summary, approval and both signatures."""
    font = _font()
    complaint = slip.complaint
    ticket = complaint.ticket
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"客户投诉转交处理联系单 {ticket.number}")
    width, height = A4
    left, y = 20 * mm, height - 25 * mm
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, y, "客户投诉转交处理联系单")
    y -= 8 * mm
    pdf.setFont(font, 10)
    pdf.drawCentredString(width / 2, y, str(complaint.site.name))
    y -= 12 * mm
    rows = [
        ("单号", ticket.number),
        ("投诉分类", ticket.category.name if ticket.category else ""),
        ("客户", ticket.customer.name if ticket.customer else ticket.contact_name),
        ("承接时间", _when(ticket.received_at)),
        ("转交部门及岗位", f"{slip.to_position.department or ''} {slip.to_position.name}"),
        ("移交人", str(slip.sender)),
        ("接收人", str(slip.receiver)),
        ("总经理审批", f"{slip.approved_by or ''} {_when(slip.approved_at)}"),
    ]
    pdf.setFont(font, 11)
    for label, value in rows:
        pdf.drawString(left, y, f"{label}:")
        pdf.drawString(left + 38 * mm, y, value)
        y -= 8 * mm
    y -= 2 * mm
    pdf.drawString(left, y, "投诉事件描述:")
    y -= 7 * mm
    for line in _wrap(ticket.content, 40)[:12]:
        pdf.drawString(left + 4 * mm, y, line)
        y -= 6 * mm
    y -= 2 * mm
    pdf.drawString(left, y, "转交摘要:")
    y -= 7 * mm
    for line in _wrap(slip.summary, 40)[:6]:
        pdf.drawString(left + 4 * mm, y, line)
        y -= 6 * mm
    y = max(y - 10 * mm, 60 * mm)
    pdf.drawString(left, y, f"移交人签字: {slip.sender_name}")
    pdf.drawString(left + 90 * mm, y, f"时间: {_when(slip.sender_signed_at)}")
    y -= 14 * mm
    pdf.drawString(left, y, f"接收人签字: {slip.receiver_name}")
    pdf.drawString(left + 90 * mm, y, f"时间: {_when(slip.receiver_signed_at)}")
    y -= 14 * mm
    pdf.setFont(font, 9)
    pdf.drawString(left, y, "双方签字确认后由客服主任存档备查")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
