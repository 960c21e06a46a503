"""Sending an issue: the delivery ledger, claimed in batches by any number of workers.

How a crash is survived (README, "Sending that survives faults"):

1. `deliveries_prepare` writes one row per recipient, each with its final
   Message-ID, before anything is sent. It is idempotent (UNIQUE(issue,
   subscriber) + ignore_conflicts), so a crash while preparing is resumed.
2. A worker claims a batch: rows go from queued to sending under a lease
   (claimed_at, claimed_by), in a short transaction, with SKIP LOCKED on
   PostgreSQL so concurrent workers never claim the same row.
3. Around each SMTP transaction the row is committed twice: right before
   (attempt_started_at; this also re-checks that the subscriber is still
   active and unsuppressed, and that the lease is still ours) and right
   after (sent / queued for retry / failed).
4. A row left "sending" after a crash is claimed again once its lease
   expires and re-sent with the same Message-ID.

The residual window: a crash after the server accepted a message and before
step 3's second commit sends that message again, with the same Message-ID
(which mailbox providers use to drop the copy). That is at most one message
per worker per crash; no design can close it, as SMTP and the database
cannot commit together.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from newsletter.changes import issue_keys
from newsletter.models import Delivery, Issue, Subscriber, Subscription, Suppression
from newsletter.services.emails import message_id_for
from newsletter.tokens import clicker_tag, manage_token
from portal.web import changes
from portal.web.resilientcache import CacheUnavailable

logger = logging.getLogger(__name__)
PREPARE_CHUNK = 2000
HARD_BOUNCE_CODES = {550, 551, 553}


@dataclass
class Failure:
    transient: bool
    message: str
    reconnect: bool = False
    hard_bounce: bool = False


@dataclass
class DeliverResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    finished: bool = False
    next_wake: object = None  # when rows waiting for a retry or a lease become due
    errors: list = field(default_factory=list)


def deliveries_prepare(*, issue) -> int:
    """Write a delivery row for every active subscriber of the issue's list (idempotent).

    Walks the list in id order, a chunk at a time, so memory stays flat however
    long the list is. Addresses on the suppression list get a "suppressed" row,
    so the issue's progress shows them.
    """
    if issue.prepared_at:
        return 0
    suppressed = Exists(Suppression.objects.filter(email=OuterRef("email")))
    audience = (
        Subscriber.objects.active()
        .filter(subscriptions__newsletter_list_id=issue.newsletter_list_id)
        .annotate(suppressed=suppressed)
        .order_by("pk")
    )
    created, last = 0, 0
    while True:
        chunk = list(audience.filter(pk__gt=last).values_list("pk", "suppressed")[:PREPARE_CHUNK])
        if not chunk:
            break
        now = timezone.now()
        rows = [
            Delivery(
                issue_id=issue.pk,
                subscriber_id=pk,
                message_id=message_id_for(issue.pk, pk),
                status=Delivery.Status.SUPPRESSED if is_suppressed else Delivery.Status.QUEUED,
                last_error="On the suppression list" if is_suppressed else "",
                next_attempt_at=now,
            )
            for pk, is_suppressed in chunk
        ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
        last = chunk[-1][0]
    Issue.objects.filter(pk=issue.pk, prepared_at__isnull=True).update(prepared_at=timezone.now())
    issue.prepared_at = timezone.now()
    return created


def deliveries_claim(*, issue_id, worker_id, limit) -> list[Delivery]:
    """Claim up to `limit` rows for this worker: stale in-flight ones first, then due queued ones.

    Returns the claimed rows with their subscriber's address, minus those
    whose subscriber left or was suppressed since the rows were made (they
    are marked suppressed here and never sent).
    """
    now = timezone.now()
    lease_start = now - timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    mine = Delivery.objects.filter(issue_id=issue_id)
    with transaction.atomic():
        stale = (
            mine.filter(status=Delivery.Status.SENDING, claimed_at__lt=lease_start)
            .order_by("claimed_at", "pk")
            .select_for_update(skip_locked=True)
        )
        ids = list(stale.values_list("pk", flat=True)[:limit])
        if len(ids) < limit:
            # Ordered like the index (issue, status, next_attempt_at, id): a range scan, not a sort.
            due = (
                mine.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .select_for_update(skip_locked=True)
            )
            ids += list(due.values_list("pk", flat=True)[: limit - len(ids)])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENDING, claimed_at=now, claimed_by=worker_id)
    rows = list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker_id, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .only("pk", "message_id", "attempts", "attempt_started_at", "subscriber__email", "subscriber__key",
              "subscriber__status")
        .annotate(suppressed=Exists(Suppression.objects.filter(email=OuterRef("subscriber__email"))),
                  personal=Exists(Subscription.objects.filter(subscriber=OuterRef("subscriber"), share_clicks=True,
                                                              newsletter_list__issues=issue_id)))
        .order_by("pk")
    )  # fmt: skip
    gone = {row.pk for row in rows if row.suppressed or not row.subscriber.is_active}
    if gone:
        Delivery.objects.filter(pk__in=gone, claimed_by=worker_id).update(
            status=Delivery.Status.SUPPRESSED, last_error="Unsubscribed or suppressed before sending", claimed_by=""
        )
    return [row for row in rows if row.pk not in gone]


def classify(error) -> Failure:
    """Transient (4xx, lost connection: retry later) or permanent (5xx: give up)."""
    try:
        text = f"{type(error).__name__}: {error}"[:500]
    except Exception:  # noqa: BLE001 - some exceptions cannot describe themselves
        text = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = next(iter(error.recipients.values()))[0] if error.recipients else 550
        return Failure(transient=400 <= code < 500, message=text, hard_bounce=code in HARD_BOUNCE_CODES)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        if code == 421:  # the server is closing the connection
            return Failure(transient=True, message=text, reconnect=True)
        return Failure(transient=not 500 <= code < 600, message=text, reconnect=not 400 <= code < 600)
    if isinstance(error, OSError):  # SMTPServerDisconnected, refused, timeouts, DNS
        return Failure(transient=True, message=text, reconnect=True)
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is a requirement
        AnymailAPIError = AnymailRecipientsRefused = ()  # noqa: N806
    if isinstance(error, AnymailRecipientsRefused):
        return Failure(transient=False, message=text)
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return Failure(transient=status is None or status == 429 or status >= 500, message=text)
    # Anything else is most likely ours (a bug, a template); retried, but only NEWSLETTER_MAX_ATTEMPTS times.
    return Failure(transient=True, message=text)


def retry_delay(attempts) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base ... capped."""
    seconds = settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NEWSLETTER_RETRY_MAX_SECONDS))


