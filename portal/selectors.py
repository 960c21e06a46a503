"""The chrome, read and cached: what every page shows around its content.

The main bar's dropdowns, the company links and the disclosure paragraph in
the footer. Sections come from articles' own cache (`navigation_sections()`).
Both caches are forgotten when a change announces what they show
(`portal.receivers`).
"""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from articles.breaking.selectors import Breaking, breaking_current
from articles.models import MagazineIssue
from articles.selectors import seconds_until_release
from articles.trustlabels.vocabulary import POLICY_PAGE_SLUG as LABELS_POLICY_SLUG
from portal.models import DISCLOSURE_SLUG, POLICY_SLUGS, MenuItem, Page
from portal.web.changes import CHROME

CHROME_CACHE_KEY = "portal:chrome:v4"  # v2: with the policy pages; v3: with the banner; v4: with breaking news
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


class FooterDisclosure(NamedTuple):
    """The footer's paragraph about disclosures, from the disclosure company page."""

    title: str
    summary: str
    url: str


class Chrome(NamedTuple):
    """Plain, picklable data: what the templates need and nothing that queries."""

    main: tuple[MenuEntry, ...]
    company: tuple[MenuEntry, ...]
    disclosure: FooterDisclosure | None
    #: (schema.org property, page path) of the published policy pages (see POLICY_SLUGS).
    policies: tuple[tuple[str, str], ...] = ()
    #: The site-wide banner's links (MenuItem.Menu.BANNER), e.g. to the text-only edition; usually none.
    banner: tuple[MenuEntry, ...] = ()
    #: The path of the page explaining the type-of-work and AI-use labels, "" while it is not published.
    labels_policy: str = ""
    #: The breaking-news banner (articles.breaking), or None; it ends by itself at its expiry (release schedule).
    breaking: Breaking | None = None


def site_chrome() -> Chrome:
    """The chrome, cached: no query when warm, three when cold, whatever the menus' size.

    The entry lives NAVIGATION_CACHE_SECONDS, and is forgotten at once when
    a page, menu item, section, magazine issue or breaking banner changes
    (`chrome_forget`); a scheduled issue going live or a banner starting or
    expiring (no save) ends it at its time.
    """
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = chrome_build()
        until = seconds_until_release({CHROME})
        lifetime = settings.NAVIGATION_CACHE_SECONDS if until is None else min(settings.NAVIGATION_CACHE_SECONDS, until)
        cache.set(CHROME_CACHE_KEY, chrome, max(1, int(lifetime)))
    return chrome


def chrome_build() -> Chrome:
    """Read the menus, the disclosure, policy and labels pages, the breaking banner: three queries (four with the
    magazine dropdown)."""
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
    # The disclosure page and the policy pages in one query.
    slugs = [DISCLOSURE_SLUG, LABELS_POLICY_SLUG, *POLICY_SLUGS.values()]
    pages = {p.slug: p for p in Page.objects.published().filter(slug__in=slugs).only("title", "summary", "slug")}
    page = pages.get(DISCLOSURE_SLUG)
    disclosure = FooterDisclosure(page.title, page.summary, page.get_absolute_url()) if page else None
    policies = tuple((prop, pages[slug].get_absolute_url()) for prop, slug in POLICY_SLUGS.items() if slug in pages)
    return Chrome(
        main=tuple(menus[MenuItem.Menu.MAIN]),
        company=tuple(menus[MenuItem.Menu.COMPANY]),
        disclosure=disclosure,
        policies=policies,
        banner=tuple(menus[MenuItem.Menu.BANNER]),
        labels_policy=pages[LABELS_POLICY_SLUG].get_absolute_url() if LABELS_POLICY_SLUG in pages else "",
        breaking=breaking_current(),
    )


def newest_issue_links() -> tuple[Link, ...]:
    """The newest issues, for the dropdown that holds the magazine's links (one query, cold only)."""
    issues = MagazineIssue.objects.published().only("number", "slug")[:MENU_ISSUES]
    return tuple(Link(issue.label, issue.get_absolute_url()) for issue in issues)


def chrome_forget():
    """Forget the cached chrome; called when a change announces what it shows."""
    cache.delete(CHROME_CACHE_KEY)
