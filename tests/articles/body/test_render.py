"""What a reader gets for a body's pictures and embeds: on the page, without JavaScript, in the API,
the text edition and the feeds; and what it costs in queries."""

import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

EMBEDS = {
    "youtube": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "x": "https://x.com/Reuters/status/1790000000000000000",
    "instagram": "https://www.instagram.com/p/C4abc_-12/",
    "bluesky": "https://bsky.app/profile/reuters.com/post/3kq2xyzabcd2e",
    "datawrapper": "https://datawrapper.dwcdn.net/AbC12/3/",
    "flourish": "https://public.flourish.studio/visualisation/1234567/",
}


def body_with(images, embeds=EMBEDS):
    parts = ["<p>Bank shares rose on Tuesday.</p>"]
    for n, image in enumerate(images):
        caption = ' data-caption="The dealing floor at noon"' if n == 0 else ""
        parts.append(f'<figure data-image="{image.pk}"{caption}></figure><p>Paragraph {n}.</p>')
    parts += [f'<div data-embed="{p}" data-url="{u}"></div>' for p, u in embeds.items()]
    return "".join(parts)


def loads(tree):
    """Every address the page makes the browser fetch by itself (no click)."""
    found = []
    for element in tree.iter():
        for name in ("src", "srcset", "poster", "data"):
            value = element.get(name)
            if value:
                found += [part.strip().split(" ")[0] for part in value.split(",")]
        if element.tag == "link" and element.get("href"):
            found.append(element.get("href"))
    return found


def test_a_reader_sees_pictures_with_renditions_and_click_to_load_embeds(client):
    images = [ImageFactory(caption="Library caption", credit="Reuters/Jane Doe") for _ in range(2)]
    article = ArticleFactory(body=body_with(images))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    figures = tree.cssselect(".story__body figure.body-figure")
    assert len(figures) == 2
    img = figures[0].cssselect("picture img")[0]
    assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
    assert img.get("alt") == images[0].alt_text
    assert "320w" in img.get("srcset") and figures[0].cssselect('picture source[type="image/webp"]')
    assert figures[0].cssselect("figcaption .caption")[0].text == "The dealing floor at noon"  # this use's caption
    assert figures[1].cssselect("figcaption .caption")[0].text == "Library caption"  # else the library's
    assert figures[1].cssselect("figcaption small.credit")[0].text == "Reuters/Jane Doe"

    blocks = tree.cssselect(".story__body figure.body-embed")
    assert len(blocks) == len(EMBEDS)
    video = tree.cssselect(".body-embed--video a.video__play")[0]  # the site's video player
    assert video.get("href") == EMBEDS["youtube"]
    post = tree.cssselect(".body-embed--x")[0]
    assert post.cssselect(".body-embed__provider")[0].text == "Post from X"
    assert post.cssselect("a.body-embed__original")[0].get("href") == EMBEDS["x"]  # works without JavaScript
    button = post.cssselect("button.body-embed__load")[0]
    assert button.text.strip() == "Load X content" and button.get("hidden") is not None  # shown by the script
    chart = tree.cssselect(".body-embed--datawrapper a.body-embed__original")[0]
    assert chart.get("href") == EMBEDS["datawrapper"]
    scripts = [s.get("src") for s in tree.cssselect("script[src]")]
    assert any("body-embeds" in s for s in scripts) and any("video.js" in s for s in scripts)
    assert "data-embed=" not in response.content.decode() and "data-image=" not in response.content.decode()


def test_nothing_from_a_provider_loads_before_the_click(client):
    article = ArticleFactory(body=body_with([ImageFactory()]))
    page = client.get(article.get_absolute_url()).content.decode()
    tree = lxml_html.fromstring(page)
    assert not tree.cssselect("iframe") and not tree.cssselect("script[src^=http]")
    third_party = [u for u in loads(tree) if re.match(r"^(https?:)?//", u) and "testserver" not in u]
    assert third_party == []
    # The only provider addresses a reader can follow are the originals.
    links = {a.get("href") for a in tree.cssselect(".story__body a[href^=http]")}
    assert links == set(EMBEDS.values())


def test_a_body_without_media_loads_nothing_extra(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "body-embeds.js" not in page and page.count('rel="stylesheet"') == 1


def test_three_pictures_cost_one_query(client, django_assert_num_queries):
    images = [ImageFactory() for _ in range(3)]
    article = ArticleFactory(body=body_with(images, embeds={}))
    plain = ArticleFactory(category=article.category)
    client.get("/")  # the chrome, cached for every page
    client.get(plain.get_absolute_url())
    with django_assert_num_queries(6):  # tests/articles/test_query_counts.py: an article page, warm
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(7):  # + the body's pictures, all in one
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="body-figure"') == 3


def test_a_picture_gone_from_the_library_leaves_nothing(client):
    image = ImageFactory()
    article = ArticleFactory(body=body_with([image], embeds={}))
    image.delete()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "body-figure" not in page and "Paragraph 0." in page


def test_the_api_gets_plain_figures_and_links(client, settings):
    image = ImageFactory(credit="Reuters")
    article = ArticleFactory(body=body_with([image]))
    body = client.get(reverse("api-v1:article_detail", args=[article.pk])).json()["body_html"]
    tree = lxml_html.fragment_fromstring(body, create_parent="div")
    img = tree.cssselect("figure img")[0]
    assert img.get("src").startswith(settings.SITE_URL) and img.get("alt") == image.alt_text
    assert "(Reuters)" in tree.cssselect("figure figcaption")[0].text
    assert {a.get("href") for a in tree.cssselect("a")} == set(EMBEDS.values())
    assert "data-embed" not in body and "data-image" not in body and "<button" not in body


def test_the_text_edition_names_pictures_and_links_embeds(client):
    image = ImageFactory(credit="Reuters")
    article = ArticleFactory(body=body_with([image]))
    url = reverse("textedition:article", args=[article.category.slug, article.slug])
    page = client.get(url).content.decode()
    assert f"[Picture: {image.alt_text}]" in page and "<img" not in page.split("<article>")[1]
    assert f'Post on X: <a href="{EMBEDS["x"]}">' in page
    assert "data-embed" not in page and "data-image" not in page


def test_feeds_never_show_a_placeholder(client):
    article = ArticleFactory(body=body_with([ImageFactory()]))
    feed = client.get(reverse("articles:section_feed", args=[article.category.slug, "rss"])).content.decode()
    assert article.headline in feed
    assert "data-embed" not in feed and "data-image" not in feed
