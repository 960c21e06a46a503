"""Sending an alert: the delivery ledger, claimed in batches by any number of workers, each push at most once.

The shape is the newsletter's (newsletter/services/delivery.py):

1. `deliveries_prepare` writes one row per subscription that wants the
   story's section, before anything is sent; UNIQUE(alert, subscription)
   and ignore_conflicts make it idempotent, so a crash while preparing is
   resumed and a second worker preparing too adds nothing.
2. A worker claims a batch: rows go from queued to sending under a lease,
   with a conditional UPDATE (and SKIP LOCKED on PostgreSQL), so two
   workers never hold the same row.
3. Around each push request the row is committed twice: right before
   (attempt_started_at, only if the lease is still ours) and right after
   (sent / queued for a retry / failed / removed).
4. A row left "sending" past its lease is claimed again if its attempt
   never started; if it had started, the push may have arrived, so it is
   marked failed rather than sent a second time.

Retries (429, 5xx, a network error) go back to the queue with a growing
delay; the notification's tag is the alert's, so even a push service that
delivered a request we saw fail shows one notification, not two.
"""

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from pywebpush import WebPushException, webpush

from articles.alerts.keys import vapid_keys
from articles.alerts.models import Alert, AlertDelivery, PushSubscription

logger = logging.getLogger(__name__)
PREPARE_CHUNK = 2000
#: The push service says the subscription is gone for good (RFC 8030 §7.3): forget it.
GONE = {404, 410}
OPTED_OUT = "The reader opted out before it was sent"
INTERRUPTED = "Interrupted during the push request; not sent again so that no reader gets it twice"
Status = AlertDelivery.Status


@dataclass
class Failure:
    transient: bool
    message: str
    gone: bool = False


@dataclass
class DeliverResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    removed: int = 0
    finished: bool = False
    next_wake: object = None
    errors: list = field(default_factory=list)


def deliveries_prepare(*, alert) -> int:
    """A queued row for every subscription that wants the alert's section (idempotent, a chunk at a time)."""
    if alert.prepared_at:
        return 0
    audience = PushSubscription.objects.for_section(alert.category_id).order_by("pk")
    created, last = 0, 0
    while True:
        ids = list(audience.filter(pk__gt=last).values_list("pk", flat=True)[:PREPARE_CHUNK])
        if not ids:
            break
        now = timezone.now()
        rows = [AlertDelivery(alert_id=alert.pk, subscription_id=pk, next_attempt_at=now) for pk in ids]
        AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        created, last = created + len(rows), ids[-1]
    alert.prepared_at = timezone.now()
    Alert.objects.filter(pk=alert.pk, prepared_at__isnull=True).update(prepared_at=alert.prepared_at)
    return created


def deliveries_claim(*, alert_id, worker_id, limit) -> list[AlertDelivery]:
    """Claim up to `limit` rows: expired leases first (interrupted ones are given up), then due queued rows."""
    now = timezone.now()
    lease_start = now - timedelta(seconds=settings.WEBPUSH_LEASE_SECONDS)
    mine = AlertDelivery.objects.filter(alert_id=alert_id)
    stale_q = Q(status=Status.SENDING, claimed_at__lt=lease_start)
    due_q = Q(status=Status.QUEUED, next_attempt_at__lte=now)
    with transaction.atomic():
        # An attempt that started and never recorded its outcome may have been delivered: never again.
        mine.filter(stale_q, attempt_started_at__isnull=False).update(
            status=Status.FAILED, last_error=INTERRUPTED, claimed_by=""
        )
        stale = mine.filter(stale_q).order_by("claimed_at", "pk").select_for_update(skip_locked=True)
        ids = list(stale.values_list("pk", flat=True)[:limit])
        if len(ids) < limit:
            due = mine.filter(due_q).order_by("next_attempt_at", "pk").select_for_update(skip_locked=True)
            ids += list(due.values_list("pk", flat=True)[: limit - len(ids)])
        if not ids:
            return []
        # Conditional on the state we read: where row locks are not taken (SQLite), the second of two
        # workers that read the same rows updates none of them.
        AlertDelivery.objects.filter(Q(pk__in=ids) & (stale_q | due_q)).update(
            status=Status.SENDING, claimed_at=now, claimed_by=worker_id, attempt_started_at=None
        )
    return list(
        AlertDelivery.objects.filter(pk__in=ids, claimed_by=worker_id, status=Status.SENDING)
        .select_related("subscription")
        .order_by("pk")
    )


def classify(error) -> Failure:
    """Gone (404/410: remove the subscription), transient (429, 5xx, network: retry) or permanent (other 4xx)."""
    text = f"{type(error).__name__}: {error}"[:500]
    if isinstance(error, WebPushException):
        status = error.response.status_code if error.response is not None else None
        text = f"Push service answered {status}" if status else text
        if status in GONE:
            return Failure(transient=False, message=text, gone=True)
        return Failure(transient=status is None or status == 429 or status >= 500, message=text)
    # requests' ConnectionError and Timeout, and anything unexpected: retried, WEBPUSH_MAX_ATTEMPTS times at most.
    return Failure(transient=True, message=text)


def retry_delay(attempts) -> timedelta:
    return timedelta(seconds=min(settings.WEBPUSH_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1), 3600))


