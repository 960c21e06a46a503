"""The demo: a breaking banner on the wire's flash, related stories under every article; safe to run again."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.liveblog.demo import SLUG as LIVE_BLOG_SLUG
from articles.models import Article, BreakingBanner
from tests.html import parse_ok, texts

pytestmark = pytest.mark.django_db

WIRE = Path(__file__).resolve().parents[3] / "articles" / "demo" / "wire"


def seed(live_blog=True):
    out = io.StringIO()
    call_command("seed_demo", articles=30, verbosity=0)
    if live_blog:
        call_command("seed_liveblog", stdout=out)
    call_command("import_ninjs", str(WIRE), section="headlines", stdout=out)
    call_command("seed_breaking", stdout=out)
    return out.getvalue()


def test_the_demo_banner_links_the_live_blog_and_every_article_has_related_stories(client):
    output = seed()
    assert "Breaking banner put up" in output
    live = Article.objects.get(slug=LIVE_BLOG_SLUG)
    home = parse_ok(client.get("/"))
    assert [a.get("href") for a in home.cssselect("aside.breaking a")] == [live.get_absolute_url()]
    related = texts(parse_ok(client.get(live.get_absolute_url())), "section.related .card__title")
    # The demo's picks first: the wire flash, then the euro zone story.
    assert related[:2] == [
        Article.objects.get(source_uri="urn:newsportal:demo:wire:rates-flash").headline,
        "Euro zone rate-setters hold, signal cuts may follow in spring",
    ]
    for article in Article.objects.published():
        page = parse_ok(client.get(article.get_absolute_url()))
        assert page.cssselect("section.related li"), article.headline
    assert "kept as it is" in seed()  # idempotent: an editor's change would stay, nothing is doubled
    assert BreakingBanner.objects.count() == 1 and live.related_picks.count() == 2
    makefile = (WIRE.parents[2] / "Makefile").read_text()
    assert makefile.index("seed_liveblog") < makefile.index("seed_breaking")


def test_without_the_live_blog_the_demo_banner_links_the_flash(client):
    seed(live_blog=False)
    flash = Article.objects.get(source_uri="urn:newsportal:demo:wire:rates-flash")
    home = parse_ok(client.get("/"))
    assert [a.get("href") for a in home.cssselect("aside.breaking a")] == [flash.get_absolute_url()]
    assert flash.related_picks.count() == 1  # itself is never its own pick
