"""For each kind of change, exactly the cached pages that show it are purged; the others stay cached.

Every test warms the same reader pages (`newsroom.pages`), commits one
change, and reads them again: the pages that come back as a MISS are the
purged ones.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Image
from newsletter.models import Issue, NewsletterList
from newsletter.services.delivery import issue_finish_if_done
from portal.models import MenuItem, Page
from portal.web.pagecache import store
from tests.factories import ArticleFactory, CorrectionFactory, DisclosureFactory
from tests.newsletter.factories import IssueFactory
from tests.portal.web.pagecache import newsroom

pytestmark = pytest.mark.django_db

HTML = {
    "home", "business", "banking", "tech", "story", "other", "tag oil", "tag chips", "author ann", "author bob",
    "latest", "tags", "about",
}  # fmt: skip
XML = {"site feed", "banking feed", "tech feed", "articles sitemap"}
LISTS = {"latest", "site feed", "articles sitemap", "tags"}  # every list across sections
RAILS = {"business", "banking", "tech", "story", "other"}  # section and article pages: their rail lists "Latest"


@pytest.fixture
def room(db, page_cache):
    return newsroom.build()


@pytest.fixture
def purged(client, room, django_capture_on_commit_callbacks):
    """purged(change) -> the names of the pages `change()` purged, once its transaction committed."""

    def run(change):
        urls = newsroom.pages(room)
        for name, url in urls.items():
            assert client.get(url)["X-Page-Cache"] == "MISS", name
        for name, url in urls.items():
            assert client.get(url)["X-Page-Cache"] == "HIT", name
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return {name for name, url in urls.items() if client.get(url).get("X-Page-Cache") != "HIT"}

    return run


def test_an_edit_of_a_live_article_purges_every_page_that_shows_it_and_no_other(purged, room):
    def edit():
        room.story.headline = "Banks brace for a rate cut"
        room.story.save()

    story_pages = {"home", "business", "banking", "story", "tag oil", "author ann", "banking feed"}
    assert purged(edit) == story_pages | LISTS | RAILS


def test_the_edit_is_what_the_next_reader_sees(client, room, page_cache, django_capture_on_commit_callbacks):
    for url in ("/", room.story.get_absolute_url(), room.banking.get_absolute_url()):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        room.story.headline = "Banks brace for a rate cut"
        room.story.save()
    for url in ("/", room.story.get_absolute_url(), room.banking.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Banks brace for a rate cut" in html and "rate decision" not in html, url


def test_publishing_purges_the_lists_it_enters(purged, room):
    draft = ArticleFactory(headline="Chip tariffs loom", category=room.tech, status="draft", tags=["Chips"])

    def publish():
        draft.status = Article.Status.PUBLISHED
        draft.publish_at = timezone.now()
        draft.save()

    # "other" shows "More from Technology"; tag and author pages of the new story's own tags.
    assert purged(publish) == {"home", "tech", "other", "tag chips", "tech feed"} | LISTS


def test_unpublishing_purges_the_pages_that_showed_it(purged, room):
    def unpublish():
        room.other.status = Article.Status.UNPUBLISHED
        room.other.save()

    assert purged(unpublish) == {"home", "tech", "other", "tag chips", "author bob", "tech feed"} | LISTS | RAILS


def test_a_draft_saved_again_purges_nothing_readers_see(purged, room):
    draft = ArticleFactory(headline="Quiet draft", category=room.tech, status="draft", tags=["Chips"])

    def save_draft():
        draft.body = "<p>Second thoughts.</p>"
        draft.save()
        draft.tags.add("Oil")

    assert purged(save_draft) == set()


def test_moving_a_story_to_another_section_purges_both(purged, room):
    def move():
        room.other.category = room.banking
        room.other.save()

    moved = {"home", "business", "banking", "tech", "story", "other", "tag chips", "author bob"}
    assert purged(move) == moved | {"banking feed", "tech feed"} | LISTS


def test_a_correction_purges_the_story_and_not_the_other_desk(purged, room):
    touched = purged(lambda: CorrectionFactory(article=room.story))
    assert "story" in touched
    # ("other" and "tech" list the story's headline in their rail's "Latest", so they are purged too.)
    assert touched.isdisjoint({"tag chips", "author bob", "tech feed", "about"})


def test_a_new_tag_on_a_live_story_purges_that_tag_page(purged, room):
    other_pages = {"home", "tech", "other", "tag chips", "author bob", "tech feed"}  # where its card is
    # ... and the story tagged Oil too: the other story may now be among its "Related".
    assert purged(lambda: room.other.tags.add("Oil")) == other_pages | {"tag oil", "story"} | LISTS | RAILS


def test_a_disclosure_change_purges_the_cards_that_carry_it(purged, room):
    def relabel():
        disclosure = DisclosureFactory()
        disclosure.label = "Paid partner"
        disclosure.save()

    labelled = {"home", "business", "banking", "story", "tag oil", "author ann", "banking feed"}
    assert purged(relabel) == labelled | LISTS


def test_a_tag_renamed_purges_its_page_and_its_stories_not_the_front_page(purged, room):
    def rename():
        tag = Tag.objects.get(name="Oil")
        tag.name = "Crude oil"
        tag.save()

    assert purged(rename) == {"tag oil", "story", "site feed", "banking feed", "tags"}


def test_an_author_renamed_purges_the_byline_pages_not_the_front_page(purged, room):
    def rename():
        author = room.other.authors.get()
        author.name = "Robert Ray"
        author.save()

    assert purged(rename) == {"author bob", "other", "site feed", "tech feed"}


def test_a_picture_edited_purges_the_pages_that_show_it(purged, room):
    def caption():
        image = Image.objects.get(pk=room.story.hero_image_id)
        image.alt_text = "Bank towers at dusk"
        image.save()

    assert purged(caption) == {
        "home",
        "business",
        "banking",
        "story",
        "tag oil",
        "author ann",
        "latest",
        "site feed",
        "banking feed",
    }


def test_a_section_renamed_purges_every_page_with_the_menu(purged, room):
    def rename():
        room.tech.name = "Tech"
        room.tech.save()

    assert purged(rename) == HTML | {"site feed", "tech feed", "articles sitemap"}  # not the banking feed


@pytest.mark.parametrize(
    "change",
    [
        lambda: MenuItem.objects.create(menu=MenuItem.Menu.MAIN, label="Markets", url="https://example.com/markets"),
        lambda: Page.objects.filter(slug="about-us").get().save(),
        lambda: NewsletterList.objects.create(slug="alerts", name="Breaking news alerts", is_default=True),
    ],
    ids=["menu item", "company page", "newsletter list"],
)
def test_the_chrome_purges_the_html_pages_not_the_feeds(purged, room, change):
    assert purged(change) == HTML


def test_an_import_run_purges_the_lists_its_stories_enter(purged, room, tmp_path):
    story = {
        "uri": "urn:newsportal:test:1",
        "type": "text",
        "headline": "Port volumes hit a record",
        "body_html": "<p>Container traffic rose.</p>",
        "firstcreated": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "subject": [{"name": "Chips"}],
    }
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story))
    touched = purged(lambda: call_command("import_ninjs", str(path), "--section", "technology", stdout=io.StringIO()))
    assert Article.objects.filter(headline="Port volumes hit a record").exists()
    assert {"home", "tech", "other", "tag chips"} | LISTS <= touched
    assert touched.isdisjoint({"story", "banking", "business", "tag oil", "author ann", "about"})


def test_a_purge_reaches_every_process_through_the_shared_cache(room, client, page_cache):
    """Another worker purges: this one holds no state of its own, so it sees it at once."""
    url = room.story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    store.forget({f"article-{room.story.pk}"})  # what another process's commit does
    assert client.get(url)["X-Page-Cache"] == "MISS"


def test_a_page_rendered_while_a_purge_went_out_is_never_served(room, client, page_cache, monkeypatch):
    """The race: a page is rendered from the old rows while an edit commits; it is stamped older than the purge."""
    from portal.web.pagecache import middleware

    url = room.story.get_absolute_url()
    real_store = middleware.store

    def store_after_a_purge(cache_key, entry, seconds):
        store.forget({f"article-{room.story.pk}"})  # the edit committed while this page was rendered
        real_store(cache_key, entry, seconds)

    monkeypatch.setattr(middleware, "store", store_after_a_purge)
    client.get(url)
    monkeypatch.setattr(middleware, "store", real_store)
    assert client.get(url)["X-Page-Cache"] == "MISS"
    assert client.get(url)["X-Page-Cache"] == "HIT"


def test_an_issue_sent_purges_the_newsletter_page(client, room, django_capture_on_commit_callbacks):
    issue = IssueFactory(status=Issue.Status.SENDING, prepared_at=timezone.now(), started_at=timezone.now())
    url = reverse("newsletter:index")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_finish_if_done(issue)  # an update(), which announces by hand
    response = client.get(url)
    assert response["X-Page-Cache"] == "MISS" and issue.subject in response.content.decode()
