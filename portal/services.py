"""Side effects of the site shell: building, caching and purging the chrome.

The chrome is what every page shows around its content: the main bar's
dropdowns, the company links and the disclosure paragraph in the footer.
Sections come from articles' own cache (`navigation_sections()`), which the
section admin already purges.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from articles.models import MagazineIssue
from portal.models import DISCLOSURE_SLUG, MenuItem, Page

CHROME_CACHE_KEY = "portal:chrome:v1"
#: How many of the newest issues the Magazines dropdown lists.
MENU_ISSUES = 3


class Link(NamedTuple):
    label: str
    url: str


class MenuEntry(NamedTuple):
    """A top-level item: a plain link (no children) or a dropdown (children)."""

    label: str
    url: str | None
    children: tuple[Link, ...]


class Disclosure(NamedTuple):
    title: str
    summary: str
    url: str


class Chrome(NamedTuple):
    """Plain, picklable data: what the templates need and nothing that queries."""

    main: tuple[MenuEntry, ...]
    company: tuple[MenuEntry, ...]
    disclosure: Disclosure | None


def site_chrome() -> Chrome:
    """The chrome, cached: no query when warm, two when cold, whatever the menus' size.

    The entry lives NAVIGATION_CACHE_SECONDS. The admin of pages and menu
    items purges it at once (`chrome_clear`); a section renamed or moved in
    its own admin reaches a menu item that points to it when the entry
    expires, because articles (which may not import portal) cannot purge it.
    """
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = chrome_build()
        cache.set(CHROME_CACHE_KEY, chrome, settings.NAVIGATION_CACHE_SECONDS)
    return chrome


def chrome_build() -> Chrome:
    """Read the menus and the disclosure page: two queries, three when a dropdown holds the magazine."""
    items = MenuItem.objects.select_related("page", "section").defer("page__body").order_by("position", "label", "pk")
    by_parent = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    menus = {menu: [] for menu in MenuItem.Menu.values}
    for item in by_parent.get(None, []):
        url = item.resolved_url()
        children = tuple(
            Link(child.label, child_url)
            for child in by_parent.get(item.pk, [])
            if (child_url := child.resolved_url()) is not None
        )
        if children and any(child.route.startswith("magazines:") for child in by_parent.get(item.pk, [])):
            children += newest_issue_links()
        if children or url:  # an empty dropdown, or a link to nothing, is hidden
            menus.setdefault(item.menu, []).append(MenuEntry(item.label, url, children))
    page = Page.objects.published().filter(slug=DISCLOSURE_SLUG).only("title", "summary", "slug").first()
    disclosure = Disclosure(page.title, page.summary, page.get_absolute_url()) if page else None
    return Chrome(
        main=tuple(menus[MenuItem.Menu.MAIN]),
        company=tuple(menus[MenuItem.Menu.COMPANY]),
        disclosure=disclosure,
    )


def newest_issue_links() -> tuple[Link, ...]:
    """The newest issues, for the dropdown that holds the magazine's links (one query, cold only)."""
    issues = MagazineIssue.objects.published().only("number", "slug")[:MENU_ISSUES]
    return tuple(Link(issue.label, issue.get_absolute_url()) for issue in issues)


def chrome_clear():
    """Forget the cached chrome once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(CHROME_CACHE_KEY))
