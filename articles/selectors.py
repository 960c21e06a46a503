"""Read-only queries of the newsroom that every page needs, cached: the menu's sections, the release schedule."""

import time
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import IntegerField, Value
from django.utils import timezone

from articles.breaking.selectors import RELEASE_KIND, banner_moments
from articles.models import Article, Category, MagazineIssue, ResearchReport, TaggedArticle

NAVIGATION_CACHE_KEY = "articles:navigation:v2"
RELEASES_CACHE_KEY = "articles:releases:v1"


class NavSection(NamedTuple):
    """A menu entry: enough to link a section and to query its stories."""

    id: int
    name: str
    slug: str
    url: str
    colour: str = ""  # a default, so a menu cached before the field unpickles


def navigation_sections():
    """The sections in the main menu, cached: the chrome of every page costs no query."""
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = [
            NavSection(c.pk, c.name, c.slug, c.get_absolute_url(), c.colour) for c in Category.objects.in_navigation()
        ]
        cache.set(NAVIGATION_CACHE_KEY, sections, settings.NAVIGATION_CACHE_SECONDS)
    return sections


def navigation_forget():
    """Forget the cached menu; called when a change announces `sections` (see `articles.changes`)."""
    cache.delete(NAVIGATION_CACHE_KEY)


# --- The release schedule -------------------------------------------------
# A scheduled story goes live at its time with no save, so nothing announces
# it. Instead, every cached page (and its s-maxage) is kept at most until the
# next release that would change it: the pages whose keys meet the keys the
# release will touch (its section, tags, authors, home, the lists; the
# chrome for a magazine issue, whose newest issues are in the menu).


def release_horizon():
    """Seconds ahead that matter: no page is kept longer than the longest of the cache lifetimes."""
    return max(settings.PAGE_CACHE_SECONDS, settings.SHARED_CACHE_SECONDS, settings.PUBLIC_CACHE_SECONDS, 60)


def release_schedule():
    """[(unix time, frozenset of keys)], soonest first: what goes live without a save, within twice the horizon.

    One query when nothing is scheduled that soon (three when something
    is); cached until the first release or half the horizon, and forgotten
    when anything scheduled changes (`schedule` key, `articles.changes`).
    """
    releases = cache.get(RELEASES_CACHE_KEY)
    if releases is None:
        horizon = release_horizon()
        releases = release_schedule_build(timezone.now() + timedelta(seconds=2 * horizon))
        lifetime = horizon / 2
        if releases:
            lifetime = min(lifetime, releases[0][0] - time.time())
        cache.set(RELEASES_CACHE_KEY, releases, max(1, int(lifetime)))
    return releases


def release_schedule_build(until):
    """The releases up to `until`, read in one query (plus tags and bylines of scheduled stories).

    A breaking banner's moments (it starts, expires, its story goes live or
    expires) ride in the same query and touch the chrome.
    """
    none = Value(None, output_field=IntegerField())
    # Unordered parts (a compound statement allows no ORDER BY inside); sorted below.
    articles = Article.objects.scheduled().filter(publish_at__lte=until).order_by()
    rows = (
        articles.annotate(kind=Value(0, output_field=IntegerField()))
        .values_list("kind", "pk", "publish_at", "category_id", "category__parent_id")
        .union(
            MagazineIssue.objects.scheduled()
            .filter(publish_at__lte=until)
            .order_by()
            .annotate(kind=Value(1, output_field=IntegerField()), section=none, parent=none)
            .values_list("kind", "pk", "publish_at", "section", "parent"),
            ResearchReport.objects.scheduled()
            .filter(publish_at__lte=until)
            .order_by()
            .annotate(kind=Value(2, output_field=IntegerField()), parent=none)
            .values_list("kind", "pk", "publish_at", "section_id", "parent"),
            *banner_moments(timezone.now(), until),
            all=True,
        )
    )
    rows = list(rows)
    article_ids = [pk for kind, pk, *_ in rows if kind == 0]
    extra = {pk: set() for pk in article_ids}
    if article_ids:
        tagged = TaggedArticle.objects.filter(content_object_id__in=article_ids).values_list(
            "content_object_id", "tag_id"
        )
        for article_id, tag_id in tagged:
            extra[article_id].add(f"list-tag-{tag_id}")
        bylines = Article.authors.through.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "author_id"
        )
        for article_id, author_id in bylines:
            extra[article_id].add(f"list-author-{author_id}")
    releases = []
    for kind, pk, when, section, parent in rows:
        if kind == 0:
            keys = {f"article-{pk}", f"list-section-{section}", "home", "listings", *extra[pk]}
            if parent:
                keys.add(f"list-section-{parent}")
        elif kind == 1:
            keys = {f"magazine-{pk}", "magazines", "chrome"}
        elif kind == RELEASE_KIND:
            keys = {f"breaking-{pk}", "chrome"}
        else:
            keys = {f"report-{pk}", "reports"}
        releases.append((when.timestamp(), frozenset(keys)))
    return sorted(releases, key=lambda release: release[0])


def seconds_until_release(keys):
    """Seconds until the next release that touches any of `keys`, or None when none is due soon."""
    keys = set(keys)
    now = time.time()
    for when, touched in release_schedule():
        if when > now and touched & keys:
            return when - now
    return None


def releases_forget():
    """Forget the cached schedule; called when a change announces `schedule` (see `articles.changes`)."""
    cache.delete(RELEASES_CACHE_KEY)
