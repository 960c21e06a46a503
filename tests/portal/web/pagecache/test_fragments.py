"""Pages assembled from kept pieces (cards, an article's story) are the pages rendered afresh, after every change.

The page cache is off here, the pieces on (as with PAGE_CACHE_SECONDS=0 in
production): every test warms the newsroom's reader pages twice, so their
pieces are kept, commits one kind of change, and compares each page with
the same page rendered with no piece kept at all.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, BreakingBanner, Image, RelatedStory
from portal.models import MenuItem
from portal.web.pagecache import fragments, store
from tests.factories import ArticleFactory, CorrectionFactory
from tests.portal.web.pagecache import newsroom

pytestmark = pytest.mark.django_db

HTML_PAGES = ("home", "business", "banking", "tech", "story", "other", "tag oil", "tag chips", "author ann", "latest")


@pytest.fixture
def pieces(settings):
    settings.FRAGMENT_CACHE_ENTRIES = 5000
    settings.FRAGMENT_CACHE_SECONDS = 600
    return settings


@pytest.fixture
def room(db, pieces):
    return newsroom.build()


def page(client, url):
    response = client.get(url)
    assert response.status_code in (200, 301, 404), (url, response.status_code)
    html = response.content.decode()
    return response.status_code, response.get("Location"), re.sub(r' nonce="[^"]*"', "", html)


def fresh(url, settings):
    """The page rendered with nothing kept (a worker that just started)."""
    entries = settings.FRAGMENT_CACHE_ENTRIES
    settings.FRAGMENT_CACHE_ENTRIES = 0
    try:
        return page(Client(), url)
    finally:
        settings.FRAGMENT_CACHE_ENTRIES = entries


def publish_draft(room):
    draft = ArticleFactory(headline="Chip tariffs loom", category=room.tech, status="draft", tags=["Chips"])
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now()
    draft.save()


def rename(model, new_name, **lookup):
    item = model.objects.get(**lookup)
    item.name = new_name
    item.save()


CHANGES = {
    "story edited": lambda room: _save(room.story, headline="Banks brace for a cut", body="<p>A cut looks likely.</p>"),
    "story published": publish_draft,
    "story unpublished": lambda room: _save(room.other, status=Article.Status.UNPUBLISHED),
    "story moved": lambda room: _save(room.other, category=room.banking),
    "correction": lambda room: CorrectionFactory(article=room.story, text="An earlier version misstated the rate."),
    "tag added": lambda room: room.other.tags.add("Oil"),
    "tag renamed": lambda room: rename(Tag, "Crude oil", name="Oil"),
    "author renamed": lambda room: rename(type(room.other.authors.get()), "Robert Ray", name="Bob Ray"),
    "disclosure relabelled": lambda room: _relabel(room),
    "picture edited": lambda room: _alt_text(room),
    "section renamed": lambda room: _save(room.tech, name="Tech"),
    "menu item": lambda room: MenuItem.objects.create(menu=MenuItem.Menu.MAIN, label="Markets", url="https://x.test/"),
    "related picked": lambda room: RelatedStory.objects.create(article=room.story, related=room.other),
    "breaking banner": lambda room: BreakingBanner.objects.create(
        article=room.other, text="Tariffs take effect", expires_at=timezone.now() + timedelta(hours=1)
    ),
}


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _relabel(room):
    disclosure = room.story.disclosures.get()
    disclosure.label = "Paid partner"
    disclosure.save()


def _alt_text(room):
    image = Image.objects.get(pk=room.story.hero_image_id)
    image.alt_text = "Bank towers at dusk"
    image.caption = "The banking district at dusk"
    image.save()


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_each_change_the_assembled_page_is_the_page_rendered_afresh(
    change, room, client, settings, django_capture_on_commit_callbacks
):
    urls = {name: url for name, url in newsroom.pages(room).items() if name in HTML_PAGES}
    for _ in range(2):
        for url in urls.values():
            page(client, url)
    assert len(fragments._pieces) > 0
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](room)
    for name, url in urls.items():
        got, want = page(client, url), fresh(url, settings)
        assert got == want, f"{name} after {change}:\n{_debug_diff(got, want)}"


def test_a_kept_article_page_costs_one_query_and_declares_what_a_fresh_one_does(
    room, client, django_assert_num_queries
):
    url = room.story.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(1):  # the story's small row: is it still live, and where
        second = client.get(url)
    assert re.sub(rb' nonce="[^"]*"', b"", second.content) == re.sub(rb' nonce="[^"]*"', b"", first.content)
    assert set(second["Surrogate-Key"].split()) == set(first["Surrogate-Key"].split())
    assert second["Last-Modified"] == first["Last-Modified"]


def test_an_unpublished_story_is_gone_at_once_though_its_pieces_were_kept(
    room, client, django_capture_on_commit_callbacks
):
    url = room.other.get_absolute_url()
    client.get(url)
    client.get(url)
    # No announcement at all (a bulk update): the row says it is not live, so no piece is served.
    Article.objects.filter(pk=room.other.pk).update(status=Article.Status.UNPUBLISHED)
    assert client.get(url).status_code == 404


def test_staff_are_never_served_pieces(room, client, admin_user):
    url = room.story.get_absolute_url()
    client.get(url)
    client.get(url)
    Article.objects.filter(pk=room.story.pk).update(headline="Quietly changed")  # no announcement
    client.force_login(admin_user)
    assert "Quietly changed" in client.get(url).content.decode()


def test_a_piece_is_not_served_when_the_shared_cache_cannot_say_it_is_current(room, client, monkeypatch):
    url = room.story.get_absolute_url()
    client.get(url)
    store.forget(["unrelated"])  # the clock moves: the next reader's pieces must be checked again

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    before = dict(fragments._pieces)
    assert client.get(url).status_code == 200
    # Every piece was rendered again (the page is whole), none served unchecked.
    assert all(fragments._pieces.get(name) is not piece for name, piece in before.items())


def test_pieces_are_bounded(room, client, settings):
    settings.FRAGMENT_CACHE_ENTRIES = 3
    client.get("/")
    assert len(fragments._pieces) <= 3


def _debug_diff(a, b):
    import difflib

    return "\n".join(difflib.unified_diff(a[2].splitlines(), b[2].splitlines(), lineterm="", n=0))


def test_a_front_page_whose_cards_are_kept_costs_only_its_list_queries(room, client, django_assert_num_queries):
    client.get("/")  # the chrome's cached lists, the trending box, and every card kept
    with django_assert_num_queries(3):  # top stories, latest, the sections' newest: ids and versions only
        client.get("/")
    ArticleFactory(headline="Markets open higher", category=room.tech)  # uncommitted: purges nothing
    with django_assert_num_queries(4) as queries:  # + the full card rows, once, for the card not kept
        html = client.get("/").content.decode()
    assert "Markets open higher" in html
    assert "articles_image" in queries.captured_queries[-1]["sql"]


def test_a_story_deleted_between_its_list_and_its_card_is_left_out(room, client, monkeypatch):
    from articles import cards

    original = cards.CardBatch.article

    def deleted_meanwhile(batch, pk):
        if batch._full is None:
            Article.objects.filter(pk=room.other.pk).delete()
        return original(batch, pk)

    monkeypatch.setattr(cards.CardBatch, "article", deleted_meanwhile)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chip makers ramp up output" not in html and "Banks brace for the rate decision" in html
