"""Thin receivers for django-anymail's webhooks: they only call services.

DESIGN.md keeps side effects out of signals; anymail's webhook API *is* a
signal, so these stay one call deep. Signature checking is anymail's
(ANYMAIL WEBHOOK_SECRET, HTTP basic auth) before the signal is sent.
"""

import logging

from anymail.signals import EventType, RejectReason, inbound, tracking
from django.dispatch import receiver

from newsletter.models import ConsentRecord, Subscriber, Suppression, normalize_email

logger = logging.getLogger(__name__)

#: Provider bounce types that are not permanent, though anymail calls them "bounced".
SOFT_BOUNCES = {"SoftBounce", "Transient", "DnsError"}


def is_hard_bounce(event) -> bool:
    if event.event_type == EventType.REJECTED:
        return event.reject_reason == RejectReason.BOUNCED  # the provider's own list of past bounces
    if event.event_type != EventType.BOUNCED:
        return False
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return raw.get("Type") not in SOFT_BOUNCES and raw.get("type") != "blocked"


@receiver(tracking, dispatch_uid="newsletter.tracking")
def on_tracking(sender, event, esp_name, **kwargs):
    """Hard bounces and complaints join the suppression list; a provider-side unsubscribe unsubscribes."""
    from newsletter.services.subscriptions import subscriber_unsubscribe
    from newsletter.services.suppressions import suppression_add

    email = normalize_email(event.recipient)
    if not email:
        return
    if event.event_type == EventType.COMPLAINED:
        suppression_add(email=email, reason=Suppression.Reason.COMPLAINT, note=f"{esp_name} complaint webhook")
    elif is_hard_bounce(event):
        detail = (event.description or event.mta_response or "")[:200]
        suppression_add(email=email, reason=Suppression.Reason.HARD_BOUNCE, note=f"{esp_name}: {detail}".strip())
    elif event.event_type == EventType.UNSUBSCRIBED:
        subscriber = Subscriber.objects.filter(email=email).first()
        if subscriber:
            subscriber_unsubscribe(subscriber=subscriber, source=ConsentRecord.Source.ESP, note=f"{esp_name} webhook")


@receiver(inbound, dispatch_uid="newsletter.inbound")
def on_inbound(sender, event, esp_name, **kwargs):
    """The mailto: of List-Unsubscribe: "unsubscribe <token>" in the subject unsubscribes that subscriber."""
    from newsletter.services.subscriptions import subscriber_unsubscribe
    from newsletter.tokens import TokenError, read_manage_token

    words = (event.message.subject or "").split() if event.message else []
    if len(words) != 2 or words[0].lower() != "unsubscribe":
        return
    try:
        key = read_manage_token(words[1])
    except TokenError:
        logger.info("Ignored an unsubscribe email with an invalid token")
        return
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber:
        subscriber_unsubscribe(subscriber=subscriber, source=ConsentRecord.Source.MAILTO)
