"""Who has an article's change form open: a light heartbeat kept in the cache.

One cache entry per article maps user ids to (name, role, since, last seen);
entries older than PRESENCE_TTL_SECONDS are dropped on read. Races between
two heartbeats can lose one beat, which the next beat repairs: good enough
for a hint, and it costs no database write.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(article_id):
    return f"articles:presence:{article_id}"


def role_name(user):
    if user.is_superuser:
        return "administrator"
    names = sorted(user.groups.values_list("name", flat=True))
    return ", ".join(n.lower() for n in names) or "staff"


def presence_beat(*, article_id, user) -> list[dict]:
    """Record that `user` has the article open now; return the others who do."""
    now = timezone.now().timestamp()
    ttl = settings.PRESENCE_TTL_SECONDS
    people = {uid: p for uid, p in (cache.get(_key(article_id)) or {}).items() if now - p["seen"] < ttl}
    mine = people.get(user.pk)
    people[user.pk] = {
        "name": user.get_full_name() or user.get_username(),
        "role": mine["role"] if mine else role_name(user),
        "since": mine["since"] if mine else now,
        "seen": now,
    }
    cache.set(_key(article_id), people, ttl)
    return others(people, user)


def presence_leave(*, article_id, user):
    people = cache.get(_key(article_id)) or {}
    if people.pop(user.pk, None):
        cache.set(_key(article_id), people, settings.PRESENCE_TTL_SECONDS)


def others(people, user):
    rows = []
    for uid, p in sorted(people.items(), key=lambda item: item[1]["since"]):
        if uid != user.pk:
            since = timezone.localtime(datetime.fromtimestamp(p["since"], tz=UTC))
            rows.append({"name": p["name"], "role": p["role"], "since": since.strftime("%H:%M")})
    return rows
