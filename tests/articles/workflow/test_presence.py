"""Presence across app machines: with Redis each editor is a field of one hash, so no beat overwrites another."""

import os

import pytest
from django.conf import settings

from articles.workflow import presence
from portal.roles import EDITOR
from tests.articles.workflow.users import role_user
from tests.helpers import requires_env

pytestmark = [pytest.mark.django_db, pytest.mark.redis, requires_env("REDIS_URL")]


def test_beats_from_several_nodes_all_count_and_old_ones_expire(monkeypatch):
    import redis

    jane, bob, kim = (role_user(EDITOR, name, first_name=name.title()) for name in ("jane", "bob", "kim"))
    now = [1_000_000.0]
    monkeypatch.setattr(presence.timezone, "now", lambda: presence.datetime.fromtimestamp(now[0], tz=presence.UTC))
    assert presence.presence_beat(article_id=9, user=jane) == []
    assert [p["name"] for p in presence.presence_beat(article_id=9, user=bob)] == ["Jane"]
    # The hash itself, as any other node reads it: one field per editor.
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    key = f"{settings.CACHES['default']['KEY_PREFIX']}:articles:presence:9"
    assert sorted(int(uid) for uid in raw.hkeys(key)) == sorted([jane.pk, bob.pk])
    assert 0 < raw.ttl(key) <= settings.PRESENCE_TTL_SECONDS
    # Jane stops beating; past the TTL she is gone for Kim and from the hash.
    now[0] += settings.PRESENCE_TTL_SECONDS - 1
    presence.presence_beat(article_id=9, user=bob)
    now[0] += 2
    assert [p["name"] for p in presence.presence_beat(article_id=9, user=kim)] == ["Bob"]
    assert sorted(int(uid) for uid in raw.hkeys(key)) == sorted([bob.pk, kim.pk])
    presence.presence_leave(article_id=9, user=bob)
    assert presence.presence_beat(article_id=9, user=kim) == []