class RateLimiter:
    """At most `rate` messages per second across all workers sharing the cache.

    A one-second window in Django's cache: with Redis it holds for every
    worker together; with the local-memory cache, per process.
    """

    def __init__(self, rate):
        self.rate = rate

    def wait(self):
        if not self.rate or self.rate <= 0:
            return
        while True:
            now = time.time()
            key = f"newsletter:send-rate:{int(now)}"
            cache.add(key, 0, 5)
            try:
                count = cache.incr(key)
            except ValueError:
                count = 1
            except CacheUnavailable:
                # No shared count while the cache is down: pace this worker alone to the rate.
                time.sleep(1 / self.rate)
                return
            if count <= self.rate:
                return
            time.sleep(max(0.001, 1 - (now % 1)))


class Sender:
    """One worker's view of one issue: claims batches and sends them over one connection each."""

    def __init__(self, issue, *, worker_id=None, batch_size=None, rate=None):
        from newsletter.services.issues import issue_email

        self.issue = issue
        self.worker_id = worker_id or uuid.uuid4().hex[:16]
        self.batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
        self.limiter = RateLimiter(settings.NEWSLETTER_RATE_LIMIT if rate is None else rate)
        self.email = issue_email(issue)
        self.result = DeliverResult()

    def run_batch(self) -> int:
        """Claim and send one batch; returns how many rows were claimed (0: nothing to do now)."""
        rows = deliveries_claim(issue_id=self.issue.pk, worker_id=self.worker_id, limit=self.batch_size)
        if not rows:
            return 0
        connection = get_connection()
        try:
            for index, row in enumerate(rows):
                if not self.send_one(connection, row):
                    self.release(rows[index + 1 :])
                    break
        finally:
            self.close(connection)
        Issue.objects.filter(pk=self.issue.pk).update(heartbeat_at=timezone.now())
        return len(rows)

    def send_one(self, connection, row) -> bool:
        """Send one row; False when the connection is unusable and the batch should stop."""
        self.limiter.wait()
        # Commit before: the attempt starts, if the row is still ours and still "sending" (an
        # unsubscribe or a suppression during the send turns it "suppressed"; see deliveries_stop).
        if not mark_started(row.pk, self.worker_id):
            self.result.skipped += 1
            return True
        message = self.email.message_for(
            email=row.subscriber.email, token=manage_token(row.subscriber), message_id=row.message_id,
            clicker=clicker_tag(self.issue.pk, row.subscriber, personal=row.personal),
        )  # fmt: skip
        try:
            connection.open()
            connection.send_messages([message])
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
            failure = classify(error)
            self.record_failure(row, failure)
            if failure.reconnect:
                self.close(connection)
                return False
            return True
        # Commit after: sent. Unconditional, so a worker that took over an expired lease does not send again.
        mark_sent(row.pk)
        self.result.sent += 1
        return True

    def record_failure(self, row, failure):
        attempts = row.attempts + 1
        mine = Delivery.objects.filter(pk=row.pk, claimed_by=self.worker_id, status=Delivery.Status.SENDING)
        if failure.transient and attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
            mine.update(
                status=Delivery.Status.QUEUED,
                next_attempt_at=timezone.now() + retry_delay(attempts),
                last_error=failure.message,
                claimed_by="",
            )
            self.result.retried += 1
        else:
            mine.update(status=Delivery.Status.FAILED, last_error=failure.message, claimed_by="")
            self.result.failed += 1
            if failure.hard_bounce:
                from newsletter.services.suppressions import suppression_add

                suppression_add(email=row.subscriber.email, reason=Suppression.Reason.HARD_BOUNCE, note=failure.message)
        if len(self.result.errors) < 100:  # a sample for the log and the command's output; memory stays flat
            self.result.errors.append(failure.message)
        logger.warning("Issue %s to %s: %s", self.issue.pk, row.subscriber.email, failure.message)

    def release(self, rows):
        """Give rows back to the queue untried (the connection broke before their turn)."""
        if rows:
            Delivery.objects.filter(pk__in=[r.pk for r in rows], claimed_by=self.worker_id).update(
                status=Delivery.Status.QUEUED, next_attempt_at=timezone.now() + retry_delay(1), claimed_by=""
            )

    @staticmethod
    def close(connection):
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is gone either way
            logger.debug("closing the mail connection failed", exc_info=True)


