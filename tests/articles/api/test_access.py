"""Partner keys and rate limits as an app sees them: anonymous is allowed but limited, a key raises the limit."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from articles.api.models import ApiKey
from portal.web import resilientcache
from tests.servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.API_ANONYMOUS_RATE_LIMIT = 3
    return settings


def partner_key(name="Acme Markets app", rate_limit=5, **fields):
    key = ApiKey(name=name, rate_limit=rate_limit, **fields)
    raw = key.secret_set()
    key.save()
    return key, raw


def statuses(client, count, **headers):
    url = reverse("api-v1:section_list")
    return [client.get(url, **headers).status_code for _ in range(count)]


def test_anonymous_use_is_allowed_up_to_its_limit_then_429_with_retry_after(client, limits, section):
    assert statuses(client, 3) == [200, 200, 200]
    refused = client.get(reverse("api-v1:article_list"))
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert refused["Retry-After"] == "60" and "no-store" in refused["Cache-Control"]
    # The limit is per client network: another network is not held back.
    assert statuses(Client(REMOTE_ADDR="198.51.100.7"), 1) == [200]


def test_a_partner_key_has_its_own_higher_limit(client, limits, section):
    key, raw = partner_key(rate_limit=5)
    assert statuses(client, 3) == [200, 200, 200]  # the anonymous allowance of this network is used up
    assert statuses(client, 6, HTTP_X_API_KEY=raw) == [200, 200, 200, 200, 200, 429]
    other_key, other_raw = partner_key(name="Beta terminal", rate_limit=1)
    assert statuses(client, 2, HTTP_X_API_KEY=other_raw) == [200, 429]


def test_an_unknown_or_revoked_key_is_a_401_that_says_how_to_go_on(client, section):
    key, raw = partner_key()
    key.is_active = False
    key.save()
    for value in (raw, "np_not-a-key", "something else"):
        response = client.get(reverse("api-v1:section_list"), HTTP_X_API_KEY=value)
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Unknown or revoked API key. Leave the X-API-Key header out to use the API anonymously."
        }


def test_only_the_hash_of_a_key_is_stored():
    key, raw = partner_key()
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw.startswith("np_") and len(raw) > 40
    assert raw not in (stored.hashed_key, stored.prefix) and raw.startswith(stored.prefix)
    assert ApiKey.objects.for_raw(raw) == stored


def test_the_limits_fail_open_when_the_cache_is_unreachable(client, limits, section, caplog):
    limits.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    resilientcache.reset()
    try:
        with caplog.at_level(logging.WARNING):
            assert statuses(client, 6) == [200] * 6
        lines = [r.getMessage() for r in caplog.records if r.name == "portal.network"]
        assert lines == ["Rate limit api-anonymous not enforced: the cache is unreachable."]
    finally:
        resilientcache.reset()


def test_an_administrator_creates_a_key_and_sees_it_once(editor_client):
    response = editor_client.post(
        reverse("admin:articles_apikey_add"),
        {"name": "Acme Markets app", "contact": "dev@acme.example", "rate_limit": 1200, "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 2 and "copy it now" in shown[0]  # the key message, then Django's "added successfully"
    raw = shown[0].split(" is ", 1)[1].split(" ", 1)[0]
    assert ApiKey.objects.for_raw(raw) == key and key.rate_limit == 1200
    assert Client().get(reverse("api-v1:section_list"), HTTP_X_API_KEY=raw).status_code == 200
    # Saving it again keeps the same key.
    editor_client.post(
        reverse("admin:articles_apikey_change", args=[key.pk]),
        {"name": "Acme app", "contact": "", "rate_limit": 10, "is_active": "on"},
    )
    assert ApiKey.objects.for_raw(raw).name == "Acme app"
