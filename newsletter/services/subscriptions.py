"""Joining, confirming, changing lists and leaving: every change leaves a consent record."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsletter.models import (
    ConsentRecord,
    Delivery,
    NewsletterList,
    Subscriber,
    Subscription,
    Suppression,
    normalize_email,
)
from portal.web.network import rate_attempt

logger = logging.getLogger(__name__)


class ConfirmationRefused(Exception):
    """A confirmation link that must not activate anything; the message says why."""


def consent_record(*, subscriber, action, source, lists=(), ip_network="", note="") -> ConsentRecord:
    lists = list(lists)
    record = ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        source=source,
        list_names=", ".join(item.name for item in lists)[:500],
        wording_version=settings.NEWSLETTER_CONSENT_VERSION,
        ip_network=ip_network,
        note=note,
    )
    if lists:
        record.lists.set(lists)
    return record


def subscription_create(*, email, list_ids, source, ip_network="", note="") -> ConsentRecord:
    """Record a signup request and send (through the task queue) the confirmation mail.

    The same work happens whether the address is new, pending, active or
    unsubscribed, and the caller answers the same in every case: nobody can
    learn from the form whether an address is on our lists. What differs
    (whether a mail goes out, and which) is decided in the background task.
    """
    email = normalize_email(email)
    lists = list(NewsletterList.objects.active().filter(pk__in=list_ids))
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    record = consent_record(
        subscriber=subscriber,
        action=ConsentRecord.Action.REQUESTED,
        source=source,
        lists=lists,
        ip_network=ip_network,
        note=note,
    )
    from newsletter.tasks import send_confirmation

    transaction.on_commit(lambda: send_confirmation.enqueue(record.pk))
    return record


def confirmation_send(*, consent_id) -> str:
    """Send the confirmation mail of one request, unless it must not go out.

    Not sent to suppressed addresses, and at most one per address per
    NEWSLETTER_CONFIRM_INTERVAL (the row lock makes that hold across
    workers). The mail goes out inside the transaction, so a failed send
    leaves no timestamp behind and the next request may try again.
    Returns what happened, for logs and tests.
    """
    with transaction.atomic():
        record = ConsentRecord.objects.filter(pk=consent_id).first()
        if record is None:
            return "gone"
        subscriber = Subscriber.objects.select_for_update().get(pk=record.subscriber_id)
        if Suppression.objects.filter(email=subscriber.email).exists():
            return "suppressed"
        now = timezone.now()
        interval = timedelta(seconds=settings.NEWSLETTER_CONFIRM_INTERVAL)
        if subscriber.confirmation_sent_at and subscriber.confirmation_sent_at > now - interval:
            return "throttled"
        from newsletter.services.emails import confirmation_message, confirmation_url

        confirmation_message(consent=record, subscriber=subscriber).send()
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
        if settings.NEWSLETTER_LOG_CONFIRM_LINKS:
            # The console backend prints a long MIME dump; this is the line a newcomer looks for.
            logger.info("Confirmation link for %s: %s", subscriber.email, confirmation_url(record))
    return "sent"


def subscription_confirm(*, consent, ip_network="") -> tuple[Subscriber, list[NewsletterList]]:
    """Activate a signup request (the click on the confirmation link's button).

    Idempotent: a second click changes nothing. A link mailed before the
    subscriber last unsubscribed no longer brings them back: leaving wins
    over an older request.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=consent.subscriber_id)
        if consent.action != ConsentRecord.Action.REQUESTED:
            raise ConfirmationRefused("This link does not confirm a signup.")
        if subscriber.unsubscribed_at and consent.created_at < subscriber.unsubscribed_at:
            raise ConfirmationRefused("You unsubscribed after this link was sent. To come back, sign up again.")
        if Suppression.objects.filter(email=subscriber.email).exists():
            raise ConfirmationRefused("This address no longer receives our emails. Please contact us to restore it.")
        wanted = list(consent.lists.filter(is_active=True))
        have = set(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
        added = [item for item in wanted if item.pk not in have]
        if subscriber.is_active and not added:
            return subscriber, []
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, newsletter_list=item) for item in added], ignore_conflicts=True
        )
        now = timezone.now()
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        consent_record(
            subscriber=subscriber,
            action=ConsentRecord.Action.CONFIRMED,
            source=consent.source,
            lists=wanted,
            ip_network=ip_network,
            note=f"Confirms request #{consent.pk}",
        )
    return subscriber, added


