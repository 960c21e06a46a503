"""Video stories on the reader pages: the click-to-load player, the uploaded
player, card marks, the Videos section, CSP, JSON-LD, feeds, the admin inline
and query counts that do not move."""

import json
import re

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.body.providers import FRAME_ORIGINS
from articles.models import ArticleVideo
from tests.articles.admin_forms import article_form
from tests.articles.video.files import WEBM_HEAD
from tests.factories import ArticleFactory, ArticleVideoFactory, AuthorFactory, CategoryFactory, ImageFactory
from tests.html import parse_ok
from tests.media import absolute_media_url, media_bytes, media_url

pytestmark = [pytest.mark.django_db, pytest.mark.media]

PROVIDER_HOSTS = re.compile(r"youtube\.com|youtube-nocookie\.com|youtu\.be|ytimg|googlevideo|vimeo", re.I)


@pytest.fixture
def videos_section():
    return CategoryFactory(name="Videos", slug="videos", collects_videos=True)


@pytest.fixture
def video_story(videos_section):
    article = ArticleFactory(
        headline="The week in markets", slug="the-week-in-markets", category=videos_section, hero_image=ImageFactory()
    )
    return ArticleVideoFactory(article=article, transcript="<p>Hello and welcome.</p>").article


@pytest.fixture
def uploaded_story(videos_section):
    article = ArticleFactory(headline="Inside the trading floor", category=videos_section)
    item = ArticleVideo(
        article=article,
        file=SimpleUploadedFile("floor.webm", WEBM_HEAD + b"\x00" * 100),
        poster=ImageFactory(alt_text="Traders at their desks"),
        duration=3723,
    )
    item.full_clean()
    item.save()
    return article


def ld_blocks(tree):
    return [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]


# --- the article page -----------------------------------------------------------


