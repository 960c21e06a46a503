"""One way to announce "content changed": whoever changes content, every cache that shows it forgets it."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Category
from articles.selectors import NAVIGATION_CACHE_KEY, navigation_sections
from newsletter.models import NewsletterList
from newsletter.services.lists import LISTS_CACHE_KEY, signup_lists
from portal.models import MenuItem, Page
from portal.selectors import CHROME_CACHE_KEY, site_chrome
from portal.web import changes
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The key sets announced while the test runs, in order."""
    seen = []

    def listen(sender, keys, **kwargs):
        seen.append(keys)

    changes.content_changed.connect(listen, weak=False, dispatch_uid="tests.heard")
    yield seen
    changes.content_changed.disconnect(dispatch_uid="tests.heard")


def test_a_change_is_announced_only_when_its_transaction_commits(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        section = CategoryFactory(name="Banking", slug="banking")
    assert heard == []  # not yet: the transaction has not committed
    for callback in callbacks:
        callback()
    assert {f"section-{section.pk}", changes.SECTIONS, changes.HOME} <= set().union(*heard)


def test_an_article_announces_itself_its_section_and_its_tags_change(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(tags=["Oil"])
    keys = set().union(*heard)
    assert {f"article-{article.pk}", f"section-{article.category_id}", changes.HOME, changes.LISTINGS} <= keys
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add("Gas")  # many-to-many, saved after the row
    assert f"article-{article.pk}" in set().union(*heard)


def test_a_section_renamed_in_the_shell_reaches_the_menus_at_once(django_capture_on_commit_callbacks):
    section = CategoryFactory(name="Banking", slug="banking")
    MenuItem.objects.create(menu=MenuItem.Menu.MAIN, label="Desk", section=section)
    navigation_sections(), site_chrome()  # both cached
    with django_capture_on_commit_callbacks(execute=True):
        section.name = "Banks"
        section.save()
    assert cache.get(NAVIGATION_CACHE_KEY) is None and cache.get(CHROME_CACHE_KEY) is None


def test_a_page_saved_outside_the_admin_forgets_the_chrome(django_capture_on_commit_callbacks):
    page = Page.objects.create(slug="about-us", title="About us", summary="Who we are", body="<p>Hello</p>")
    site_chrome()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "About"
        page.save()
    assert cache.get(CHROME_CACHE_KEY) is None


def test_a_newsletter_list_forgets_the_signup_boxes(django_capture_on_commit_callbacks):
    signup_lists()
    assert cache.get(LISTS_CACHE_KEY) is not None
    with django_capture_on_commit_callbacks(execute=True):
        NewsletterList.objects.create(slug="alerts", name="Alerts")
    assert cache.get(LISTS_CACHE_KEY) is None


def test_a_rolled_back_change_announces_nothing(heard):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        CategoryFactory(name="Ghost", slug="ghost")
        raise RuntimeError
    assert heard == []


def test_a_cache_that_fails_does_not_fail_the_save(caplog, django_capture_on_commit_callbacks):
    def broken():
        raise ConnectionError("cache unreachable")

    changes.subscribe({changes.SECTIONS}, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            CategoryFactory(name="Banking", slug="banking")
    finally:
        changes.content_changed.disconnect(dispatch_uid=f"changes.{broken.__module__}.{broken.__qualname__}")
    assert Category.objects.filter(slug="banking").exists()
    assert "could not forget" in caplog.text


def test_seeders_announce_through_the_same_mechanism(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_pages", stdout=io.StringIO())
    assert changes.CHROME in set().union(*heard)


def test_whole_page_caches_hear_a_change_after_the_caches_of_data(django_capture_on_commit_callbacks):
    order = []

    def data_forget():
        order.append("data")

    def pages_forget(keys):
        order.append(("pages", keys))

    changes.subscribe({"probe-key"}, data_forget)
    changes.subscribe(changes.everything, pages_forget, signal=changes.pages_changed)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            changes.announce("probe-key")
    finally:
        for signal, forget in ((changes.content_changed, data_forget), (changes.pages_changed, pages_forget)):
            signal.disconnect(dispatch_uid=f"changes.{forget.__module__}.{forget.__qualname__}")
    assert order == ["data", ("pages", frozenset({"probe-key"}))]


def test_a_watcher_with_before_hears_what_changed(heard, django_capture_on_commit_callbacks):
    article = ArticleFactory(status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        article.summary = "Still a draft."
        article.save()
    assert set().union(*heard) == {f"article-{article.pk}"}  # a draft touches no list readers see
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.status = "published"
        article.save()
    assert {changes.HOME, changes.LISTINGS, f"list-section-{article.category_id}"} <= set().union(*heard)


def test_clearing_a_many_to_many_names_the_rows_it_removed(heard, django_capture_on_commit_callbacks):
    article = ArticleFactory(tags=["Oil", "Gas"])
    tag_ids = set(article.tags.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.clear()
    assert {f"list-tag-{pk}" for pk in tag_ids} <= set().union(*heard)
