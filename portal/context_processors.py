"""Site-wide template context: name, menus, footer."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles.selectors import navigation_sections
from portal.selectors import site_chrome
from portal.web.changes import CHROME, SECTIONS
from portal.web.pagecache import expires_within, surrogate_keys_add


def shown_by(request, key, read):
    """`read`, declaring `key` on the page once the template reads it (the page cache purges it by that key)."""

    def read_and_declare():
        surrogate_keys_add(request, key)
        return read()

    return read_and_declare


@dataclass(frozen=True)
class NavigationBar:
    """The main bar's sections: those `shown` on it, and the rest under its "More" menu."""

    shown: list
    more: list


def navigation_bar(sections):
    """Split the menu's sections so the bar stays one row: at most NAVIGATION_BAR_SECTIONS of them, and
    no more than NAVIGATION_BAR_CHARACTERS of names (long names take the room of several short ones)."""
    count = used = 0
    for section in sections:
        used += len(section.name)
        if count == settings.NAVIGATION_BAR_SECTIONS or (count and used > settings.NAVIGATION_BAR_CHARACTERS):
            break
        count += 1
    return NavigationBar(list(sections[:count]), list(sections[count:]))


def breaking_shown(request, chrome):
    """The chrome's breaking banner if it still shows now; the page then stays cached no longer than it does.

    The release schedule already ends cached pages at the banner's expiry;
    checking again here keeps a chrome read a second early from putting an
    expired banner on a page that would then be kept its full lifetime.
    """
    banner = chrome.breaking
    now = timezone.now()
    if banner is None or not banner.is_showing(now):
        return None
    expires_within(request, (banner.expires_at - now).total_seconds())
    return banner


def site(request):
    context = {
        "site_name": settings.SITE_NAME,
        "publisher_name": settings.PUBLISHER_NAME,
        "copyright_years": f"{settings.COPYRIGHT_START_YEAR}-{timezone.localdate().year}",
        # Lazy, and read at most once per response: a response without the
        # chrome (the admin, redirects, XML sitemaps) touches neither cache
        # nor database, nor is it purged when a menu changes; the main bar,
        # rendered twice (wide list, phone menu), reads once.
        "navigation": SimpleLazyObject(shown_by(request, SECTIONS, navigation_sections)),
        "chrome": SimpleLazyObject(shown_by(request, CHROME, site_chrome)),
        "navigation_bar": SimpleLazyObject(lambda: navigation_bar(context["navigation"])),
        "breaking": SimpleLazyObject(lambda: breaking_shown(request, context["chrome"])),
    }
    return context
