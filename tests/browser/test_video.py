"""Video stories in a real browser: the click-to-load embed contacts no video
site before the reader presses play (network requests recorded), then shows
the privacy-enhanced player (the provider is stubbed, never the real one);
the button works from the keyboard; without JavaScript it is a link to the
provider; the pages pass axe and the Nu checker at desktop and phone widths."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.articles.video.files import WEBM_HEAD
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PROVIDER = re.compile(r"youtube|youtu\.be|ytimg|googlevideo|ggpht|vimeo|vimeocdn", re.I)
PLAYERS = re.compile(r"^https://(www\.youtube-nocookie\.com|player\.vimeo\.com)/")
STUB_PLAYER = (
    "<!DOCTYPE html><html lang=en><title>Stub player</title>"
    "<body style='background:#333;color:#fff'><p>The provider's player would play here.</p>"
)
EMBED = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"


@pytest.fixture
def stories(transactional_db):
    from articles.models import ArticleVideo
    from tests.factories import ArticleFactory, ArticleVideoFactory, CategoryFactory, ImageFactory

    videos = CategoryFactory(name="Videos", slug="videos", collects_videos=True, navigation_order=1)
    business = CategoryFactory(name="Business", slug="business", navigation_order=2)
    body = "".join(f"<p>Paragraph {n} of the story behind the video, for readers who read.</p>" for n in range(6))
    embed = ArticleFactory(
        headline="The week in markets, explained",
        slug="week-in-markets",
        category=videos,
        body=body,
        summary="Our markets editor explains the week's moves in bonds, shares and currencies.",
        hero_image=ImageFactory(alt_text="A chart of the week's markets"),
    )
    ArticleVideoFactory(
        article=embed,
        poster=ImageFactory(alt_text="Our markets editor in front of a chart"),
        transcript="<p>Hello, and welcome to the week in markets.</p>",
    )
    upload = ArticleFactory(headline="Inside a trading floor", slug="inside-a-trading-floor", category=business)
    item = ArticleVideo(
        article=upload,
        file=SimpleUploadedFile("floor.webm", WEBM_HEAD + b"\x00" * 100),
        poster=ImageFactory(alt_text="Traders at their desks"),
        duration=95,
        caption="A morning on the floor.",
        credit="Newsportal Video",
    )
    item.full_clean()
    item.save()
    ArticleFactory(headline="A plain story in Videos", category=videos)
    return {"embed": embed, "upload": upload, "videos": videos}


def recorder(context):
    """Record every request of the context; stub the players; refuse any other provider host."""
    seen = []
    context.on("request", lambda request: seen.append(request.url))

    def provider(route):
        if PLAYERS.match(route.request.url):
            route.fulfill(status=200, content_type="text/html", body=STUB_PLAYER)
        else:
            route.abort()

    context.route(PROVIDER, provider)
    return seen


def provider_requests(seen):
    """The recorded requests that went to a video site's host."""
    return [url for url in seen if PROVIDER.search(urlsplit(url).hostname or "")]


def provider_requests_after_play(page, seen, timeout=5.0):
    """The provider requests once the player's request has been recorded (it follows the src change)."""
    deadline = time.monotonic() + timeout
    while not provider_requests(seen) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return provider_requests(seen)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nothing_loads_from_the_video_site_until_the_reader_presses_play(
    open_context, console, stories, screenshot, viewport
):
    context = open_context(viewport=viewport)
    seen = recorder(context)
    page = context.new_page()
    page.goto(stories["embed"].get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert seen, "the recorder saw nothing"
    assert not provider_requests(seen), provider_requests(seen)
    assert not page.locator("iframe").count()

    button = page.get_by_role("button", name="Play video: The week in markets, explained, 3:25")
    expect(button).to_be_visible()
    expect(button).to_contain_text("Play video")
    expect(page.locator(".video__poster")).to_have_attribute("src", re.compile(r"^/media/renditions/"))
    name = "desktop" if viewport is DESKTOP else "phone"
    screenshot(page, f"video-story-{name}")
    assert not provider_requests(seen)

    button.click()
    frame = page.locator("figure.story__video iframe")
    expect(frame).to_have_attribute("src", EMBED)
    expect(frame).to_have_attribute("title", "Video: The week in markets, explained")
    expect(frame).to_have_attribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture")
    expect(frame).to_have_attribute("allowfullscreen", "")
    expect(page.frame_locator("figure.story__video iframe").locator("p")).to_contain_text("provider's player")
    assert provider_requests(seen) == [EMBED]  # the player only, and only after the click
    assert not page.locator(".video__duration").count()  # the player shows its own time
    screenshot(page, f"video-story-playing-{name}")
    console.assert_clean()  # no CSP complaint: frame-src allows the player


def test_the_play_button_works_from_the_keyboard(open_context, console, stories):
    context = open_context(viewport=DESKTOP)
    seen = recorder(context)
    page = context.new_page()
    page.goto(stories["embed"].get_absolute_url())
    # Tab from the last link before the video (the tag list follows it in the DOM, so walk from the headline).
    page.locator(".story__headline").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('video__play')"):
            break
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    expect(page.locator("figure.story__video iframe")).to_have_attribute("src", EMBED)
    expect(page.locator("figure.story__video iframe")).to_be_focused()
    assert provider_requests_after_play(page, seen) == [EMBED]
    console.assert_clean()


def test_without_javascript_the_poster_links_to_the_video_site(open_context, stories):
    context = open_context(viewport=PHONE, java_script_enabled=False)
    seen = recorder(context)
    page = context.new_page()
    page.goto(stories["embed"].get_absolute_url())
    link = page.get_by_role("link", name="Watch on YouTube: The week in markets, explained, 3:25")
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    expect(link).to_contain_text("Watch on YouTube")
    assert not page.locator("iframe").count()
    assert not provider_requests(seen)


def test_an_uploaded_video_waits_for_play_too(open_context, console, stories, screenshot):
    context = open_context(viewport=DESKTOP)
    seen = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    page.goto(stories["upload"].get_absolute_url())
    page.wait_for_load_state("networkidle")
    player = page.locator("figure.story__video video")
    expect(player).to_have_attribute("preload", "none")
    assert not [url for url in seen if url.endswith(".webm")]  # the file only when played
    screenshot(page, "video-upload-desktop")
    console.assert_clean()


PAGES = {
    "embed-story": lambda s: s["embed"].get_absolute_url(),
    "upload-story": lambda s: s["upload"].get_absolute_url(),
    "videos-section": lambda s: s["videos"].get_absolute_url(),
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_video_pages_have_no_serious_axe_violations(name, viewport, open_context, console, stories, screenshot):
    context = open_context(viewport=viewport, bypass_csp=True)
    recorder(context)
    page = context.new_page()
    assert page.goto(PAGES[name](stories)).status == 200
    if name == "videos-section":
        screenshot(page, f"video-section-{'desktop' if viewport is DESKTOP else 'phone'}")
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"{name} at {viewport['width']}px", blocking)
    console.assert_clean()


def test_video_pages_are_valid_html(browser_tools, client, stories, tmp_path):
    documents = {}
    for name, url in PAGES.items():
        response = client.get(url(stories))
        assert response.status_code == 200, name
        documents[name] = response.content
    documents["home-with-video-cards"] = client.get("/").content
    assert_valid_html(documents, tmp_path)
