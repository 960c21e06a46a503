"""Click figures: the links of an issue, the redirect's lookup, and counting clicks, opens and unsubscribes.

Nothing here stores who clicked unless the subscriber asked for it
(`Subscription.share_clicks`). Unique clickers are counted with a
HyperLogLog sketch (`ClickerRegister`): each tracked link carries a
pseudonym that is different in every issue, and the sketch keeps only, per
bucket, the highest "rank" of the pseudonyms that fell in it. README,
"Newsletter click figures".
"""

import logging
import math
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from newsletter.models import ClickerRegister, Issue, IssueDay, IssueLink, LinkClickDay, Subscriber, SubscriberClick
from newsletter.tokens import CLICKER_SALT, read_clicker_tag

logger = logging.getLogger(__name__)

#: 2**10 registers: about 3% standard error on large counts, near exact on small ones.
BUCKET_BITS = 10
BUCKETS = 1 << BUCKET_BITS
_REST_BITS = 64 - BUCKET_BITS


def issue_links_prepare(issue, wanted) -> dict:
    """Store the links of an issue about to be sent; {(role, url): link id}.

    `wanted` is [(role, url, article_id)] in the email's order. Idempotent
    (UNIQUE(issue, role, url)), so every sending worker may call it: they all
    get the same ids.
    """
    IssueLink.objects.bulk_create(
        [
            IssueLink(issue_id=issue.pk, role=role, url=url, article_id=article_id, position=position)
            for position, (role, url, article_id) in enumerate(wanted)
        ],
        ignore_conflicts=True,
    )
    rows = IssueLink.objects.filter(issue_id=issue.pk).values_list("role", "url", "pk")
    return {(role, url): pk for role, url, pk in rows}


def _link_cache_key(issue_id, link_id):
    return f"newsletter:link:{issue_id}:{link_id}"


def link_target(issue_id, link_id):
    """(url, list id) of a stored link of that issue, or None: the redirect goes nowhere else.

    From the cache when it can; a cache that is down is a miss (one query).
    """
    from django.core.cache import cache

    key = _link_cache_key(issue_id, link_id)
    found = cache.get(key)
    if found is None:
        found = (
            IssueLink.objects.filter(pk=link_id, issue_id=issue_id)
            .values_list("url", "issue__newsletter_list_id")
            .first()
        )
        if found is None:
            return None
        cache.set(key, tuple(found), settings.NEWSLETTER_LINK_CACHE_SECONDS)
    return tuple(found)


def _increment(model, field, **lookup):
    """Add one to `field` of the row `lookup`, making the row if need be; safe under concurrency."""
    rows = model.objects.filter(**lookup)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **{field: 1})
    except IntegrityError:  # another request made the row first
        rows.update(**{field: F(field) + 1})


def register_of(pseudonym_hex) -> tuple[int, int]:
    """(bucket, rank) of a 64-bit pseudonym: its first bits pick the bucket, the rest its rank."""
    value = int(pseudonym_hex[:16], 16)
    rest = value & ((1 << _REST_BITS) - 1)
    return value >> _REST_BITS, _REST_BITS - rest.bit_length() + 1


def _sketch_add(issue_id, day, pseudonym_hex):
    """Raise one register of the day's sketch if this pseudonym ranks higher than the bucket's record."""
    bucket, rank = register_of(pseudonym_hex)
    mine = ClickerRegister.objects.filter(issue_id=issue_id, day=day, bucket=bucket)
    # Most clicks change nothing (a bucket rarely beats its record): one read.
    record = mine.values_list("rank", flat=True).first()
    if record is not None and record >= rank:
        return
    if record is None:
        ClickerRegister.objects.bulk_create(
            [ClickerRegister(issue_id=issue_id, day=day, bucket=bucket, rank=rank)], ignore_conflicts=True
        )
    # Conditional, so a higher rank written meanwhile by another request is never lowered.
    mine.filter(rank__lt=rank).update(rank=rank)


def estimate(ranks: Counter) -> int:
    """Distinct pseudonyms from a sketch given as {rank: number of buckets with it} (HyperLogLog)."""
    used = sum(ranks.values())
    if not used:
        return 0
    empty = BUCKETS - used
    harmonic = empty + sum(count * 2.0**-rank for rank, count in ranks.items())
    raw = 0.7213 / (1 + 1.079 / BUCKETS) * BUCKETS * BUCKETS / harmonic
    if raw <= 2.5 * BUCKETS and empty:
        return round(BUCKETS * math.log(BUCKETS / empty))  # linear counting: better for small numbers
    return round(raw)


def _personal_click(issue_id, list_id, subscriber_id, link_id):
    """Record the click with the subscriber, if they still want that (they may have changed their mind)."""
    opted_in = Subscriber.objects.filter(
        pk=subscriber_id, subscriptions__newsletter_list_id=list_id, subscriptions__share_clicks=True
    ).exists()
    if opted_in:
        SubscriberClick.objects.create(subscriber_id=subscriber_id, issue_id=issue_id, link_id=link_id)


def click_record(*, issue_id, link_id, list_id, tag, now=None) -> bool:
    """Count one click on a stored link: per link per day, and the clicker in the day's sketch; True if counted.

    Only a genuine tag of this issue counts: a test email's links, or one
    made up to inflate the figures, still lead on but count nothing.
    """
    clicker = read_clicker_tag(issue_id, tag)
    if clicker is None:
        return False
    with transaction.atomic():
        _relaxed_commit()
        _click_count(issue_id, link_id, list_id, clicker, timezone.localdate(now))
    return True


def _relaxed_commit():
    """On PostgreSQL, do not wait for the disk at commit: a crash may lose the last clicks, never corrupt them.

    A counter is the textbook case for `synchronous_commit = off`; the wait
    for the WAL flush was most of a click's time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _click_count(issue_id, link_id, list_id, clicker, day):
    _increment(LinkClickDay, "clicks", issue_id=issue_id, link_id=link_id, day=day)
    kind, value = clicker
    if kind == "p":
        _personal_click(issue_id, list_id, int(value), link_id)
        value = salted_hmac(CLICKER_SALT, f"{issue_id}:p{value}").hexdigest()[:16]
    _sketch_add(issue_id, day, value)


def issue_day_count(*, issue_id, field, now=None) -> bool:
    """Add one open or one unsubscribe to an issue's day; False if there is no such issue."""
    day = timezone.localdate(now)
    rows = IssueDay.objects.filter(issue_id=issue_id, day=day)
    if rows.update(**{field: F(field) + 1}):
        return True
    if not Issue.objects.filter(pk=issue_id).exists():
        return False
    _increment(IssueDay, field, issue_id=issue_id, day=day)
    return True
