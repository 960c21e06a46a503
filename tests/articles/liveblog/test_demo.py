"""The demo live blog: open, a dozen entries, two key events, one pinned; written once."""

import pytest
from django.core.management import call_command

from articles.liveblog.demo import SLUG
from articles.models import Article, LiveBlogEntry
from tests.factories import AuthorFactory, CategoryFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db


def test_seed_liveblog_writes_an_open_live_blog_once(client, capsys):
    CategoryFactory(name="Finance", slug="finance")
    AuthorFactory(name="Ann Lee")
    call_command("seed_liveblog")
    article = Article.objects.get(slug=SLUG)
    entries = LiveBlogEntry.objects.filter(article=article).published()
    assert entries.count() == 12
    assert entries.filter(is_key_event=True).count() == 2 and entries.filter(is_pinned=True).count() == 1
    assert article.is_live and article.liveblog.is_open
    page = parse_ok(client.get(article.get_absolute_url()))
    assert len(page.cssselect(".liveblog__key-events li")) == 2
    assert len(page.cssselect("[data-liveblog-part=stream] article.live-entry")) == 12
    # An editor closes it and renames it: a second run leaves it as it is.
    article.headline = "Rate decision day: as it happened"
    article.save()
    call_command("seed_liveblog")
    assert Article.objects.get(slug=SLUG).headline == "Rate decision day: as it happened"
    assert LiveBlogEntry.objects.filter(article=article).count() == 12
    assert "present" in capsys.readouterr().out


@pytest.mark.media
def test_the_demo_live_blog_leads_with_the_central_bank_picture():
    from articles.demo.illustrations import topic_alt, topic_picture
    from articles.models import Image
    from tests.factories import ImageFactory

    CategoryFactory(name="Finance", slug="finance")
    ImageFactory(alt_text="Some other story's picture")
    banks = Image(alt_text=topic_alt("Central banks"))
    banks.file.save("banks.jpg", topic_picture(2, "Central banks"), save=True)
    call_command("seed_liveblog")
    assert Article.objects.get(slug=SLUG).hero_image == banks  # a rate decision, under a central bank's columns
