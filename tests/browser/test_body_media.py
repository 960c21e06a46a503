"""Pictures and embeds in the body, in a real browser: the editor's Picture and Embed buttons (with the
refusal of an unknown address), and what a reader's browser loads before and after "Load … content"."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

from articles.models import Article
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.browser.test_editor_journey import PASSWORD, log_in
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory

POST = "https://x.com/Reuters/status/1790000000000000000"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def outside_requests(context, live_server):
    """Every request the browser makes off the live server; provider frames get a stand-in page."""
    seen = []
    own = urlsplit(live_server.url).netloc

    def handle(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>stand-in</title><p>post</p>")

    context.route(lambda url: urlsplit(url).netloc not in ("", own), handle)
    return seen


def test_the_editor_adds_a_picture_and_an_embed_to_the_body(open_context, console, screenshot, django_user_model):
    CategoryFactory(name="Business", slug="business")
    ImageFactory(alt_text="Traders at the dealing floor", caption="The floor at noon", credit="Reuters/Jane Doe")
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    article = ArticleFactory(headline="Banks rally", body="<p>Bank shares rose.</p>", status=Article.Status.DRAFT)
    page = open_context().new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    editor.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    page.get_by_role("button", name="Embed a video, post or chart by its address").click()
    address = page.get_by_label(re.compile("^Embed address"))
    address.fill("https://evil.example/embed.js")
    address.press("Enter")
    expect(page.locator(".body-media__status")).to_contain_text("not one we can embed")  # refused, with the reason
    address.fill(POST)
    address.press("Enter")
    expect(editor.locator(".body-media__node--embed")).to_contain_text("Embed (x): " + POST)

    page.get_by_role("button", name="Insert a picture from the library").click()
    page.get_by_label("Caption here (blank: the library's caption)").fill("Dealers at work")
    search = page.locator("#body-picture-q")
    search.press_sequentially("dealing", delay=20)
    expect(page.locator(".body-media .image-chooser__pick")).to_have_count(1)
    screenshot(page, "body-media-picture-panel")
    search.press("Enter")  # the first match
    expect(editor.locator(".body-media__node--figure img")).to_be_visible()
    expect(editor.locator(".body-media__node--figure")).to_contain_text("Dealers at work")
    screenshot(page, "body-media-editor")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("Saved")
    article.refresh_from_db()
    assert f'<div data-embed="x" data-url="{POST}"></div>' in article.body
    assert re.search(r'<figure data-image="\d+" data-caption="Dealers at work"></figure>', article.body)
    console.assert_clean()


def test_a_reader_loads_a_providers_content_only_on_request(open_context, console, screenshot, live_server):
    image = ImageFactory(caption="The floor at noon", credit="Reuters/Jane Doe")
    body = (
        f'<p>Bank shares rose.</p><figure data-image="{image.pk}"></figure>'
        f'<div data-embed="x" data-url="{POST}"></div><div data-embed="youtube" data-url="{VIDEO}"></div>'
    )
    article = ArticleFactory(body=body)
    context = open_context()
    outside = outside_requests(context, live_server)
    page = context.new_page()
    page.goto(article.get_absolute_url())
    figure = page.locator(".story__body figure.body-figure")
    expect(figure.locator("figcaption .credit")).to_have_text("Reuters/Jane Doe")
    page.wait_for_load_state("networkidle")
    assert outside == []  # nothing from X or YouTube before the reader asks
    assert page.locator("iframe").count() == 0
    screenshot(page, "body-media-reader-before")
    load = page.get_by_role("button", name="Load X content")
    load.click()
    frame = page.locator("iframe.body-embed__frame")
    expect(frame).to_have_attribute("src", re.compile(r"^https://platform\.twitter\.com/embed/Tweet\.html\?id=1790"))
    expect(page.frame_locator("iframe.body-embed__frame").locator("p")).to_have_text("post")  # the CSP allowed it
    assert [urlsplit(u).netloc for u in outside] == ["platform.twitter.com"]
    play = page.get_by_role("button", name=re.compile("^Play video from YouTube"))
    play.scroll_into_view_if_needed()  # the post's frame above has just grown: let the page settle under the pointer
    play.click()
    expect(page.locator("iframe.video__player")).to_have_attribute("src", re.compile("youtube-nocookie.com/embed/"))
    screenshot(page, "body-media-reader-after")
    console.assert_clean()


def test_without_javascript_the_reader_gets_the_links(open_context, console):
    article = ArticleFactory(body=f'<p>Text.</p><div data-embed="x" data-url="{POST}"></div>')
    page = open_context(java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())
    link = page.get_by_role("link", name="View it on X")
    expect(link).to_have_attribute("href", POST)
    expect(page.get_by_role("button", name="Load X content")).to_be_hidden()
    console.assert_clean()


def test_a_story_with_pictures_and_embeds_passes_axe_and_the_nu_checker(open_context, console, client, tmp_path):
    image = ImageFactory(caption="The floor at noon", credit="Reuters/Jane Doe")
    body = (
        f'<p>Text.</p><figure data-image="{image.pk}"></figure><div data-embed="x" data-url="{POST}"></div>'
        f'<div data-embed="youtube" data-url="{VIDEO}"></div>'
        '<div data-embed="datawrapper" data-url="https://datawrapper.dwcdn.net/AbC12/3/"></div>'
    )
    article = ArticleFactory(body=body)
    page = open_context(bypass_csp=True).new_page()
    page.goto(article.get_absolute_url())
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report("a story with body media", blocking)
    assert_valid_html({"body-media": client.get(article.get_absolute_url()).content}, tmp_path)
    console.assert_clean()
