"""Demo magazine issues and research reports: generated covers and PDFs, no downloads."""

import io
from datetime import date

from django.core.files.base import ContentFile

from articles.demo.pictures import _font, gradient

#: (number, title, issue date, description HTML)
ISSUES = [
    (
        77,
        "Banking After the Rate Peak",
        date(2025, 9, 1),
        "<p>How lenders are repricing deposits and loans as central banks pause, and what it means for margins.</p>",
    ),
    (
        78,
        "The Payments Race",
        date(2025, 12, 1),
        "<p>Instant payments, open banking and the card networks' answer: a tour of who is winning the checkout.</p>",
    ),
    (
        79,
        "Finance Meets AI",
        date(2026, 3, 1),
        "<p>Banks and insurers are moving artificial intelligence from pilots into production. We look at where it "
        "pays, where it fails and what supervisors expect.</p><h2>Also in this issue</h2>"
        "<p>Interviews with chief executives, the year's award winners and our markets outlook.</p>",
    ),
]

#: (slug, title, section slug, summary)
REPORTS = [
    (
        "open-banking-adoption-2026",
        "Open Banking Adoption 2026",
        "banking",
        "A survey of 40 banks across Europe on open banking: how many customers use it, what it costs to run and "
        "which services are growing fastest.",
    ),
    (
        "sustainable-finance-outlook",
        "Sustainable Finance Outlook",
        "finance",
        "Green bonds, transition finance and disclosure rules: where the money is going and the questions "
        "investors are asking issuers.",
    ),
]


def cover_picture(seed, kicker, title, footer, size=(900, 1200)):
    """A magazine-like portrait cover as a JPEG ContentFile."""
    width, height = size
    picture, draw, (top, bottom) = gradient(seed, size)
    draw.rectangle([0, 0, width, 190], fill=(255, 255, 255))
    draw.text((50, 45), "GLOBAL FINANCE", font=_font(62), fill=top)
    draw.text((50, 120), "REVIEW", font=_font(44), fill=(179, 38, 30))
    draw.text((50, 260), kicker, font=_font(44), fill=(255, 214, 90))
    y = 340
    for line in _wrap(title, 16):
        draw.text((50, y), line, font=_font(84), fill=(255, 255, 255))
        y += 100
    draw.rectangle([0, height - 120, width, height], fill=(0, 0, 0))
    draw.text((50, height - 90), footer, font=_font(40), fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"cover-{seed}.jpg")


def _wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _pdf_text(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")


def simple_pdf(title, lines):
    """A small, valid one-page PDF (Helvetica text), written by hand: no PDF library needed."""
    stream = b"BT /F1 24 Tf 72 760 Td (" + _pdf_text(title) + b") Tj ET\n"
    for n, line in enumerate(lines):
        stream += b"BT /F1 12 Tf 72 %d Td (" % (720 - 18 * n) + _pdf_text(line) + b") Tj ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
