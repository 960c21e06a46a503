"""Demo awards programmes: last year's (closed, with winners) and this year's (nominations open)."""

from datetime import date, datetime, time

ABOUT = """
<p>The {site} Awards recognise banks, insurers, fintechs and investment firms that did the most for their
customers in the past year: clearer products, fairer prices, better service and sound innovation.</p>
<h2>How judging works</h2>
<p>An independent panel of editors and outside experts reads every nomination against published criteria.
Sponsors and advertisers have no say in the results, and nobody pays to enter or to win.</p>
<h2>Who may be nominated</h2>
<p>Any organisation serving customers in the awards year. Organisations may nominate themselves; customers,
partners and staff may nominate them too.</p>
"""

FAQ = """
<h2>Does it cost anything to enter?</h2>
<p>No. Nominations are free, and winners never pay for their award.</p>
<h2>Can I nominate my own organisation?</h2>
<p>Yes. Please say so in your reason, and give figures the judges can check.</p>
<h2>How many categories may I enter?</h2>
<p>As many as fit, with one nomination per category.</p>
<h2>When are the winners announced?</h2>
<p>On the date in the timetable; the shortlist is told a week before.</p>
"""

CATEGORIES = [
    ("Best Digital Bank", "best-digital-bank", "Banks whose apps and online services made banking simpler and safer."),
    ("Best Sustainable Investment Firm", "best-sustainable-investment-firm",
     "Managers whose sustainable funds were transparent about what they hold and why."),
    ("Fintech Innovation of the Year", "fintech-innovation",
     "A new product or service that solved a real problem for customers or firms."),
]  # fmt: skip

WINNERS = [
    ("best-digital-bank", "Northbridge Bank", "NB",
     "Rebuilt its mobile app around accessibility and cut the time to open an account to six minutes."),
    ("best-sustainable-investment-firm", "Greenfield Asset Management", "GA",
     "Published the full holdings and voting record of every fund, every quarter."),
    ("fintech-innovation", "Ledgerline", "LL",
     "Gave small exporters same-day settlement in 40 currencies at a fixed, published fee."),
]  # fmt: skip

TESTIMONIALS = [
    ("Winning told our customers that the work on accessibility mattered. Applications rose by a fifth.",
     "Priya Raman", "Chief Digital Officer", "Northbridge Bank"),
    ("The judges asked harder questions than our auditors. That is why the award means something.",
     "Tomás Ferreira", "Chief Executive", "Ledgerline"),
]  # fmt: skip


def milestones(year, tz):
    """(date, title, description, announces_winners) of a programme's timetable."""
    return [
        (date(year, 1, 15), "Nominations open", "Send nominations through the form on this site.", False),
        (date(year, 12, 31), "Nominations close", "The form closes at 17:00 London time.", False),
        (date(year + 1, 2, 10), "Shortlist published", "Shortlisted organisations are told first.", False),
        (date(year + 1, 3, 5), "Winners announced", "Winners are named here and in the newsletter.", True),
    ]


def window(year, tz):
    """(open, close): 15 January 09:00 to 31 December 17:00 of the year, site time."""
    return (
        datetime.combine(date(year, 1, 15), time(9, 0), tzinfo=tz),
        datetime.combine(date(year, 12, 31), time(17, 0), tzinfo=tz),
    )


def minimal_pdf(title):
    """A small, valid one-page PDF with a line of text (the demo media kit's fact sheet)."""
    text = title.replace("(", "").replace(")", "").replace("\\", "")
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


__all__ = ["ABOUT", "CATEGORIES", "FAQ", "TESTIMONIALS", "WINNERS", "milestones", "minimal_pdf", "window"]