# The two statements around every SMTP transaction, in plain SQL: they run
# 200,000 times for 100,000 recipients, and the ORM's query building cost
# more than the database's work. Both are portable (SQLite, PostgreSQL).
def mark_started(pk, worker_id) -> bool:
    """Row `pk` is about to be sent by `worker_id` (False: not ours or stopped; do not send)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET attempt_started_at = %s, claimed_at = %s, attempts = attempts + 1 "
            "WHERE id = %s AND status = %s AND claimed_by = %s",
            [now, now, pk, Delivery.Status.SENDING, worker_id],
        )
        return cursor.rowcount == 1


def mark_sent(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, last_error = '', claimed_by = '' "
            "WHERE id = %s",
            [Delivery.Status.SENT, connection.ops.adapt_datetimefield_value(timezone.now()), pk],
        )


def next_wake(issue_id):
    """When the next row of the issue becomes claimable (None: nothing left to wait for)."""
    rows = Delivery.objects.filter(issue_id=issue_id)
    retry = rows.filter(status=Delivery.Status.QUEUED).aggregate(t=Min("next_attempt_at"))["t"]
    inflight = rows.filter(status=Delivery.Status.SENDING).aggregate(t=Min("claimed_at"))["t"]
    if inflight:
        inflight += timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    times = [t for t in (retry, inflight) if t]
    return min(times) if times else None


def issue_finish_if_done(issue) -> bool:
    """Mark the issue sent once every row is final; True if it is (now) sent."""
    issue.refresh_from_db(fields=["status", "prepared_at", "finished_at"])
    if issue.status == Issue.Status.SENT:
        return True
    if not issue.prepared_at:
        return False
    open_rows = Delivery.objects.filter(issue=issue, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
    if open_rows.exists():
        return False
    delivered = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()  # once, for the figures
    sent = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, finished_at=timezone.now(), delivered=delivered
    )
    if sent:
        # update() sends no model signals: the newsletter page lists sent issues.
        changes.announce(*issue_keys(issue))
    return True


def issue_deliver(*, issue, worker_id=None, wait=False, batch_size=None, rate=None, progress=None) -> DeliverResult:
    """Send an issue that is "sending" until nothing is left for this worker.

    `wait=False` (the task): return when nothing is claimable now; rows
    waiting for a retry or a lease are picked up by a later task.
    `wait=True` (`send_issue`): sleep until they are due and finish the issue.
    `progress(result)` is called after every batch.
    """
    if issue.status != Issue.Status.SENDING:
        return DeliverResult(finished=issue.status == Issue.Status.SENT)
    deliveries_prepare(issue=issue)
    sender = Sender(issue, worker_id=worker_id, batch_size=batch_size, rate=rate)
    while True:
        claimed = sender.run_batch()
        if progress:
            progress(sender.result)
        if claimed:
            continue
        if issue_finish_if_done(issue):
            sender.result.finished = True
            break
        wake = next_wake(issue.pk)
        if not wait:
            sender.result.next_wake = wake
            break
        delay = (wake - timezone.now()).total_seconds() if wake else 1.0
        time.sleep(min(max(delay, 0.05), 5.0))
    return sender.result
