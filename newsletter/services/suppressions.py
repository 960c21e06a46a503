"""The suppression list: addresses that must never get mail again."""

from typing import NamedTuple

from django.db import transaction

from newsletter.models import Subscriber, Suppression, normalize_email
from newsletter.services.csvfiles import email_rows
from newsletter.services.subscriptions import deliveries_stop

CHUNK = 1000
REASON_ALIASES = {
    "bounce": Suppression.Reason.HARD_BOUNCE,
    "bounced": Suppression.Reason.HARD_BOUNCE,
    "hard-bounce": Suppression.Reason.HARD_BOUNCE,
    "hard_bounce": Suppression.Reason.HARD_BOUNCE,
    "hardbounce": Suppression.Reason.HARD_BOUNCE,
    "complaint": Suppression.Reason.COMPLAINT,
    "complained": Suppression.Reason.COMPLAINT,
    "spam": Suppression.Reason.COMPLAINT,
    "manual": Suppression.Reason.MANUAL,
    "imported": Suppression.Reason.IMPORTED,
}


class ImportResult(NamedTuple):
    added: int
    already: int
    invalid: list[str]


def suppression_add(*, email, reason, note="") -> tuple[Suppression, bool]:
    """Suppress one address (the first reason is kept) and stop its pending deliveries."""
    email = normalize_email(email)
    with transaction.atomic():
        row, created = Suppression.objects.get_or_create(email=email, defaults={"reason": reason, "note": note[:300]})
        ids = Subscriber.objects.filter(email=email).values_list("pk", flat=True)
        deliveries_stop(subscriber_ids=ids, reason=f"Suppressed: {row.get_reason_display()}")
    return row, created


def suppressions_add_many(*, emails, reason, note="") -> int:
    """Suppress many addresses at once; returns how many were new."""
    emails = sorted({normalize_email(e) for e in emails})
    added = 0
    for start in range(0, len(emails), CHUNK):
        chunk = emails[start : start + CHUNK]
        with transaction.atomic():
            before = Suppression.objects.filter(email__in=chunk).count()
            Suppression.objects.bulk_create(
                [Suppression(email=e, reason=reason, note=note[:300]) for e in chunk], ignore_conflicts=True
            )
            added += Suppression.objects.filter(email__in=chunk).count() - before
            ids = Subscriber.objects.filter(email__in=chunk).values_list("pk", flat=True)
            deliveries_stop(subscriber_ids=ids, reason="Suppressed")
    return added


def read_suppression_csv(text, default_reason=Suppression.Reason.IMPORTED):
    """Rows of (email, reason, note) from CSV text, and the lines that were not usable.

    Columns: email, then optionally reason (bounce, complaint, manual, imported)
    and note. A header row (first cell "email") is skipped. Any ESP's export of
    bounces or complaints reduced to those columns will do.
    """
    rows, invalid = [], []
    for _number, email, cells in email_rows(text, invalid):
        reason = REASON_ALIASES.get((cells[1] if len(cells) > 1 else "").strip().lower(), default_reason)
        note = cells[2].strip() if len(cells) > 2 else ""
        rows.append((email, reason, note))
    return rows, invalid


def suppressions_import(*, text, default_reason=Suppression.Reason.IMPORTED, note="") -> ImportResult:
    """Import a CSV of addresses to suppress (the admin form and `import_suppressions`)."""
    rows, invalid = read_suppression_csv(text, default_reason)
    by_reason = {}
    for email, reason, row_note in rows:
        by_reason.setdefault((reason, row_note or note), []).append(email)
    added = sum(suppressions_add_many(emails=emails, reason=r, note=n) for (r, n), emails in by_reason.items())
    unique = len({email for email, _, _ in rows})
    return ImportResult(added=added, already=unique - added, invalid=invalid)
