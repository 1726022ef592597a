"""QR codes and the unit sticker sheet, drawn with reportlab's own QR widget.

No new dependency: ``reportlab.graphics.barcode.qr.QrCodeWidget`` for the
code, ``renderSVG`` for the on-screen code, ``pdfgen`` for the A4 sheet. The
Chinese captions use the built-in CID font ``STSong-Light`` (no font file).
"""

from io import BytesIO

from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"
COLUMNS, ROWS = 3, 4  # 12 stickers per A4 page


def qr_drawing(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def qr_svg(url: str, size: float = 180) -> bytes:
    """The QR code of ``url`` as an SVG document."""
    return renderSVG.drawToString(qr_drawing(url, size)).encode("utf-8")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def sticker_sheet(stickers: list[tuple[str, str, str]], title: str) -> bytes:
    """An A4 PDF of stickers: ``(caption, subcaption, url)`` each, 3 × 4 a page."""
    from reportlab.pdfgen import canvas

    font = _font()
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    cell_w, cell_h = (width - 20 * mm) / COLUMNS, (height - 20 * mm) / ROWS
    qr_size = min(cell_w, cell_h) - 24 * mm
    for index, (caption, sub, url) in enumerate(stickers):
        slot = index % (COLUMNS * ROWS)
        if index and slot == 0:
            pdf.showPage()
        col, row = slot % COLUMNS, slot // COLUMNS
        x = 10 * mm + col * cell_w
        y = height - 10 * mm - (row + 1) * cell_h
        pdf.setDash(2, 2)
        pdf.rect(x + 2 * mm, y + 2 * mm, cell_w - 4 * mm, cell_h - 4 * mm)
        pdf.setDash()
        renderPDF.draw(qr_drawing(url, qr_size), pdf, x + (cell_w - qr_size) / 2, y + 16 * mm)
        pdf.setFont(font, 11)
        pdf.drawCentredString(x + cell_w / 2, y + 10 * mm, caption[:24])
        pdf.setFont(font, 7)
        pdf.drawCentredString(x + cell_w / 2, y + 5 * mm, sub[:48])
    if not stickers:
        pdf.setFont(font, 12)
        pdf.drawString(20 * mm, height - 30 * mm, title)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
