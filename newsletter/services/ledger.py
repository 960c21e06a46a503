"""The delivery ledger's hot statements in plain SQL: claiming a batch, and the commits around each message.

They run once per message (or per batch) at a million recipients, where the
ORM's query building cost more than the database's work.
"""

import contextlib

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from newsletter.models import Delivery


def claim_portable(issue_id, worker_id, limit, now, lease_start) -> list[int]:
    """Pick and claim in one transaction (SQLite locks the whole database for it)."""
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
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING, claimed_at=now, claimed_by=worker_id
            )
    return ids


def claim_postgresql(issue_id, worker_id, limit, now, lease_start) -> list[int]:
    """Pick and claim in one statement: UPDATE ... RETURNING over rows locked with SKIP LOCKED.

    Stale in-flight rows come first (UNION ALL reads its first branch first,
    and the second only while the limit is not reached); each branch is a
    range scan of its index, so a claim costs the same at row 1,000,000 as at row 1.
    """
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH stale AS (SELECT id FROM {table} WHERE issue_id = %s AND status = %s AND claimed_at < %s "
            "ORDER BY claimed_at, id LIMIT %s FOR UPDATE SKIP LOCKED), "
            f"due AS (SELECT id FROM {table} WHERE issue_id = %s AND status = %s AND next_attempt_at <= %s "
            "ORDER BY next_attempt_at, id LIMIT %s FOR UPDATE SKIP LOCKED), "
            "picked AS (SELECT id FROM (SELECT id FROM stale UNION ALL SELECT id FROM due) AS u LIMIT %s) "
            f"UPDATE {table} AS d SET status = %s, claimed_at = %s, claimed_by = %s FROM picked "
            "WHERE d.id = picked.id RETURNING d.id",
            [issue_id, Delivery.Status.SENDING, lease_start, limit, issue_id, Delivery.Status.QUEUED, now, limit,
             limit, Delivery.Status.SENDING, now, worker_id],
        )  # fmt: skip
        return [pk for (pk,) in cursor.fetchall()]


# The two statements around every SMTP transaction, in plain SQL: they run
# 200,000 times for 100,000 recipients, and the ORM's query building cost
# more than the database's work. Both are portable (SQLite, PostgreSQL).
def mark_started(pk, worker_id, *, sent=None) -> bool:
    """Row `pk` is about to be sent by `worker_id` (False: not ours or stopped; do not send).

    With `sent`, the same statement (one commit) marks that row sent, as mark_sent does.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if sent is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Delivery._meta.db_table} SET attempt_started_at = %s, claimed_at = %s, "
                "attempts = attempts + 1 WHERE id = %s AND status = %s AND claimed_by = %s",
                [now, now, pk, Delivery.Status.SENDING, worker_id],
            )
            return cursor.rowcount == 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET "
            "status = CASE WHEN id = %s THEN %s ELSE status END, "
            "sent_at = CASE WHEN id = %s THEN %s ELSE sent_at END, "
            "last_error = CASE WHEN id = %s THEN '' ELSE last_error END, "
            "claimed_by = CASE WHEN id = %s THEN '' ELSE claimed_by END, "
            "attempt_started_at = CASE WHEN id = %s THEN %s ELSE attempt_started_at END, "
            "claimed_at = CASE WHEN id = %s THEN %s ELSE claimed_at END, "
            "attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END "
            "WHERE id = %s OR (id = %s AND status = %s AND claimed_by = %s) RETURNING id",
            [sent, Delivery.Status.SENT, sent, now, sent, sent, pk, now, pk, now, pk,
             sent, pk, Delivery.Status.SENDING, worker_id],
        )  # fmt: skip
        return any(found == pk for (found,) in cursor.fetchall())


def mark_sent(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, last_error = '', claimed_by = '' "
            "WHERE id = %s",
            [Delivery.Status.SENT, connection.ops.adapt_datetimefield_value(timezone.now()), pk],
        )


@contextlib.contextmanager
def commit_mode():
    """NEWSLETTER_ASYNC_COMMIT on PostgreSQL: this session's commits do not wait for the WAL flush.

    Each row's state is still committed before and after its SMTP transaction,
    and survives the worker dying at any point; a crash of PostgreSQL itself
    could lose the last fraction of a second of them (those rows are sent
    again, with the same Message-ID). Off by default; the benchmark measures both.
    """
    if not (settings.NEWSLETTER_ASYNC_COMMIT and connection.vendor == "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
