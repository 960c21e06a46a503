"""Where readers learn what the labels mean: the labels policy page, as the site's chrome knows it.

The page is a company page (portal, seeded by `seed_pages`), which articles
may not import: the chrome in the template context says whether it is
published and where (`Chrome.labels_policy`), and reading it declares the
chrome's key, so a kept card or story links the page exactly while it is live.
"""

from portal.web import changes
from portal.web.pagecache import surrogate_keys_add


def policy_url(context):
    """The labels policy page's address for this page ("" when it is not published, or outside the site)."""
    chrome = context.get("chrome")
    if chrome is None:
        return ""
    surrogate_keys_add(context.get("request"), changes.CHROME)
    return getattr(chrome, "labels_policy", "") or ""


def type_policy_url(context, kind):
    """Where a type's label links: a commercial type to its disclosure's policy, the others to the labels page."""
    if kind.is_commercial and kind.policy_url:
        return kind.policy_url
    return policy_url(context)
