"""The demo's breaking news: a banner on the wire's flash, and hand-picked related stories for it (`seed_breaking`)."""

from datetime import timedelta

from django.utils import timezone

from articles.liveblog.demo import SLUGS as LIVE_BLOG_SLUGS
from articles.models import Article, BreakingBanner, RelatedStory

FLASH_URI = "urn:newsportal:demo:wire:rates-flash"
PICK_URIS = [FLASH_URI, "urn:newsportal:demo:wire:ecb-holds-rates"]
#: A demo banner lasts long enough for a newcomer's week of `make run`s; editors end it with "End now".
DEMO_DAYS = 7


def demo_story():
    """The story the demo banner links to: the demo's live blog (`seed_liveblog`), else the wire flash, else the
    newest top story."""
    published = Article.objects.published()
    for story in (
        published.filter(slug__in=LIVE_BLOG_SLUGS).first(),
        published.filter(source_uri=FLASH_URI).first(),
        published.filter(is_top_story=True).newest_first().first(),
    ):
        if story is not None:
            return story
    return None


def breaking_seed() -> dict:
    """Create what is missing (the banner, the picks); never touch what an editor changed. Returns what was made."""
    story = demo_story()
    made = {"banner": 0, "picks": 0}
    if story is None:
        return made
    if not BreakingBanner.objects.filter(article=story).exists():
        now = timezone.now()
        BreakingBanner.objects.create(
            kind=BreakingBanner.Kind.BREAKING,
            text=(
                "Rate decision day: the central bank holds, follow the reaction live"
                if story.slug in LIVE_BLOG_SLUGS
                else "Bank of England cuts rates by half a point"
            ),
            article=story,
            starts_at=now,
            expires_at=now + timedelta(days=DEMO_DAYS),
        )
        made["banner"] = 1
    if not story.related_picks.exists():
        picks = Article.objects.published().filter(source_uri__in=PICK_URIS).exclude(pk=story.pk)
        rows = [RelatedStory(article=story, related=pick, position=n) for n, pick in enumerate(picks)]
        for row in rows:  # one by one: each save announces its article, as an editor's would
            row.save()
        made["picks"] = len(rows)
    return made
