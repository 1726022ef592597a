"""The printed batch: one A4 page per recipient with a sign-off strip (seed 000 L41, L51).

Each page carries the tenant's own copy (rendered from the template), the
sealing record and, below a cut line, the 签收回执 strip the tenant signs and
the deliverer brings back; the strip names the notice and recipient numbers
so the scanned copy can be filed against the right row. reportlab's built-in
CID font ``STSong-Light`` renders the Chinese text without a font file.
"""

from io import BytesIO

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from kefu.notices.models import Notice, NoticeRecipient

FONT = "STSong-Light"
WRAP = 38


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def _page(pdf: canvas.Canvas, notice: Notice, recipient: NoticeRecipient, link: str) -> None:
    font = _font()
    width, height = A4
    left, y = 22 * mm, height - 25 * mm
    pdf.setFont(font, 11)
    pdf.drawCentredString(width / 2, y, notice.site.name)
    y -= 10 * mm
    pdf.setFont(font, 17)
    pdf.drawCentredString(width / 2, y, notice.title)
    y -= 7 * mm
    pdf.setFont(font, 9)
    pdf.drawCentredString(
        width / 2,
        y,
        f"编号 N{notice.pk}-{recipient.pk} 　总经办盖章 {_when(notice.sealed_at)}"
        f"　发文 {_when(notice.issued_at)}",
    )
    y -= 12 * mm
    pdf.setFont(font, 12)
    for line in _wrap(recipient.body, WRAP)[:30]:
        pdf.drawString(left, y, line)
        y -= 7 * mm
    strip = 62 * mm
    pdf.setDash(3, 3)
    pdf.line(15 * mm, strip, width - 15 * mm, strip)
    pdf.setDash()
    pdf.setFont(font, 8)
    pdf.drawString(15 * mm, strip + 2 * mm, "沿此线剪下,签收后交回客服中心")
    y = strip - 10 * mm
    pdf.setFont(font, 13)
    pdf.drawCentredString(width / 2, y, "签收回执")
    y -= 10 * mm
    pdf.setFont(font, 11)
    pdf.drawString(left, y, f"文件:{notice.title}")
    pdf.drawString(left + 120 * mm, y, f"编号:N{notice.pk}-{recipient.pk}")
    y -= 9 * mm
    unit = str(recipient.unit) if recipient.unit else ""
    pdf.drawString(left, y, f"租户:{recipient.customer.name}")
    pdf.drawString(left + 90 * mm, y, f"单元:{unit}")
    y -= 12 * mm
    pdf.drawString(left, y, "签收人(签字):________________")
    pdf.drawString(left + 90 * mm, y, "签收日期:______年____月____日")
    y -= 10 * mm
    deliverer = str(notice.deliverer) if notice.deliverer_id else ""
    pdf.drawString(left, y, f"送达人:{deliverer}")
    y -= 8 * mm
    pdf.setFont(font, 8)
    pdf.drawString(left, y, f"也可打开链接确认签收:{link}")
    pdf.showPage()


def batch_pdf(notice: Notice, recipients: list[NoticeRecipient], links: dict[int, str]) -> bytes:
    """All the notice's copies in one PDF, a page per recipient."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{notice.title} · {len(recipients)}")
    for recipient in recipients:
        _page(pdf, notice, recipient, links.get(recipient.pk, ""))
    pdf.save()
    return buffer.getvalue()
