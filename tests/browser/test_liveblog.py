"""A live blog in a real browser: an editor files an entry from the story's admin page while a reader has
the live blog open; within the polling interval the reader's page says "1 new update" (the text does not
move), and the button shows it. The readers' polls come from the page cache: no database query. Without
JavaScript each entry is an anchor with its own page. The pages pass axe and the Nu checker at 1280 and 390 px."""

import re
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from articles.models import LiveBlog, LiveBlogEntry
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

PASSWORD = "pw-for-tests-only"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
POLL_SECONDS = 1


@pytest.fixture
def live(transactional_db, settings):
    from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory

    settings.PAGE_CACHE_SECONDS = 300  # the readers' polls are answered by the page cache, as in production
    settings.SHARED_CACHE_SECONDS = 300
    settings.LIVEBLOG_POLL_SECONDS = POLL_SECONDS
    section = CategoryFactory(name="Finance", slug="finance", navigation_order=1)
    reporter = AuthorFactory(name="Priya Raman", slug="priya-raman")
    article = ArticleFactory(
        headline="Rate decision day: markets react",
        slug="rate-decision-day",
        category=section,
        authors=[reporter],
        hero_image=ImageFactory(alt_text="The central bank's headquarters"),
        publish_at=timezone.now() - timedelta(hours=2),
    )
    LiveBlog.objects.create(article=article, started_at=article.publish_at)
    now = timezone.now()
    rows = [
        (100, "What to expect", "<p>Economists expect no change today.</p>", False, True),
        (80, "Rates held at 4.25%", "<p>Seven members voted to hold, two for a cut.</p>", True, False),
        (60, "", "<p>Two-year yields fall eight basis points.</p>", False, False),
        (40, "Governor: cuts likely this year", "<p>The governor would not be drawn on timing.</p>", True, False),
    ]
    for minutes, title, body, key, pinned in rows:
        LiveBlogEntry.objects.create(
            article=article, title=title, body=body, author=reporter, is_key_event=key, is_pinned=pinned,
            published_at=now - timedelta(minutes=minutes),
        )  # fmt: skip
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("desk", "desk@example.com", PASSWORD)
    return article


@contextmanager
def queries_anywhere():
    """Every SQL statement any thread runs meanwhile (the live server's too, whatever the database)."""
    statements = []
    original = CursorWrapper._execute

    def counted(self, sql, *args, **kwargs):
        statements.append(sql)
        return original(self, sql, *args, **kwargs)

    CursorWrapper._execute = counted
    try:
        yield statements
    finally:
        CursorWrapper._execute = original


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_an_editors_new_entry_reaches_the_open_page_of_a_reader_as_one_new_update(open_context, console, live):
    url = live.get_absolute_url()
    reader = open_context().new_page()
    polls = []
    reader.on("response", lambda r: polls.append(r) if "/live/updates.json" in r.url else None)
    reader.goto(url)
    entries = reader.locator("[data-liveblog-part=stream] article.live-entry")
    expect(entries).to_have_count(4)
    expect(reader.locator("[data-liveblog-reload]")).to_be_visible()  # the no-JS hint, until the script swaps parts

    # Every reader's poll is the one cached answer: after the first, not a single query, in any thread.
    deadline = time.monotonic() + 10
    while len(polls) < 2 and time.monotonic() < deadline:
        reader.wait_for_timeout(200)
    with queries_anywhere() as queries:
        count = len(polls)
        deadline = time.monotonic() + 10
        while len(polls) < count + 3 and time.monotonic() < deadline:
            reader.wait_for_timeout(200)
    assert len(polls) >= count + 3, "the page stopped polling"
    assert queries == []
    assert all(r.headers.get("x-page-cache") == "HIT" for r in polls[count:])

    desk = open_context().new_page()
    log_in(desk)
    desk.goto(f"/admin/articles/article/{live.pk}/change/")
    new = desk.locator(".liveblog-entries .inline-related:not(.has_original):not(.empty-form)").first
    new.get_by_label("Title").fill("Surprise statement from the finance ministry")
    editor = new.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    editor.click()
    desk.keyboard.type("The ministry welcomed the decision and promised tax relief for first-time buyers.")
    new.get_by_label("Key event").check()
    desk.get_by_role("button", name="Save changes").first.click()
    expect(desk.locator(".messagelist .success")).to_contain_text("Saved")
    filed = time.monotonic()

    # Within the polling interval (and a little for the request), the reader is told; nothing moved yet.
    notice = reader.get_by_role("button", name="1 new update")
    expect(notice).to_be_visible(timeout=(POLL_SECONDS + 4) * 1000)
    assert time.monotonic() - filed < POLL_SECONDS + 4
    expect(entries).to_have_count(4)
    notice.click()
    expect(entries).to_have_count(5)
    newest = entries.nth(1)  # under the pinned entry
    expect(newest).to_contain_text("Surprise statement from the finance ministry")
    expect(newest).to_be_focused()
    expect(reader.locator(".liveblog__key-events li")).to_have_count(3)
    expect(reader.get_by_role("button", name=re.compile("new update"))).to_have_count(0)
    console.assert_clean()


def test_without_javascript_each_entry_is_an_anchor_with_its_own_page(open_context, live):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(live.get_absolute_url())
    entry = LiveBlogEntry.objects.get(title="Rates held at 4.25%")
    page.locator(".liveblog__key-events").get_by_role("link", name=re.compile("Rates held")).click()
    page.wait_for_url(f"**#entry-{entry.pk}")
    expect(page.locator(f"#entry-{entry.pk}")).to_be_in_viewport()
    page.locator(f"#entry-{entry.pk}").get_by_role("link", name=re.compile("^Link to this update")).click()
    page.wait_for_url(f"**{entry.get_absolute_url()}")
    expect(page.locator(".live-entry")).to_contain_text("Seven members voted to hold")
    page.get_by_role("link", name="See this update in the live blog").click()
    page.wait_for_url(f"**#entry-{entry.pk}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_live_blog_pages_have_no_serious_axe_violations(open_context, live, viewport):
    entry = LiveBlogEntry.objects.filter(is_key_event=True).first()
    urls = {"live blog": live.get_absolute_url(), "entry": entry.get_absolute_url(),
            "all updates": f"{live.get_absolute_url()}live/", "section": "/finance/"}  # fmt: skip
    page = open_context(viewport=viewport, bypass_csp=True).new_page()
    for name, url in urls.items():
        page.goto(url)
        violations = serious_axe_violations(page)
        assert not violations, axe_report(f"{name} at {viewport['width']} px", violations)


def test_live_blog_pages_are_valid_html(browser_tools, client, live, tmp_path, settings):
    settings.PAGE_CACHE_SECONDS = 0
    entry = LiveBlogEntry.objects.filter(is_key_event=True).first()
    urls = {"live_blog": live.get_absolute_url(), "entry": entry.get_absolute_url(),
            "archive": f"{live.get_absolute_url()}live/"}  # fmt: skip
    documents = {name: client.get(url).content for name, url in urls.items()}
    assert_valid_html(documents, tmp_path)
