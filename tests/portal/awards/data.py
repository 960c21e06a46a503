"""Building awards programmes for the awards and submissions tests."""

from datetime import date, timedelta

from django.utils import timezone

from portal.models import AwardCategory, AwardsProgramme, MediaKitFile, Milestone, Testimonial, Winner
from tests.factories import ImageFactory

# A minimal PDF: the header, a body and the end marker the validator looks for.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_programme(year=2026, *, window="open", winners=1, categories=2, testimonials=1, published=True, **extra):
    """A programme whose nominations are before / open / after now, with children."""
    now = timezone.now()
    opens, closes = {
        "before": (now + timedelta(days=3), now + timedelta(days=30)),
        "open": (now - timedelta(days=3), now + timedelta(days=30)),
        "after": (now - timedelta(days=30), now - timedelta(days=3)),
    }[window]
    programme = AwardsProgramme.objects.create(
        year=year,
        name=f"Finance Awards {year}",
        intro="Celebrating the best in finance.",
        about="<p>The awards recognise <strong>excellence</strong>.</p>",
        faq="<h2>Is it free?</h2><p>Yes, entering is free.</p>",
        nominations_open_at=opens,
        nominations_close_at=closes,
        is_published=published,
        **extra,
    )
    cats = [
        AwardCategory.objects.create(programme=programme, name=f"Category {i}", slug=f"category-{i}", order=i)
        for i in range(categories)
    ]
    Milestone.objects.create(programme=programme, date=date(year, 1, 15), title="Nominations open")
    Milestone.objects.create(
        programme=programme, date=date(year + 1, 3, 5), title="Winners announced", announces_winners=True
    )
    logo = ImageFactory(alt_text="Winner logo") if winners else None
    for i in range(winners):
        Winner.objects.create(
            programme=programme,
            category=cats[i % len(cats)],
            organisation=f"Winner Org {i}",
            logo=logo,
            citation=f"Citation {i}.",
            link="https://example.com/",
        )
    for i in range(testimonials):
        Testimonial.objects.create(programme=programme, quote=f"Great awards {i}", person=f"Person {i}", role="CEO")
    return programme


def add_media_kit(programme, title="Fact sheet"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kit = MediaKitFile(programme=programme, title=title)
    kit.file = SimpleUploadedFile("fact-sheet.pdf", PDF, content_type="application/pdf")
    kit.full_clean()
    kit.save()
    return kit
