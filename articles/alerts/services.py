"""Readers' opt-in and opt-out, and an editor's alert: who gets it, and starting the send in the background."""

import binascii
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import Count

from articles.alerts.keys import b64url_decode, vapid_keys
from articles.alerts.models import Alert, PushSubscription
from articles.models import Category


class SubscriptionInvalid(ValueError):
    """The browser's subscription cannot be used; the message says why, for the reader's page."""


class AlertRefused(Exception):
    """The alert cannot be sent; the message says why, for the editor."""


@dataclass(frozen=True)
class Subscribing:
    endpoint: str
    p256dh: str
    auth: str
    sections: tuple  # slugs


def endpoint_allowed(endpoint) -> bool:
    """An address of a known push service (WEBPUSH_ENDPOINT_HOSTS), over HTTPS."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and not (parts.scheme == "http" and settings.WEBPUSH_ALLOW_HTTP):
        return False
    return any(host == allowed or host.endswith(f".{allowed}") for allowed in settings.WEBPUSH_ENDPOINT_HOSTS)


def _key(value, name, size):
    if not isinstance(value, str) or not value or len(value) > 200:
        raise SubscriptionInvalid(f"The subscription's key “{name}” is missing.")
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError):
        raise SubscriptionInvalid(f"The subscription's key “{name}” is not base64url.") from None
    if len(raw) != size:
        raise SubscriptionInvalid(f"The subscription's key “{name}” has the wrong length.")
    return raw


def subscription_parse(data) -> Subscribing:
    """Check what the page posted: {"subscription": PushSubscription.toJSON(), "sections": [slug, ...]}."""
    if not isinstance(data, dict) or not isinstance(data.get("subscription"), dict):
        raise SubscriptionInvalid("Send the browser's push subscription as “subscription”.")
    subscription = data["subscription"]
    endpoint = subscription.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > 2000:
        raise SubscriptionInvalid("The subscription has no endpoint.")
    if not endpoint_allowed(endpoint):
        raise SubscriptionInvalid("This browser's push service is not one we send to.")
    keys = subscription.get("keys")
    if not isinstance(keys, dict):
        raise SubscriptionInvalid("The subscription has no keys.")
    public = _key(keys.get("p256dh"), "p256dh", 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
    except ValueError:
        raise SubscriptionInvalid("The subscription's key “p256dh” is not a P-256 public key.") from None
    _key(keys.get("auth"), "auth", 16)
    sections = data.get("sections", [])
    if not isinstance(sections, list) or not all(isinstance(slug, str) for slug in sections) or len(sections) > 50:
        raise SubscriptionInvalid("“sections” must be a list of section names.")
    return Subscribing(endpoint, keys["p256dh"], keys["auth"], tuple(dict.fromkeys(sections)))


def subscription_save(*, subscribing: Subscribing) -> tuple[PushSubscription, bool, list]:
    """Store (or update: a browser subscribing again) one subscription; returns it, whether it is new, its sections."""
    sections = list(Category.objects.filter(slug__in=subscribing.sections))
    if len(sections) != len(subscribing.sections):
        raise SubscriptionInvalid("One of the chosen sections does not exist.")
    with transaction.atomic():
        subscription, created = PushSubscription.objects.update_or_create(
            endpoint=subscribing.endpoint, defaults={"p256dh": subscribing.p256dh, "auth": subscribing.auth}
        )
        subscription.sections.set(sections)
    return subscription, created, sections


def subscription_remove(*, endpoint) -> bool:
    """Forget the browser with this endpoint (the reader opted out); True if there was one."""
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


@dataclass(frozen=True)
class Audience:
    """Who an alert about a story reaches: everyone who chose all sections, plus those who chose its section."""

    total: int
    every_section: int
    this_section: int
    section_name: str


def alert_audience(*, article) -> Audience:
    """Two counting queries, whatever the number of subscriptions."""
    total = PushSubscription.objects.for_section(article.category_id).count()
    this_section = (
        PushSubscription.sections.through.objects.filter(category_id=article.category_id)
        .aggregate(n=Count("pushsubscription_id", distinct=True))["n"]
    )  # fmt: skip
    return Audience(total, total - this_section, this_section, article.category.name)


def alert_refusal(article) -> str:
    """Why an alert about `article` may not be sent now ("" when it may)."""
    if vapid_keys() is None:
        return (
            "Alerts cannot be sent: the site has no VAPID key pair. Set WEBPUSH_VAPID_PUBLIC_KEY and "
            "WEBPUSH_VAPID_PRIVATE_KEY (make one with “manage.py webpush_keys”)."
        )
    if not article.is_live:
        return "Only a published story can be announced: publish it first."
    if article.is_commercial:
        return "An alert cannot announce commercial content."
    return ""


def alert_send(*, article, title, body, user) -> Alert:
    """Create the alert and start sending it in the background once the transaction commits."""
    from articles.alerts.tasks import deliver_alert

    refusal = alert_refusal(article)
    if refusal:
        raise AlertRefused(refusal)
    alert = Alert.objects.create(
        article=article,
        category_id=article.category_id,
        title=title,
        body=body,
        url=article.get_absolute_url(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: deliver_alert.enqueue(alert.pk))
    return alert