def mark_started(pk, worker_id) -> bool:
    """Row `pk` is about to be pushed by `worker_id` (False: not ours any more, or the reader opted out: no push)."""
    now = timezone.now()
    mine = AlertDelivery.objects.filter(pk=pk, status=Status.SENDING, claimed_by=worker_id)
    if mine.filter(subscription__isnull=False).update(
        attempt_started_at=now, claimed_at=now, attempts=F("attempts") + 1
    ):
        return True
    # The subscription was deleted since the claim (SET_NULL): the reader opted out while the alert went out.
    mine.update(status=Status.REMOVED, last_error=OPTED_OUT, claimed_by="")
    return False


class Sender:
    """One worker's view of one alert: claims batches and pushes them over one HTTP session."""

    def __init__(self, alert, *, keys, worker_id=None, batch_size=None):
        self.alert = alert
        self.keys = keys
        self.worker_id = worker_id or uuid.uuid4().hex[:16]
        self.batch_size = batch_size or settings.WEBPUSH_BATCH_SIZE
        self.data = json.dumps(alert.payload(), ensure_ascii=False)
        self.session = requests.Session()
        self.result = DeliverResult()

    def run_batch(self) -> int:
        rows = deliveries_claim(alert_id=self.alert.pk, worker_id=self.worker_id, limit=self.batch_size)
        for row in rows:
            self.send_one(row)
        return len(rows)

    def send_one(self, row):
        if not mark_started(row.pk, self.worker_id):
            return
        try:
            webpush(
                subscription_info=row.subscription.subscription_info(),
                data=self.data,
                vapid_private_key=self.keys.private,
                vapid_claims={"sub": self.keys.contact},
                ttl=settings.WEBPUSH_TTL_SECONDS,
                timeout=settings.WEBPUSH_TIMEOUT_SECONDS,
                # Urgency: a breaking story may wake a phone; Topic: the push service replaces a copy still waiting.
                headers={"Urgency": "high", "Topic": f"alert-{self.alert.pk}"},
                requests_session=self.session,
            )
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
            self.record_failure(row, classify(error))
            return
        self.finish(row, status=Status.SENT, sent_at=timezone.now(), last_error="")
        self.result.sent += 1

    def finish(self, row, **fields):
        AlertDelivery.objects.filter(pk=row.pk).update(claimed_by="", **fields)

    def record_failure(self, row, failure):
        attempts = row.attempts + 1
        if failure.gone:
            self.finish(row, status=Status.REMOVED, last_error=failure.message)
            PushSubscription.objects.filter(pk=row.subscription_id).delete()
            self.result.removed += 1
        elif failure.transient and attempts < settings.WEBPUSH_MAX_ATTEMPTS:
            when = timezone.now() + retry_delay(attempts)
            self.finish(row, status=Status.QUEUED, next_attempt_at=when, last_error=failure.message)
            self.result.retried += 1
        else:
            self.finish(row, status=Status.FAILED, last_error=failure.message)
            self.result.failed += 1
        if len(self.result.errors) < 100:
            self.result.errors.append(failure.message)
        logger.warning("Alert %s to subscription %s: %s", self.alert.pk, row.subscription_id, failure.message)


def next_wake(alert_id):
    """When the next row becomes claimable (None: nothing left to wait for)."""
    rows = AlertDelivery.objects.filter(alert_id=alert_id)
    retry = rows.filter(status=Status.QUEUED).aggregate(t=Min("next_attempt_at"))["t"]
    inflight = rows.filter(status=Status.SENDING).aggregate(t=Min("claimed_at"))["t"]
    if inflight:
        inflight += timedelta(seconds=settings.WEBPUSH_LEASE_SECONDS)
    times = [t for t in (retry, inflight) if t]
    return min(times) if times else None


def alert_finish_if_done(alert) -> bool:
    """Mark the alert sent once every row is final; True if it is (now) sent."""
    alert.refresh_from_db(fields=["state", "prepared_at", "finished_at"])
    if alert.state == Alert.State.SENT:
        return True
    if not alert.prepared_at or alert.deliveries.filter(status__in=[Status.QUEUED, Status.SENDING]).exists():
        return False
    Alert.objects.filter(pk=alert.pk, state=Alert.State.SENDING).update(
        state=Alert.State.SENT, finished_at=timezone.now()
    )
    return True


def alert_deliver(*, alert, worker_id=None, batch_size=None) -> DeliverResult:
    """Push an alert until nothing is claimable now; rows waiting for a retry are left for a later run."""
    if alert.state != Alert.State.SENDING:
        return DeliverResult(finished=True)
    keys = vapid_keys()
    if keys is None:
        logger.error("Alert %s not sent: the site has no VAPID key pair", alert.pk)
        return DeliverResult(errors=["The site has no VAPID key pair"])
    deliveries_prepare(alert=alert)
    sender = Sender(alert, keys=keys, worker_id=worker_id, batch_size=batch_size)
    try:
        while sender.run_batch():
            pass
    finally:
        sender.session.close()
    sender.result.finished = alert_finish_if_done(alert)
    if not sender.result.finished:
        sender.result.next_wake = next_wake(alert.pk)
    return sender.result
