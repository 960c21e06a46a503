"""What the browser test modules share besides fixtures (those are in conftest.py):
Playwright's `expect`, the paths of the npm tools, the newsroom story's text."""

from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser_tools` fixture explains what is missing
    expect = None

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The first two paragraphs of the `newsroom` fixture's article.
BODY_PARAGRAPHS = [
    "Brent crude rose for a third day on Monday after talks between the largest producers "
    "ended without an agreement on output, leaving traders to price a tighter market.",
    "Analysts said the failure to agree quotas for the next quarter would keep inventories low "
    "through the winter, when demand for heating fuel usually peaks in the northern hemisphere.",
]


def history_url(article, number=None):
    """The article's "What changed" page, or one of its versions."""
    from django.urls import reverse

    kwargs = {"section": article.category.slug, "slug": article.slug}
    if number:
        return reverse("articles:version", kwargs={**kwargs, "number": number})
    return reverse("articles:history", kwargs=kwargs)


def trust_story(section):
    """A sponsored story in `section` with two published versions (an update with a note), sources and methods
    and a correction, by an author with a role, expertise and profiles: {"labelled": article, "expert": author}."""
    import reversion

    from articles.models import SourceLink, SourcesNote
    from articles.services import article_record_update
    from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, DisclosureFactory

    labelled = ArticleFactory(category=section, headline="Partner bank launches a savings app")
    labelled.disclosures.add(DisclosureFactory())
    with reversion.create_revision():
        labelled.save()
    labelled.headline = "Partner bank launches a savings app at 4%"
    labelled.body = "<p>The bank launched the app on Monday.</p><h2>Rates</h2><p>It pays 4% a year.</p>"
    with reversion.create_revision():
        labelled.save()
        article_record_update(article=labelled, note="Added the interest rate.")
    CorrectionFactory(article=labelled, text="An earlier version gave the wrong interest rate.")
    SourcesNote.objects.create(article=labelled, methods="<p>We read the bank's <strong>filing</strong>.</p>")
    SourceLink.objects.create(article=labelled, title="The bank's filing", url="https://example.com/filing.pdf")
    expert = AuthorFactory(
        name="Polina Devitt",
        slug="polina-devitt",
        role="Banking correspondent",
        expertise="Retail banking, Payments",
        credentials="CFA charterholder\nTen years on a banking desk",
        contact_email="polina@example.com",
        same_as="https://www.linkedin.com/in/polina",
    )
    ArticleFactory(category=section, authors=[expert])
    labelled.authors.add(expert)
    return {"labelled": labelled, "expert": expert}