def test_an_embed_shows_only_a_local_poster_and_a_link_until_the_reader_acts(client, video_story):
    tree = parse_ok(client.get(video_story.get_absolute_url()))
    link = tree.cssselect("figure.story__video a.video__play")[0]
    assert link.get("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert link.get("aria-label") == "Watch on YouTube: The week in markets, 3:25"
    assert link.get("data-play-label") == "Play video: The week in markets, 3:25"  # once video.js made it a button
    assert link.text_content().strip() == "Watch on YouTube"  # visible, and part of the name
    badge = tree.cssselect(".video__frame .video__duration")[0]
    assert (badge.text, badge.get("aria-hidden")) == ("3:25", "true")
    assert link.get("data-video-embed") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    assert link.get("data-video-title") == "Video: The week in markets"
    poster = link.cssselect("img")[0]
    assert poster.get("src").startswith(media_url("renditions/"))
    assert poster.get("alt") == ""  # the label names the link
    assert link.cssselect(".video__mark")[0].get("aria-hidden") == "true"
    # Nothing on the page makes the browser contact the provider: no frame,
    # and no src/srcset/poster/data attribute it would fetch points there.
    assert not tree.xpath("//iframe") and not tree.xpath("//noscript")
    for attr in ("src", "srcset", "poster", "data", "href"):
        for element in tree.xpath(f"//*[@{attr}]"):
            if element is link and attr == "href":
                continue
            assert not PROVIDER_HOSTS.search(element.get(attr)), (element.tag, attr, element.get(attr))
    # The hero picture gives way to the video; the script that upgrades the link is external.
    assert not tree.cssselect(".story__hero")
    scripts = [s.get("src") for s in tree.xpath("//script[@src]")]
    assert "/static/js/video.js" in scripts
    # The player's styles are in the one stylesheet: the first render needs no second CSS file.
    assert [link.get("href") for link in tree.cssselect('link[rel="stylesheet"]')] == ["/static/css/site.css"]
    assert "(3:25)" in tree.cssselect("figure.story__video figcaption")[0].text_content()
    assert tree.cssselect("figure.story__video figcaption time")[0].get("datetime") == "PT3M25S"
    transcript = tree.cssselect("details.video__transcript")[0]
    assert transcript.cssselect("summary")[0].text == "Transcript"
    assert "Hello and welcome." in transcript.text_content()


def test_a_vimeo_embed_uses_the_do_not_track_player(client, videos_section):
    article = ArticleFactory(category=videos_section)
    ArticleVideoFactory(article=article, url="https://vimeo.com/76979871", kind="vimeo", video_id="76979871")
    link = parse_ok(client.get(article.get_absolute_url())).cssselect("a.video__play")[0]
    assert link.get("href") == "https://vimeo.com/76979871"
    assert link.get("data-video-embed") == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert link.get("aria-label").startswith("Watch on Vimeo: ")


def test_an_uploaded_video_plays_in_the_browsers_own_player(client, uploaded_story):
    tree = parse_ok(client.get(uploaded_story.get_absolute_url()))
    player = tree.cssselect("figure.story__video video")[0]
    assert player.get("preload") == "none" and player.get("controls") is not None
    assert player.get("poster").startswith(media_url("renditions/"))
    source = player.cssselect("source")[0]
    assert source.get("type") == "video/webm" and re.match(
        re.escape(media_url("videos/")) + r"\d{4}/\d{2}/floor.*\.webm$", source.get("src")
    )
    assert media_bytes(client, source.get("src")).startswith(WEBM_HEAD), "the file plays from where the page says"
    assert not tree.cssselect("a.video__play") and "/static/js/video.js" not in uploaded_story_scripts(tree)
    assert "(1:02:03)" in tree.cssselect("figcaption")[0].text_content()


def uploaded_story_scripts(tree):
    return [s.get("src") for s in tree.xpath("//script[@src]")]


def test_stories_without_video_are_unchanged(client, article):
    tree = parse_ok(client.get(article.get_absolute_url()))
    assert tree.cssselect(".story__hero") and not tree.cssselect(".story__video")
    assert "/static/js/video.js" not in uploaded_story_scripts(tree)


# --- cards and the Videos section -------------------------------------------------


def test_cards_of_video_stories_show_a_play_mark_and_the_duration(client, video_story, article):
    tree = parse_ok(client.get("/"))
    cards = {c.cssselect(".card__title a")[0].text: c for c in tree.cssselect("article.card")}
    card = cards["The week in markets"]
    assert "card--video" in card.get("class")
    meta = card.cssselect(".card__video")[0]
    assert meta.text_content() == "Video 3:25"
    assert meta.cssselect("time")[0].get("datetime") == "PT3M25S"
    plain = cards[article.headline]
    assert "card--video" not in plain.get("class") and not plain.cssselect(".card__video")


def test_the_videos_section_collects_video_stories_from_every_section(client, video_story, section, videos_section):
    elsewhere = ArticleFactory(headline="Bank chief interview", category=section)
    ArticleVideoFactory(article=elsewhere)
    ArticleFactory(headline="A plain business story", category=section)
    ArticleFactory(headline="Filed in Videos without a video yet", category=videos_section)
    ArticleVideoFactory(article=ArticleFactory(headline="Draft video", category=videos_section, status="draft"))
    tree = parse_ok(client.get(videos_section.get_absolute_url()))
    titles = [a.text for a in tree.cssselect(".card__title a")]
    assert sorted(titles) == ["Bank chief interview", "Filed in Videos without a video yet", "The week in markets"]
    # An ordinary section lists only its own stories, video or not.
    business = [a.text for a in parse_ok(client.get(section.get_absolute_url())).cssselect(".card__title a")]
    assert sorted(business) == ["A plain business story", "Bank chief interview"]


def test_without_the_flag_a_section_lists_only_its_own_stories(client, section):
    other = CategoryFactory(name="Clips", slug="clips")
    ArticleVideoFactory(article=ArticleFactory(headline="Elsewhere", category=section))
    ArticleFactory(headline="Own story", category=other)
    titles = [a.text for a in parse_ok(client.get(other.get_absolute_url())).cssselect(".card__title a")]
    assert titles == ["Own story"]


# --- headers, structured data, feeds ----------------------------------------------


def test_the_policy_allows_exactly_the_privacy_enhanced_players(client, video_story):
    header = client.get(video_story.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    # The players, then the frames of body embeds (articles/body/providers.py), loaded only after a click.
    players = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert directives["frame-src"].split() == players + list(FRAME_ORIGINS)
    assert directives["media-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_json_ld_describes_the_video(client, video_story):
    tree = parse_ok(client.get(video_story.get_absolute_url()))
    article = next(b for b in ld_blocks(tree) if b["@type"] == "ReportageNewsArticle")
    video = article["video"]
    assert video["@type"] == "VideoObject"
    assert video["name"] == "The week in markets" and video["description"] == video_story.summary
    assert video["duration"] == "PT3M25S"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"
    assert video["thumbnailUrl"][0].startswith(absolute_media_url("renditions/"))
    assert video["uploadDate"].startswith(str(video_story.publish_at.astimezone().date()))
    assert "contentUrl" not in video


def test_json_ld_of_an_upload_names_the_file(client, uploaded_story):
    tree = parse_ok(client.get(uploaded_story.get_absolute_url()))
    video = next(b for b in ld_blocks(tree) if b["@type"] == "ReportageNewsArticle")["video"]
    assert re.match(re.escape(absolute_media_url("videos/")) + r".+\.webm$", video["contentUrl"])
    assert video["duration"] == "PT1H2M3S" and "embedUrl" not in video


def test_feeds_carry_an_uploaded_video_as_the_enclosure(client, uploaded_story, video_story):
    feed = feedparser.parse(client.get(reverse("articles:feed", kwargs={"fmt": "rss"})).content)
    entries = {e.title: e for e in feed.entries}
    upload = entries["Inside the trading floor"].enclosures
    assert [(e.type, e.length) for e in upload] == [("video/webm", str(len(WEBM_HEAD) + 100))]
    assert upload[0].href.endswith(".webm")
    embed = entries["The week in markets"].enclosures
    assert [e.type for e in embed] == ["image/jpeg"]  # an embed has no file to enclose: the picture stays


# --- the admin -------------------------------------------------------------------


def test_the_article_admin_offers_the_video_inline(editor_client, video_story):
    response = editor_client.get(reverse("admin:articles_article_change", args=[video_story.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "makes this a video story" in page
    assert 'value="3:25"' in page and "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in page


def test_an_editor_adds_a_video_to_an_article(editor_client, section, author, image):
    poster = ImageFactory()
    data = article_form(section, author, image)
    data.update(
        {
            "video-TOTAL_FORMS": "1",
            "video-0-url": "https://youtu.be/dQw4w9WgXcQ",
            "video-0-poster": poster.pk,
            "video-0-duration": "4:05",
            "video-0-transcript": "<p>Words <script>x()</script></p>",
        }
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    item = ArticleVideo.objects.get(article__slug="central-bank-holds-rates")
    assert (item.kind, item.video_id, item.duration, item.transcript) == (
        "youtube",
        "dQw4w9WgXcQ",
        245,
        "<p>Words </p>",
    )


def test_a_bad_address_in_the_admin_gets_a_message_not_an_error(editor_client, section, author, image):
    data = article_form(section, author, image)
    data.update(
        {
            "video-TOTAL_FORMS": "1",
            "video-0-url": "https://example.com/clip",
            "video-0-poster": ImageFactory().pk,
            "video-0-duration": "4:05",
        }
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "not a YouTube or Vimeo video address" in response.content.decode()
    assert not ArticleVideo.objects.exists()


# --- query counts ------------------------------------------------------------------

# The pinned counts of tests/articles/test_query_counts.py, warm chrome cache.
WARM = {"home": 3, "section": 3, "article": 6}  # the article: its own 4 and "Related" (2)


def build(n):
    videos = CategoryFactory(name="Videos", slug="videos", collects_videos=True)
    business = CategoryFactory(name="Business", slug="business")
    image, authors = ImageFactory(), [AuthorFactory() for _ in range(2)]
    stories = []
    for i in range(n):
        article = ArticleFactory(category=(videos, business)[i % 2], hero_image=image, authors=authors[: 1 + i % 2])
        if i % 3:
            ArticleVideoFactory(article=article, poster=image)
        stories.append(article)
    return videos, business, stories


@pytest.mark.parametrize("n", [4, 30])
def test_video_stories_add_no_query_to_public_pages(client, django_assert_num_queries, n):
    videos, business, stories = build(n)
    story = next(s for s in stories if hasattr(s, "video"))
    urls = {
        "home": "/",
        "section": videos.get_absolute_url(),
        "article": story.get_absolute_url(),
    }
    client.get("/")  # warms the site chrome
    client.get(business.get_absolute_url())  # and the rail's cached lists (articles/rail.py)
    for name, url in {**urls, "plain section": business.get_absolute_url()}.items():
        with django_assert_num_queries(WARM.get(name, WARM["section"])):
            response = client.get(url)
        assert response.status_code == 200
    cache.clear()