def deliveries_stop(*, subscriber_ids, reason, list_ids=None) -> int:
    """Stop mail not yet sent to these subscribers (during a send: nothing more reaches them)."""
    rows = Delivery.objects.filter(
        subscriber_id__in=subscriber_ids, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if list_ids is not None:
        rows = rows.filter(issue__newsletter_list_id__in=list_ids)
    return rows.update(status=Delivery.Status.SUPPRESSED, last_error=reason[:500], claimed_by="")


def subscriber_unsubscribe(*, subscriber, source, ip_network="", note="", issue_id=None) -> bool:
    """Take the subscriber off every list; returns False if they had already left.

    The time is recorded; coming back takes a new double opt-in. `issue_id`:
    the issue whose unsubscribe link was used, counted in its figures (not
    with the person).
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return False
        lists = list(subscriber.lists.all())
        subscriber.subscriptions.all().delete()
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        consent_record(
            subscriber=subscriber,
            action=ConsentRecord.Action.UNSUBSCRIBED,
            source=source,
            lists=lists,
            ip_network=ip_network,
            note=note,
        )
        deliveries_stop(subscriber_ids=[subscriber.pk], reason="Unsubscribed during the send")
        subscriber.clicks.all().delete()  # a click history was kept for their newsletters: it goes with them
        if issue_id:
            from newsletter.services.clicks import issue_day_count

            issue_day_count(issue_id=issue_id, field="unsubscribes")
    return True


def preferences_update(*, subscriber, list_ids, ip_network="", share_clicks=None) -> Subscriber:
    """Set an active subscriber's lists; no list left means unsubscribed.

    `share_clicks` (None: unchanged) turns the subscriber's click history on
    or off for all their lists; a change is a consent record of its own.
    """
    wanted = list(NewsletterList.objects.active().filter(pk__in=list_ids))
    if not wanted:
        subscriber_unsubscribe(subscriber=subscriber, source=ConsentRecord.Source.PREFERENCES, ip_network=ip_network)
        return subscriber
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not subscriber.is_active:
            return subscriber
        have = set(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
        # Lists closed to signups stay as they are: the form does not show them.
        open_ids = set(NewsletterList.objects.active().values_list("pk", flat=True))
        keep = {item.pk for item in wanted}
        removed = (have & open_ids) - keep
        added = keep - have
        flag_changed = share_clicks is not None and (
            subscriber.subscriptions.exclude(newsletter_list_id__in=removed)
            .exclude(share_clicks=share_clicks)
            .update(share_clicks=share_clicks)
        )
        if not removed and not added and not flag_changed:
            return subscriber
        if flag_changed and not share_clicks:
            subscriber.clicks.all().delete()  # consent withdrawn: the history kept so far goes too
        subscriber.subscriptions.filter(newsletter_list_id__in=removed).delete()
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, newsletter_list_id=pk, share_clicks=bool(share_clicks))
             for pk in added],
            ignore_conflicts=True,
        )  # fmt: skip
        consent_record(
            subscriber=subscriber,
            action=ConsentRecord.Action.PREFERENCES,
            source=ConsentRecord.Source.PREFERENCES,
            lists=NewsletterList.objects.filter(pk__in=(have - removed) | added),
            ip_network=ip_network,
            note=(f"Click history turned {'on' if share_clicks else 'off'}." if flag_changed else ""),
        )
        if removed:
            deliveries_stop(subscriber_ids=[subscriber.pk], reason="Left the list during the send", list_ids=removed)
    return subscriber


def signup_attempt(ip):
    """Count a signup attempt from `ip` around its processing; yields False past NEWSLETTER_SIGNUPS_PER_IP.

    A signup that fails (the database down) is not counted: see `rate_attempt`.
    """
    return rate_attempt(
        scope="newsletter:signup-rate",
        ip=ip,
        limit=settings.NEWSLETTER_SIGNUPS_PER_IP,
        window=settings.NEWSLETTER_SIGNUP_WINDOW,
    )
