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
   after (sent / queued for retry / failed). The "sent" of one message and
   the "started" of the next are one statement (one commit, one round trip):
   both happen between the two SMTP transactions, as before.
4. A row left "sending" after a crash is claimed again once its lease
   expires and re-sent with the same Message-ID.

The residual window: a crash after the server accepted a message and before
step 3's second commit sends that message again, with the same Message-ID
(which mailbox providers use to drop the copy). That is at most one message
per worker per crash; no design can close it, as SMTP and the database
cannot commit together.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from newsletter.changes import issue_keys
from newsletter.models import Delivery, Issue, Subscriber, Subscription, Suppression
from newsletter.services.emails import message_id_for
from newsletter.services.ledger import claim_portable, claim_postgresql, commit_mode, mark_sent, mark_started
from newsletter.services.rawmail import RawIssueMail, envelope_sender, pipelining, raw_smtp, send_raw
from newsletter.services.sendpolicy import Failure, RateLimiter, classify, retry_delay  # noqa: F401 - their old home
from newsletter.tokens import clicker_tag, manage_token
from portal.web import changes

logger = logging.getLogger(__name__)
PREPARE_CHUNK = 2000


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
    if connection.vendor == "postgresql":
        ids = claim_postgresql(issue_id, worker_id, limit, now, lease_start)
    else:
        ids = claim_portable(issue_id, worker_id, limit, now, lease_start)
    if not ids:
        return []
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


class Sender:
    """One worker's view of one issue: claims batches and sends them over one connection each."""

    def __init__(self, issue, *, worker_id=None, batch_size=None, rate=None):
        from newsletter.services.issues import issue_email

        self.issue = issue
        self.worker_id = worker_id or uuid.uuid4().hex[:16]
        self.batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
        self.limiter = RateLimiter(settings.NEWSLETTER_RATE_LIMIT if rate is None else rate)
        self.email = issue_email(issue)
        self.raw = RawIssueMail(self.email)
        self.envelope_sender = envelope_sender(settings.NEWSLETTER_FROM_EMAIL)
        self.result = DeliverResult()
        self.unmarked = None  # the row last accepted by the server, whose "sent" rides on the next row's start

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
            self.flush_sent()
            self.close(connection)
        Issue.objects.filter(pk=self.issue.pk).update(heartbeat_at=timezone.now())
        return len(rows)

    def send_one(self, connection, row) -> bool:
        """Send one row; False when the connection is unusable and the batch should stop."""
        if self.limiter.rate:
            self.flush_sent()  # a wait for the rate must not hold back the previous row's "sent"
        self.limiter.wait()
        # Commit before: the attempt starts, if the row is still ours and still "sending" (an
        # unsubscribe or a suppression during the send turns it "suppressed"; see deliveries_stop).
        # The same statement commits the previous row's "sent" (commit after), so each SMTP
        # transaction still has its commit right before and right after, at one round trip per message.
        sent, self.unmarked = self.unmarked, None
        if not mark_started(row.pk, self.worker_id, sent=sent):
            self.result.skipped += 1
            return True
        token, clicker = manage_token(row.subscriber), clicker_tag(self.issue.pk, row.subscriber, personal=row.personal)
        try:
            smtp = raw_smtp(connection)
            pipelined = smtp is not None and pipelining(smtp)
            data = self.raw.bytes_for(email=row.subscriber.email, token=token, message_id=row.message_id,
                                      clicker=clicker, stuffed=pipelined) if smtp else None  # fmt: skip
            if data is not None:
                send_raw(smtp, self.envelope_sender, row.subscriber.email, data, pipelined=pipelined)
            else:
                message = self.email.message_for(
                    email=row.subscriber.email, token=token, message_id=row.message_id, clicker=clicker
                )
                connection.open()
                connection.send_messages([message])
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
            failure = classify(error)
            self.record_failure(row, failure)
            if failure.reconnect:
                self.close(connection)
                return False
            return True
        # Commit after: sent, with the next row's start or on its own (flush_sent). Unconditional, so a
        # worker that took over an expired lease does not send again.
        self.unmarked = row.pk
        self.result.sent += 1
        return True

    def flush_sent(self):
        """Commit the last accepted row's "sent" now (end of a batch, a failure, a rate wait)."""
        if self.unmarked is not None:
            mark_sent(self.unmarked)
            self.unmarked = None

    def record_failure(self, row, failure):
        self.flush_sent()
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
    # Counted once, for the figures: every row is final, so these never change again.
    counts = dict(Delivery.objects.filter(issue=issue).values_list("status").annotate(n=Count("pk")).order_by())
    sent = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, finished_at=timezone.now(), delivered=counts.get(Delivery.Status.SENT, 0),
        delivery_counts=counts,
    )  # fmt: skip
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
    with commit_mode():
        return deliver_loop(issue, Sender(issue, worker_id=worker_id, batch_size=batch_size, rate=rate), wait, progress)


def deliver_loop(issue, sender, wait, progress) -> DeliverResult:
    """issue_deliver's loop: batches until nothing is claimable (or, with `wait`, until the issue is finished)."""
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
