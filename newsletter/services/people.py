"""Subscribers in and out as CSV: import (opt-in mail or recorded prior consent) and export."""

import csv
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from newsletter.models import ConsentRecord, NewsletterList, Subscriber, Subscription, Suppression
from newsletter.services.csvfiles import email_rows
from newsletter.services.subscriptions import consent_record, subscription_create

EXPORT_COLUMNS = ["email", "status", "lists", "created_at", "confirmed_at", "unsubscribed_at"]


class SubscriberImport(NamedTuple):
    added: int  # newly active (consented) or sent an opt-in mail
    skipped_suppressed: int
    skipped_unsubscribed: int
    unchanged: int
    invalid: list[str]


def read_addresses(text):
    """Unique addresses from CSV text (first column; a header "email" is skipped) and the bad lines."""
    seen, invalid = {}, []
    for number, email, _cells in email_rows(text, invalid):
        seen.setdefault(email, number)
    return list(seen), invalid


def subscribers_import(*, text, lists, consented, note="", user=None) -> SubscriberImport:
    """Import addresses onto `lists`.

    consented=False: each address gets the same double opt-in mail as a
    signup from the site (and stays pending until it clicks).
    consented=True: the list owner states the people already agreed
    elsewhere; they become active at once and the `note` (required: where
    and when they agreed) goes into a consent record for each.
    Suppressed addresses are skipped; so, with consented=True, are people
    who unsubscribed: only they can bring themselves back.
    """
    if consented and not note.strip():
        raise ValueError("A note saying where and when these people consented is required.")
    emails, invalid = read_addresses(text)
    lists = list(lists)
    list_ids = [item.pk for item in lists]
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    added = skipped_unsubscribed = unchanged = 0
    who = f" (by {user})" if user else ""
    for email in emails:
        if email in suppressed:
            continue
        if not consented:
            subscription_create(
                email=email, list_ids=list_ids, source=ConsentRecord.Source.IMPORT, note=f"CSV import{who}"
            )
            added += 1
            continue
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                skipped_unsubscribed += 1
                continue
            have = set(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
            new = [item for item in lists if item.pk not in have]
            if subscriber.is_active and not new:
                unchanged += 1
                continue
            Subscription.objects.bulk_create(
                [Subscription(subscriber=subscriber, newsletter_list=item) for item in new], ignore_conflicts=True
            )
            if not subscriber.is_active:
                subscriber.status = Subscriber.Status.ACTIVE
                subscriber.confirmed_at = timezone.now()
                subscriber.save(update_fields=["status", "confirmed_at"])
            consent_record(
                subscriber=subscriber,
                action=ConsentRecord.Action.IMPORTED,
                source=ConsentRecord.Source.IMPORT,
                lists=new,
                note=f"{note.strip()}{who}",
            )
            added += 1
    return SubscriberImport(added, len(suppressed), skipped_unsubscribed, unchanged, invalid)


class _Echo:
    """A file-like object whose write() returns the line: csv.writer into a streaming response."""

    def write(self, value):
        return value


def subscribers_csv_rows(queryset):
    """CSV lines for the subscribers in `queryset`, streamed: memory does not grow with the list."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    names = dict(NewsletterList.objects.values_list("pk", "name"))
    memberships = Subscription.objects.values_list("subscriber_id", "newsletter_list_id")
    last = 0
    base = queryset.order_by("pk")
    while True:
        chunk = list(
            base.filter(pk__gt=last).values_list(
                "pk", "email", "status", "created_at", "confirmed_at", "unsubscribed_at"
            )[:2000]
        )
        if not chunk:
            return
        lists = {}
        for subscriber_id, list_id in memberships.filter(subscriber_id__in=[row[0] for row in chunk]):
            lists.setdefault(subscriber_id, []).append(names.get(list_id, ""))
        for pk, email, status, created, confirmed, left in chunk:
            yield writer.writerow(
                [
                    email,
                    status,
                    "; ".join(sorted(lists.get(pk, []))),
                    created.isoformat() if created else "",
                    confirmed.isoformat() if confirmed else "",
                    left.isoformat() if left else "",
                ]
            )
        last = chunk[-1][0]
