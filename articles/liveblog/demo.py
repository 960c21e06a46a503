"""The demo live blog: rate-decision day in the Finance section, open, with a dozen entries (seed_liveblog)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.demo.illustrations import topic_alt
from articles.models import Article, Author, Category, Image, LiveBlog, LiveBlogEntry

SLUG = "rate-decision-day-live"
#: Its address on demo sites seeded before demo stories had clean addresses; both mean "written already".
SLUGS = (SLUG, "demo-live-rate-decision-day")
SECTION = "finance"
HEADLINE = "Rate decision day: markets react as the central bank holds"
SUMMARY = (
    "The central bank kept its main rate unchanged and signalled cuts later in the year. "
    "Follow the decision, the press conference and the market reaction as it happens."
)
BODY = (
    "<p>Policymakers meet today with inflation close to target and growth slowing. Our reporters follow the "
    "decision, the governor's press conference and the reaction on trading floors, newest updates first.</p>"
)
#: (minutes before now, title, body, key event, pinned, author index)
ENTRIES = [
    (175, "What to expect today", "<p>Economists polled this week expect the main rate to stay at 4.25%, with "
     "a minority seeing a quarter-point cut. The decision comes first, the governor's press conference half an "
     "hour later.</p>",
     False, True, 0),
    (170, "", "<p>Two-year yields are little changed this morning as traders wait for the decision.</p>",
     False, False, 1),
    (150, "", "<p>The currency edged 0.2% lower against the dollar; options pricing shows traders brace for a "
     "bigger move than usual this afternoon.</p>", False, False, 2),
    (130, "", "<p>Bank shares opened higher, led by lenders most exposed to mortgage margins.</p>",
     False, False, 1),
    (110, "Rates held at 4.25%", "<p>The central bank kept its main rate at <strong>4.25%</strong>, as "
     "expected. Seven members voted to hold, two for a cut.</p>", True, False, 0),
    (105, "", "<p>The statement drops the phrase “for an extended period”, which markets read as a hint that "
     "cuts are coming.</p>", False, False, 0),
    (95, "", "<p>Two-year yields fall 8 basis points within minutes of the statement.</p>", False, False, 2),
    (80, "Governor: cuts are likely this year", "<p>At the press conference, the governor said cuts are "
     "“likely this year if inflation behaves as we expect”, but would not be drawn on timing.</p>",
     True, False, 0),
    (70, "", "<blockquote><p>We are not on a pre-set course.</p></blockquote><p>The governor, asked whether "
     "a cut at the next meeting is on the table.</p>", False, False, 1),
    (50, "", "<p>Mortgage lenders say fixed-rate deals may get cheaper within weeks if swap rates stay "
     "lower.</p>", False, False, 1),
    (30, "", "<p>Equities extend gains: the main index is up 0.9% on the day, its best session this "
     "month.</p>", False, False, 2),
    (10, "", "<p>Analysts at two large banks now pencil in the first cut for the next meeting.</p>",
     False, False, 2),
]  # fmt: skip


def demo_picture():
    """The live blog's picture: the demo's central-bank illustration (a rate decision), else any story's lead."""
    fitting = Image.objects.filter(alt_text=topic_alt("Central banks")).first()
    if fitting is not None:
        return fitting
    leads = Article.objects.filter(hero_image__isnull=False).order_by("pk").values("hero_image")[:1]
    return Image.objects.filter(pk__in=leads).first() or Image.objects.order_by("pk").first()


def seed_liveblog():
    """Create the demo live blog once; return how many entries were written (0 when it is there).

    Idempotent: when the demo story exists (an editor may have renamed or
    closed it) nothing is written, so what editors changed stays changed.
    """
    if Article.objects.filter(slug__in=SLUGS).exists():
        return 0
    section = Category.objects.filter(slug=SECTION).first() or Category.objects.order_by("pk").first()
    if section is None:
        return 0
    authors = list(Author.objects.order_by("pk")[:3])
    now = timezone.now().replace(second=0, microsecond=0)
    started = now - timedelta(minutes=180)
    with transaction.atomic():
        article = Article(
            headline=HEADLINE,
            slug=SLUG,
            category=section,
            summary=SUMMARY,
            body=BODY,
            hero_image=demo_picture(),
            publish_at=started,
            is_top_story=True,
        )
        article.status = Article.Status.PUBLISHED  # live since coverage started
        article.save()
        article.authors.set(authors[:1])
        article.tags.add("Interest rates", "Central banks")
        LiveBlog.objects.create(article=article, started_at=started)
        for minutes, title, body, key, pinned, who in ENTRIES:
            LiveBlogEntry.objects.create(
                article=article,
                title=title,
                body=body,
                author=authors[who % len(authors)] if authors else None,
                is_key_event=key,
                is_pinned=pinned,
                published_at=now - timedelta(minutes=minutes),
            )
    return len(ENTRIES)
