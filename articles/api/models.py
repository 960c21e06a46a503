"""Partner API keys: a name, a hashed secret and a rate limit of its own."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

#: What a key starts with, so a leaked one is recognisable (e.g. by secret scanners).
KEY_PREFIX = "np_"


def key_hash(raw):
    """The stored form of a key: its SHA-256. Keys are long random strings, so no salt or slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


def default_rate_limit():
    return settings.API_KEY_RATE_LIMIT


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_raw(self, raw):
        """The active key matching a raw secret, or None (one query on a unique index)."""
        if not raw or not raw.startswith(KEY_PREFIX) or len(raw) > 100:
            return None
        return self.active().filter(hashed_key=key_hash(raw)).first()


class ApiKey(models.Model):
    """A partner's key to the read API: it raises the rate limit; the content is the same for everyone."""

    name = models.CharField(max_length=120, help_text="Who uses this key, e.g. “Acme Markets app”.")
    contact = models.EmailField(blank=True, help_text="Whom to tell when the key is about to be revoked.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The key's first characters, to tell keys apart."
    )
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        "requests per minute",
        default=default_rate_limit,
        help_text="How many requests this key may make per minute that the site itself answers "
        "(answers served from the cache are not counted).",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to revoke the key: its requests are refused with 401."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self):
        return reverse("admin:articles_apikey_change", args=[self.pk])

    def secret_set(self):
        """Give the key a new random secret; returns it (shown once: only its hash is stored)."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        self.hashed_key = key_hash(raw)
        self.prefix = raw[:10]
        return raw
