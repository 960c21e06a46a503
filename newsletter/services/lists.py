"""The lists readers can pick, cached as plain data for the signup boxes in the chrome."""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from newsletter.models import NewsletterList

LISTS_CACHE_KEY = "newsletter:lists:v1"


class ListChoice(NamedTuple):
    """What a signup form needs of a list: picklable, no query to render."""

    id: int
    slug: str
    name: str
    description: str
    is_default: bool


def signup_lists() -> tuple[ListChoice, ...]:
    """The lists open for signups, cached: no query when warm, one when cold.

    Every public page's footer renders a signup box, so this must cost
    nothing once warm; any change of a list forgets it (`lists_forget`).
    """
    lists = cache.get(LISTS_CACHE_KEY)
    if lists is None:
        lists = tuple(
            ListChoice(item.pk, item.slug, item.name, item.description, item.is_default)
            for item in NewsletterList.objects.active()
        )
        cache.set(LISTS_CACHE_KEY, lists, settings.NEWSLETTER_LISTS_CACHE_SECONDS)
    return lists


def default_lists(lists=None) -> tuple[ListChoice, ...]:
    """The lists a box without checkboxes subscribes to: the default ones, else the first."""
    lists = signup_lists() if lists is None else lists
    return tuple(item for item in lists if item.is_default) or lists[:1]


def lists_forget():
    """Forget the cached lists; called when a change announces them (`newsletter.changes`)."""
    cache.delete(LISTS_CACHE_KEY)
