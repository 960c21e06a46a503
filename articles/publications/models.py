"""Publications: magazine issues (with their contents) and research reports, each with a PDF."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.publications.pdf import validate_pdf
from portal.web.fields import RichTextField


def publication_published_q(now=None):
    """A publication is live when ticked "published" and its publish time has come.

    The same two-part rule as articles (`published_q`), so an issue can be
    scheduled for its launch day without a cron job.
    """
    return Q(is_published=True, publish_at__lte=now or timezone.now())


class PublicationQuerySet(models.QuerySet):
    def published(self):
        """What readers may see now."""
        return self.filter(publication_published_q())

    def scheduled(self):
        """Ticked "published", waiting for their publish time."""
        return self.filter(is_published=True, publish_at__gt=timezone.now())


def readable_pdf_name(*words):
    """A download name readers recognise: "Global-Finance-Review-Issue-79.pdf"."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", " ".join(str(w) for w in words)).strip("-")
    return f"{stem[:120] or 'document'}.pdf"


def issue_pdf_path(instance, filename):
    # The stored name is ours, not the uploader's: no odd characters on disk.
    return f"publications/magazines/issue-{instance.number}.pdf"


def report_pdf_path(instance, filename):
    return f"publications/reports/{slugify(instance.slug)[:80] or 'report'}.pdf"


# Static text: the size limit is a setting, and help texts end up in migrations.
PDF_HELP = "The PDF readers download or read in the browser: a real, complete PDF (the upload is checked)."


class Publication(models.Model):
    """What magazine issues and research reports share."""

    title = models.CharField(max_length=200, help_text="The title readers see, e.g. “The Future of Payments”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="The address of its page. Changing it breaks links.")
    cover = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The cover picture (portrait works best). Its alt text should name the publication.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Untick to hide it from readers; editors can still open it."
    )
    publish_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        help_text="Readers see it from this moment (if “published” is ticked). A future time schedules it.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_live(self):
        return self.is_published and self.publish_at is not None and self.publish_at <= timezone.now()


def validate_issue_slug(value):
    # /magazines/<number>/ is the short link and /magazines/latest/ the newest issue.
    if value.isdigit() or value == "latest":
        raise ValidationError("Use words in the address, e.g. “issue-79”: numbers alone and “latest” are taken.")


class MagazineIssue(Publication):
    """One issue of the magazine: number, date, cover, description, PDF and contents."""

    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_issue_slug],
        help_text="The issue's address: /magazines/slug/, e.g. “issue-79”. Changing it breaks links.",
    )

    number = models.PositiveIntegerField(unique=True, help_text="The issue number, e.g. 79. Shown as “Issue 79”.")
    issue_date = models.DateField(help_text="The date printed on the cover; shown to readers as month and year.")
    description = RichTextField(blank=True, help_text="What is in this issue, in a few paragraphs.")
    pdf = models.FileField("PDF", upload_to=issue_pdf_path, blank=True, validators=[validate_pdf], help_text=PDF_HELP)

    class Meta:
        ordering = ["-number"]
        verbose_name = "magazine issue"
        indexes = [models.Index(fields=["is_published", "-number"], name="issue_live_newest_idx")]

    def get_absolute_url(self):
        return reverse("magazines:detail", kwargs={"key": self.slug})

    def get_pdf_url(self):
        return reverse("magazines:pdf", kwargs={"key": self.slug})

    @property
    def label(self):
        return f"Issue {self.number}"

    def pdf_filename(self):
        return readable_pdf_name(settings.SITE_NAME, "Issue", self.number)


class MagazineContentsEntry(models.Model):
    """A line of an issue's table of contents, optionally linking the article online."""

    issue = models.ForeignKey(MagazineIssue, on_delete=models.CASCADE, related_name="contents")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    title = models.CharField(max_length=200, help_text="As printed in the magazine's contents.")
    page = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The page in the PDF, if known.")
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the same piece on the site. Linked only while the article is published.",
    )

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = "contents entry"
        verbose_name_plural = "table of contents"

    def __str__(self):
        return self.title


class ResearchReport(Publication):
    """A research report: summary, cover, section and the PDF."""

    summary = models.TextField(
        max_length=1000, help_text="Two to four plain sentences: on the list, the report's page and search results."
    )
    section = models.ForeignKey(
        "articles.Category",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The section the report belongs to (Banking, Finance, …).",
    )
    pdf = models.FileField("PDF", upload_to=report_pdf_path, blank=True, validators=[validate_pdf], help_text=PDF_HELP)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = "research report"
        indexes = [models.Index(fields=["is_published", "-publish_at"], name="report_live_newest_idx")]

    def get_absolute_url(self):
        return reverse("reports:detail", kwargs={"slug": self.slug})

    def get_pdf_url(self):
        return reverse("reports:pdf", kwargs={"slug": self.slug})

    def pdf_filename(self):
        return readable_pdf_name(self.title)
