"""Create the demo magazine issues and research reports; safe to run again."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Category, Disclosure, Image, MagazineContentsEntry, MagazineIssue, ResearchReport
from articles.publications.demo import ISSUES, REPORTS, cover_picture, simple_pdf
from articles.services import image_refresh_renditions
from articles.views import PRESS_RELEASE_DISCLOSURE

DEMO_CREDIT = "Newsportal demo graphics"
CONTENTS_PER_ISSUE = 5
PRESS_RELEASES = 3
PRESS_RELEASE_OFFSET = 3  # not the very newest stories, which lead the home page


class Command(BaseCommand):
    help = (
        "Create the demo magazine issues (77-79, with covers, PDFs and contents linking demo articles) and two "
        "research reports. Idempotent: existing issues and reports, and editors' changes to them, are kept."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            issues = sum(self.issue(n, *row) for n, row in enumerate(ISSUES))
            reports = sum(self.report(n, *row) for n, row in enumerate(REPORTS))
            self.press_releases()
        message = f"Magazine issues: {issues} created. Research reports: {reports} created."
        self.stdout.write(self.style.SUCCESS(message))

    def press_releases(self):
        """Label a few demo stories as press releases when none is, so the listing has content."""
        disclosure = Disclosure.objects.filter(slug=PRESS_RELEASE_DISCLOSURE).first()
        if disclosure is None or Article.objects.published().filter(disclosures=disclosure).exists():
            return
        plain = Article.objects.published().filter(disclosures__isnull=True).newest_first()
        for article in plain[PRESS_RELEASE_OFFSET : PRESS_RELEASE_OFFSET + PRESS_RELEASES]:
            article.disclosures.add(disclosure)

    def cover(self, seed, kicker, title, footer, alt):
        image = Image(alt_text=alt, credit=DEMO_CREDIT)
        image.file.save(f"cover-{seed}.jpg", cover_picture(seed, kicker, title, footer), save=False)
        image.save()
        return image_refresh_renditions(image=image)

    def issue(self, n, number, title, issue_date, description):
        if MagazineIssue.objects.filter(number=number).exists():
            return 0
        label = f"Issue {number}"
        issue = MagazineIssue(
            number=number,
            title=title,
            slug=f"issue-{number}",
            issue_date=issue_date,
            description=description,
            is_published=True,
            publish_at=timezone.make_aware(datetime.combine(issue_date, time(8))),
        )
        issue.cover = self.cover(
            number, label, title, issue_date.strftime("%B %Y"), f"Cover of the magazine's {label}: “{title}”"
        )
        # The newest issue (last in ISSUES) contains the newest stories.
        start = (len(ISSUES) - 1 - n) * CONTENTS_PER_ISSUE
        newest = Article.objects.published().newest_first().only("headline")
        articles = list(newest[start : start + CONTENTS_PER_ISSUE])
        lines = [f"{4 + 6 * i}  {a.headline}" for i, a in enumerate(articles)]
        issue.pdf.save("issue.pdf", ContentFile(simple_pdf(f"{label}: {title}", lines)), save=False)
        issue.save()
        MagazineContentsEntry.objects.bulk_create(
            [
                MagazineContentsEntry(issue=issue, position=i, title=a.headline, page=4 + 6 * i, article=a)
                for i, a in enumerate(articles)
            ]
            + [MagazineContentsEntry(issue=issue, position=len(articles), title="Markets outlook", page=60)]
        )
        return 1

    def report(self, n, slug, title, section_slug, summary):
        if ResearchReport.objects.filter(slug=slug).exists():
            return 0
        section = Category.objects.filter(slug=section_slug).first() or Category.objects.first()
        if section is None:
            self.stderr.write(f"No section for the report “{title}”: run seed_demo first.")
            return 0
        report = ResearchReport(
            title=title,
            slug=slug,
            summary=summary,
            section=section,
            is_published=True,
            publish_at=timezone.now() - timedelta(days=20 * (n + 1)),
        )
        report.cover = self.cover(40 + n, "Research report", title, section.name, f"Cover of the report “{title}”")
        report.pdf.save("report.pdf", ContentFile(simple_pdf(title, [summary[:90], summary[90:180]])), save=False)
        report.save()
        return 1
