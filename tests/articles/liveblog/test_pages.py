"""What a reader sees of a live blog: the stream under the story, key events, anchors, entry pages, the badge."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import LiveBlogEntry
from tests.articles.liveblog.conftest import add_entry
from tests.factories import ArticleFactory
from tests.html import parse_ok, text, texts

pytestmark = pytest.mark.django_db


def entry_ids(page):
    return [node.get("id") for node in page.cssselect("[data-liveblog-part=stream] article.live-entry")]


def test_the_stream_is_newest_first_with_the_pinned_entry_on_top_and_no_draft(client, live):
    page = parse_ok(client.get(live.article.get_absolute_url()))
    assert entry_ids(page) == [f"entry-{e.pk}" for e in (live.pinned, live.latest, live.decision, live.early)]
    html = text(page.cssselect(".liveblog")[0])
    assert "Not ready: a rumour" not in html
    assert "Pinned" in text(page.cssselect(f"#entry-{live.pinned.pk}")[0])
    assert texts(page.cssselect(".liveblog")[0], "h2") == ["Key events", "Live updates"]


def test_key_events_are_summarised_at_the_top_with_links_to_their_anchors(client, live):
    page = parse_ok(client.get(live.article.get_absolute_url()))
    links = page.cssselect(".liveblog__key-events a")
    assert [link.get("href") for link in links] == [f"#entry-{live.decision.pk}"]
    assert text(links[0]).endswith("Rates held")
    assert "Key event" in text(page.cssselect(f"#entry-{live.decision.pk}")[0])


def test_each_entry_has_an_anchor_and_a_shareable_address_that_works_without_javascript(client, live):
    page = parse_ok(client.get(live.article.get_absolute_url()))
    entry = page.cssselect(f"#entry-{live.early.pk}")[0]
    own = entry.cssselect("a.live-entry__time")[0].get("href")
    assert own == f"/finance/rate-decision-day/live/{live.early.pk}/"
    assert "By Priya Raman" in text(entry)
    shared = parse_ok(client.get(own))
    assert "Yields are little changed." in text(shared.cssselect(".live-entry")[0])
    back = shared.cssselect(".liveblog__follow a")[0].get("href")
    assert back == f"/finance/rate-decision-day/#entry-{live.early.pk}"
    assert shared.cssselect("link[rel=canonical]")[0].get("href").endswith(own)


def test_a_draft_entry_has_no_page_and_nonsense_addresses_are_404s(client, live):
    base = "/finance/rate-decision-day/live"
    assert client.get(f"{base}/{live.draft.pk}/").status_code == 404
    assert client.get(f"{base}/999999/").status_code == 404
    assert client.get(f"/business/rate-decision-day/live/{live.early.pk}/").status_code == 404
    assert client.get(f"{base}/?page=abc").status_code == 404
    plain = ArticleFactory(headline="Not a live blog", category=live.section)
    assert client.get(f"/finance/{plain.slug}/live/updates.json").status_code == 404


def test_stored_entry_html_is_sanitized(client, live):
    html = client.get(live.article.get_absolute_url()).content.decode()
    assert "Shares extend gains." in html and "alert(1)" not in html


def test_an_edit_of_a_published_entry_shows_updated_with_its_time(client, live):
    entry = LiveBlogEntry.objects.get(pk=live.early.pk)
    entry.body = "<p>Yields are little changed, traders say.</p>"
    entry.save()
    entry.refresh_from_db()
    assert entry.updated_at is not None
    node = parse_ok(client.get(live.article.get_absolute_url())).cssselect(f"#entry-{entry.pk}")[0]
    stamp = timezone.localtime(entry.updated_at).strftime("%H:%M")
    assert f"Updated {stamp}" in text(node)
    # Saving without a change of text (a flag ticked) is not an update readers are told about.
    latest = LiveBlogEntry.objects.get(pk=live.latest.pk)
    latest.is_key_event = True
    latest.save()
    latest.refresh_from_db()
    assert latest.updated_at is None


def test_publishing_a_draft_times_it_then(client, live):
    draft = LiveBlogEntry.objects.get(pk=live.draft.pk)
    assert draft.published_at is None
    draft.status = LiveBlogEntry.Status.PUBLISHED
    draft.save()
    assert timezone.now() - draft.published_at < timedelta(seconds=5)
    assert entry_ids(parse_ok(client.get(live.article.get_absolute_url())))[1] == f"entry-{draft.pk}"


def test_an_open_live_blog_carries_its_badge_poll_address_and_script(client, live, settings):
    settings.LIVEBLOG_POLL_SECONDS = 17
    page = parse_ok(client.get(live.article.get_absolute_url()))
    root = page.cssselect("[data-liveblog]")[0]
    assert root.get("data-poll-url") == "/finance/rate-decision-day/live/updates.json"
    assert root.get("data-poll-seconds") == "17"
    assert page.cssselect("script[src$='js/liveblog.js']")
    assert texts(page, ".story__header .live-badge") == ["Live"]


def test_a_closed_live_blog_says_when_it_ended_and_neither_polls_nor_wears_the_badge(client, live):
    ended = timezone.now() - timedelta(minutes=5)
    live.article.liveblog.ended_at = ended
    live.article.liveblog.save()
    page = parse_ok(client.get(live.article.get_absolute_url()))
    state = text(page.cssselect(".liveblog__state")[0])
    assert state.startswith("This live blog has ended")
    assert timezone.localtime(ended).strftime("%H:%M") in state
    assert not page.cssselect("[data-poll-url]") and not page.cssselect("script[src$='js/liveblog.js']")
    assert not page.cssselect(".live-badge")
    assert entry_ids(page)  # the entries stay


def test_cards_wear_the_live_badge_while_open(client, live):
    ArticleFactory(headline="An ordinary story", category=live.section)
    page = parse_ok(client.get(live.section.get_absolute_url()))
    titles = {text(node) for node in page.cssselect(".card__title")}
    assert "Live Rate decision day: live" in titles and "An ordinary story" in titles
    live.article.liveblog.ended_at = timezone.now()
    live.article.liveblog.save()
    page = parse_ok(client.get(live.section.get_absolute_url()))
    assert not page.cssselect(".live-badge")


def test_a_live_blog_set_to_close_later_is_kept_only_until_then(client, live, page_cache):
    live.article.liveblog.ended_at = timezone.now() + timedelta(seconds=90)
    live.article.liveblog.save()
    response = client.get(live.article.get_absolute_url())
    assert "s-maxage=" in response["Cache-Control"]
    seconds = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < seconds <= 90


def test_older_entries_are_on_the_all_updates_pages(client, live, settings):
    settings.LIVEBLOG_PAGE_ENTRIES = 2
    page = parse_ok(client.get(live.article.get_absolute_url()))
    assert entry_ids(page) == [f"entry-{e.pk}" for e in (live.pinned, live.latest, live.decision)]
    archive = page.cssselect(".liveblog__older a")[0].get("href")
    assert archive == reverse("liveblog:archive", kwargs={"section": "finance", "slug": "rate-decision-day"})
    everything = parse_ok(client.get(archive))
    assert len(everything.cssselect(".live-entry")) == 4  # newest first, pinned in its place, no draft


def test_a_key_event_beyond_the_page_links_to_its_own_page(client, live, settings):
    settings.LIVEBLOG_PAGE_ENTRIES = 1
    page = parse_ok(client.get(live.article.get_absolute_url()))
    href = page.cssselect(".liveblog__key-events a")[0].get("href")
    assert href == live.decision.get_absolute_url()


def test_an_article_that_is_not_a_live_blog_shows_none_of_it(client, live):
    plain = ArticleFactory(headline="Not a live blog", category=live.section)
    page = parse_ok(client.get(plain.get_absolute_url()))
    assert not page.cssselect(".liveblog") and not page.cssselect(".story__header .live-badge")


def test_entries_of_an_unpublished_live_blog_are_not_shown(client, live):
    live.article.status = "unpublished"
    live.article.save()
    assert client.get(live.latest.get_absolute_url()).status_code == 404
    archive = reverse("liveblog:archive", kwargs={"section": "finance", "slug": "rate-decision-day"})
    assert client.get(archive).status_code == 404


def test_query_counts_do_not_grow_with_the_entries(client, live, django_assert_num_queries):
    """Article page: as any article (4, and 1 ranking related stories, none found) + 1 for the stream; entry page 2;
    archive 3 (page count); warm chrome."""
    client.get("/")  # warms the chrome's cached lists
    urls = {
        "article": (live.article.get_absolute_url(), 6),
        "entry": (live.early.get_absolute_url(), 2),
        "archive": (reverse("liveblog:archive", kwargs={"section": "finance", "slug": "rate-decision-day"}), 3),
        "updates": (reverse("liveblog:updates", kwargs={"section": "finance", "slug": "rate-decision-day"}), 2),
    }
    for n in range(30):
        add_entry(live.article, 100 - n, f"<p>Update {n}.</p>", author=live.reporter, is_key_event=n % 10 == 0)
    for name, (url, expected) in urls.items():
        client.get(url)  # the trending box's cached list
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, name
    cache.clear()
