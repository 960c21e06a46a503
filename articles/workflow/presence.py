"""Who has an article's change form open: a light heartbeat kept in the cache.

With Redis (REDIS_URL) each article is a Redis hash, one field per editor,
written and read atomically, so beats from any gunicorn worker or app
machine never overwrite each other. Without it, one cache entry per article
maps user ids to (name, role, since, last seen); two beats racing there can
lose one, which the next beat repairs. Either way entries older than
PRESENCE_TTL_SECONDS are dropped on read, and it costs no database write.
"""

import json
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(article_id):
    return f"articles:presence:{article_id}"


@lru_cache(maxsize=4)
def _client(url):
    import redis

    return redis.Redis.from_url(url)


def _redis_key(article_id):
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "newsportal"
    return f"{prefix}:{_key(article_id)}"


def _redis_beat(article_id, user, now, ttl, role):
    """Write this editor's field and read everyone's in one round trip; drop stale fields."""
    client, key = _client(settings.REDIS_URL), _redis_key(article_id)
    mine = client.hget(key, user.pk)
    mine = json.loads(mine) if mine else None
    entry = {
        "name": user.get_full_name() or user.get_username(),
        "role": mine["role"] if mine else role(),
        "since": mine["since"] if mine else now,
        "seen": now,
    }
    pipe = client.pipeline()
    pipe.hset(key, user.pk, json.dumps(entry))
    pipe.expire(key, ttl)
    pipe.hgetall(key)
    *_, raw = pipe.execute()
    people, stale = {}, []
    for uid, value in raw.items():
        person = json.loads(value)
        if now - person["seen"] < ttl:
            people[int(uid)] = person
        else:
            stale.append(uid)
    if stale:
        client.hdel(key, *stale)
    return people


def role_name(user):
    if user.is_superuser:
        return "administrator"
    names = sorted(user.groups.values_list("name", flat=True))
    return ", ".join(n.lower() for n in names) or "staff"


def presence_beat(*, article_id, user) -> list[dict]:
    """Record that `user` has the article open now; return the others who do."""
    now = timezone.now().timestamp()
    ttl = settings.PRESENCE_TTL_SECONDS
    if settings.REDIS_URL:
        return others(_redis_beat(article_id, user, now, ttl, lambda: role_name(user)), user)
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
    if settings.REDIS_URL:
        _client(settings.REDIS_URL).hdel(_redis_key(article_id), user.pk)
        return
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
