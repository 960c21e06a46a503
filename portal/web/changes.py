"""One way to announce "content changed": models announce, caches subscribe.

Each app says which of its models readers see and which surrogate keys a
change of one touches (`watch(Model, keys=...)`): every save, delete or
many-to-many change then announces those keys once the transaction commits,
whoever made it (the admin, an import, a seeder, the shell). Every cache that
depends on content (the menus, the chrome, the signup boxes, whole pages,
the proxy in front) connects a receiver to `content_changed` and forgets what
it holds for those keys. Nothing purges by hand.

The keys are plain strings: "article-12", "section-3", "tag-7", "author-2",
"page-5" (the thing itself: what a card or a byline shows of it),
"list-section-3", "list-tag-7", "list-author-2" (which stories it lists),
and the shared ones in `KEYS`. A subscriber checks whether a key it depends
on is among them.

`QuerySet.update()`, `bulk_create()` and raw SQL send no model signals: code
that writes that way calls `announce()` itself, and says so where it does.

Two signals go out, in order: `content_changed` for the caches of *data*
(menus, chrome, lists), then `pages_changed` for the caches of whole pages
(the page cache, the proxies). A page rendered after the second one is
built from data that has already been forgotten, so it cannot put an old
menu back into a fresh page.
"""

import inspect
import logging
from typing import NamedTuple

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal

logger = logging.getLogger(__name__)

#: Sent once a transaction that changed content has committed: `keys` is a frozenset of strings.
content_changed = Signal()
#: Sent right after `content_changed`, with the same keys, to the caches of whole pages.
pages_changed = Signal()

#: Keys shared by many pages.
HOME = "home"  # the front page
SECTIONS = "sections"  # the list of sections (the main menu, the search form's choices)
CHROME = "chrome"  # the menus and footer every page shows
LISTINGS = "listings"  # latest, feeds, sitemaps, trending: lists across sections
NEWSLETTER_LISTS = "newsletter-lists"  # the signup boxes' choices
NEWSLETTER_ISSUES = "newsletter-issues"  # the recent issues on the newsletter page
TAGS = "tags"  # the tag index, the tags sitemap: which tags exist and what they are called
AUTHORS = "authors"  # the authors sitemap
PAGES = "pages"  # which company pages exist (the HTML and XML sitemaps)
CORRECTIONS = "corrections"  # the list of every correction
SCHEDULE = "schedule"  # what is scheduled to go live, and when (the page cache's release times)
MAGAZINES = "magazines"  # the magazine archive
REPORTS = "reports"  # the research reports list
AWARDS = "awards"  # the awards pages
KEYS = (
    HOME, SECTIONS, CHROME, LISTINGS, NEWSLETTER_LISTS, NEWSLETTER_ISSUES, TAGS, AUTHORS, PAGES, CORRECTIONS,
    SCHEDULE, MAGAZINES, REPORTS, AWARDS,
)  # fmt: skip


class Change(NamedTuple):
    """What happened to an instance, for watchers that announce according to it (`watch(before=...)`)."""

    action: str  # "saved", "deleted" or "m2m"
    before: object = None  # what `before(instance)` read from the stored row ahead of a save; None for new rows
    field: str = ""  # the many-to-many field that changed
    pks: frozenset = frozenset()  # the related rows it gained or lost


def announce(*keys, using=None):
    """Announce that content behind these keys changed, once the current transaction commits.

    Outside a transaction the keys go out at once; a transaction that rolls
    back announces nothing.
    """
    keys = frozenset(key for key in keys if key)
    if keys:
        transaction.on_commit(lambda: _send(keys), using=using)


def _send(keys):
    # A subscriber that fails (the cache is down) must not fail the save that
    # announced the change: it is logged, and the entry expires on its own.
    for signal in (content_changed, pages_changed):
        for receiver, result in signal.send_robust(sender=None, keys=keys):
            if isinstance(result, Exception):
                logger.warning("A cache could not forget %s (%s: %s)", sorted(keys), receiver.__qualname__, result)


def watch(model, *, keys, m2m=(), before=None):
    """Announce `keys(instance)` whenever an instance of `model` is saved or deleted.

    `m2m` names many-to-many fields of the model whose changes announce too
    (tags, bylines, disclosures: they are saved after the row).

    With `before` (a function reading what the stored row looked like, one
    query, called ahead of each save of an existing row), `keys` is called as
    `keys(instance, change)` with a `Change`: the watcher can then announce
    according to what changed (a draft saved again touches fewer pages than
    an article going live), and a many-to-many change names the related rows
    added or removed (`change.pks`; a clear names every row it removed).
    """
    uid = f"{model._meta.label}.changes"
    announce_for = keys if before else (lambda instance, change: keys(instance))

    def on_pre_save(sender, instance, **kwargs):
        if not kwargs.get("raw"):
            instance._changes_before = before(instance) if instance.pk is not None else None

    def on_save(sender, instance, **kwargs):
        if kwargs.get("raw"):  # loaddata: fixtures are not an editor's change
            return
        change = Change("saved", before=instance.__dict__.pop("_changes_before", None))
        announce(*announce_for(instance, change), using=kwargs.get("using"))

    def on_delete(sender, instance, **kwargs):
        announce(*announce_for(instance, Change("deleted")), using=kwargs.get("using"))

    def on_m2m(sender, instance, action, pk_set=None, **kwargs):
        if not isinstance(instance, model):
            return
        field = fields.get(sender, "")
        if action == "pre_clear" and before:
            # A clear names no rows in its signal: remember them while they are still there.
            instance.__dict__.setdefault("_changes_cleared", {})[field] = frozenset(
                getattr(instance, field).values_list("pk", flat=True)
            )
        if action in {"post_add", "post_remove", "post_clear"}:
            if action == "post_clear":
                pks = instance.__dict__.get("_changes_cleared", {}).pop(field, frozenset())
            else:
                pks = frozenset(pk_set or ())
            announce(*announce_for(instance, Change("m2m", field=field, pks=pks)), using=kwargs.get("using"))

    if before:
        pre_save.connect(on_pre_save, sender=model, weak=False, dispatch_uid=f"{uid}.before")
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"{uid}.save")
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
    fields = {}
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        fields[through] = name
        m2m_changed.connect(on_m2m, sender=through, weak=False, dispatch_uid=f"{uid}.{name}")


def subscribe(depends_on, forget, *, signal=None):
    """Call `forget()` when a change announces any of the keys in `depends_on` (a set, or a predicate).

    A `forget` that takes an argument gets the announced keys (the page
    cache forgets exactly those). `signal=pages_changed` is for caches of
    whole pages: they hear a change after every cache of data has.
    """
    matches = depends_on if callable(depends_on) else lambda key: key in depends_on
    try:
        takes_keys = bool(inspect.signature(forget).parameters)
    except (TypeError, ValueError):  # a builtin without a signature
        takes_keys = False

    def receiver(sender, keys, **kwargs):
        if any(matches(key) for key in keys):
            if takes_keys:
                forget(keys)
            else:
                forget()

    receiver.__qualname__ = f"forget {getattr(forget, '__qualname__', forget)}"
    (signal or content_changed).connect(
        receiver, weak=False, dispatch_uid=f"changes.{forget.__module__}.{forget.__qualname__}"
    )
    return receiver


def everything(key):
    """A predicate for `subscribe`: every key (a cache of whole pages depends on all of them)."""
    return True
