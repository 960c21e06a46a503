"""factory-boy factories and sample files for magazine issues and research reports."""

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import MagazineContentsEntry, MagazineIssue, ResearchReport
from articles.publications.demo import simple_pdf
from tests.factories import CategoryFactory


def pdf_bytes(title="Sample"):
    """A small, complete PDF."""
    return simple_pdf(title, ["A line of text."])


class MagazineIssueFactory(factory.django.DjangoModelFactory):
    """A published issue with a PDF (no cover unless given)."""

    class Meta:
        model = MagazineIssue

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.LazyAttribute(lambda o: f"Issue {o.number} special")
    slug = factory.LazyAttribute(lambda o: f"issue-{o.number}")
    issue_date = factory.LazyAttribute(lambda o: date(2020, 1, 1) + timedelta(days=30 * (o.number % 300)))
    description = "<p>What is inside.</p>"
    pdf = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="issue.pdf"))
    is_published = True
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ContentsEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MagazineContentsEntry

    issue = factory.SubFactory(MagazineIssueFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Feature {n}")
    page = factory.Sequence(lambda n: 4 + n)


class ResearchReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchReport

    title = factory.Sequence(lambda n: f"Payments Study {n}")
    slug = factory.Sequence(lambda n: f"payments-study-{n}")
    summary = "A survey of how banks handle instant payments."
    section = factory.SubFactory(CategoryFactory, name="Banking", slug="banking")
    pdf = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="report.pdf"))
    is_published = True
    publish_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1 + n))
