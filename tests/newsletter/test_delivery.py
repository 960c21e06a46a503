"""The send pipeline in-process: prepare, claim, send, retry, fail, stop for leavers, finish."""

import smtplib
from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import ConsentRecord, Delivery, Issue, Subscriber, Suppression
from newsletter.services.delivery import (
    classify,
    deliveries_claim,
    deliveries_prepare,
    issue_deliver,
    retry_delay,
)
from newsletter.services.issues import issue_send
from newsletter.services.subscriptions import subscriber_unsubscribe
from newsletter.services.suppressions import suppression_add
from tests.newsletter.factories import IssueFactory, SubscriberFactory, SuppressionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(daily, article):
    """An issue of Daily Headlines, "sending", with 5 active subscribers (and some who must not get it)."""
    people = [SubscriberFactory(email=f"p{n}@example.com", lists=[daily]) for n in range(5)]
    SubscriberFactory(email="pending@example.com", status=Subscriber.Status.PENDING, lists=[daily])
    SubscriberFactory(email="elsewhere@example.com")  # on no list
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, started_at=timezone.now())
    issue.refresh_from_db()
    return issue, people


def statuses(issue):
    return dict(Delivery.objects.filter(issue=issue).values_list("subscriber__email", "status"))


def test_prepare_writes_one_row_per_active_subscriber_with_its_message_id(sending):
    issue, people = sending
    SuppressionFactory(email="p4@example.com")
    assert deliveries_prepare(issue=issue) == 5
    rows = {d.subscriber.email: d for d in Delivery.objects.filter(issue=issue).select_related("subscriber")}
    assert set(rows) == {p.email for p in people}
    assert rows["p4@example.com"].status == Delivery.Status.SUPPRESSED
    assert all(d.message_id.startswith(f"<nl.{issue.pk}.") and d.message_id.endswith("@news.example.com>")
               for d in rows.values())  # fmt: skip
    assert len({d.message_id for d in rows.values()}) == 5
    issue.prepared_at = None
    assert deliveries_prepare(issue=issue) == 5  # idempotent: nothing doubled
    assert Delivery.objects.filter(issue=issue).count() == 5


def test_a_send_delivers_each_subscriber_once_and_finishes(sending, scripted):
    issue, people = sending
    result = issue_deliver(issue=issue, batch_size=2)
    assert result.sent == 5 and result.finished
    assert sorted(m.to[0] for m in scripted.sent) == sorted(p.email for p in people)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.finished_at
    assert set(statuses(issue).values()) == {Delivery.Status.SENT}
    assert scripted.opened == 3  # one connection per batch of 2
    again = issue_deliver(issue=issue)
    assert again.sent == 0 and len(scripted.sent) == 5


def test_transient_errors_retry_with_backoff_and_permanent_ones_fail(sending, scripted, settings):
    issue, _ = sending
    scripted.script = {
        "p1@example.com": [smtplib.SMTPRecipientsRefused({"p1@example.com": (451, b"try later")})],
        "p2@example.com": [smtplib.SMTPRecipientsRefused({"p2@example.com": (550, b"no such user")})],
        "p3@example.com": [smtplib.SMTPDataError(554, b"rejected as spam")],
    }
    result = issue_deliver(issue=issue)
    assert result.sent == 2 and result.retried == 1 and result.failed == 2 and not result.finished
    rows = {d.subscriber.email: d for d in Delivery.objects.filter(issue=issue).select_related("subscriber")}
    retry = rows["p1@example.com"]
    assert retry.status == Delivery.Status.QUEUED and "451" in retry.last_error and retry.attempts == 1
    assert retry.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert rows["p2@example.com"].status == Delivery.Status.FAILED
    assert Suppression.objects.filter(email="p2@example.com", reason=Suppression.Reason.HARD_BOUNCE).exists()
    assert rows["p3@example.com"].status == Delivery.Status.FAILED
    assert not Suppression.objects.filter(email="p3@example.com").exists()  # a content rejection is not a bounce
    # When the retry is due, it goes out with the same Message-ID.
    Delivery.objects.filter(pk=retry.pk).update(next_attempt_at=timezone.now())
    result = issue_deliver(issue=issue)
    assert result.sent == 1 and result.finished
    assert scripted.sent[-1].extra_headers["Message-ID"] == retry.message_id


def test_a_lost_connection_releases_the_rest_of_the_batch(sending, scripted):
    issue, _ = sending
    scripted.script = {"p0@example.com": [smtplib.SMTPServerDisconnected("gone")]}
    result = issue_deliver(issue=issue, batch_size=5)
    assert result.sent == 0 and result.retried == 1
    assert set(statuses(issue).values()) == {Delivery.Status.QUEUED}
    # Only the message that was attempted counts an attempt.
    assert sorted(Delivery.objects.filter(issue=issue).values_list("attempts", flat=True)) == [0, 0, 0, 0, 1]


def test_give_up_after_max_attempts(sending, scripted, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    issue, _ = sending
    scripted.script = {"p0@example.com": [ConnectionRefusedError("down"), ConnectionRefusedError("down")]}
    for _ in range(3):  # a broken connection also puts the rest of the batch back, for later
        result = issue_deliver(issue=issue)
        Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED).update(next_attempt_at=timezone.now())
    row = Delivery.objects.get(issue=issue, subscriber__email="p0@example.com")
    assert row.status == Delivery.Status.FAILED and row.attempts == 2 and result.finished
    assert len(scripted.sent) == 4


def test_nobody_gets_anything_after_unsubscribing_during_the_send(sending, scripted):
    issue, people = sending
    leaver, later = people[2], people[4]

    def leave_when_p0_is_sent(message):
        if message.to == ["p0@example.com"]:
            subscriber_unsubscribe(subscriber=leaver, source=ConsentRecord.Source.ONE_CLICK)
            suppression_add(email=later.email, reason=Suppression.Reason.COMPLAINT)

    scripted.before_send = leave_when_p0_is_sent
    result = issue_deliver(issue=issue, batch_size=5)  # they are in the batch already claimed
    received = [m.to[0] for m in scripted.sent]
    assert leaver.email not in received and later.email not in received
    assert result.sent == 3 and result.finished
    assert statuses(issue)[leaver.email] == Delivery.Status.SUPPRESSED
    assert statuses(issue)[later.email] == Delivery.Status.SUPPRESSED


def test_rows_of_subscribers_who_left_behind_the_services_back_are_not_sent(sending, scripted):
    issue, people = sending
    deliveries_prepare(issue=issue)
    Subscriber.objects.filter(pk=people[1].pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    Suppression.objects.create(email=people[3].email)
    result = issue_deliver(issue=issue)  # the claim re-checks both
    assert result.sent == 3
    assert statuses(issue)[people[1].email] == statuses(issue)[people[3].email] == Delivery.Status.SUPPRESSED


def test_leavers_rows_not_yet_claimed_are_stopped_at_once(sending, scripted):
    issue, people = sending
    deliveries_prepare(issue=issue)
    subscriber_unsubscribe(subscriber=people[0], source=ConsentRecord.Source.UNSUBSCRIBE_PAGE)
    assert statuses(issue)[people[0].email] == Delivery.Status.SUPPRESSED
    issue_deliver(issue=issue)
    assert people[0].email not in [m.to[0] for m in scripted.sent]


def test_stale_in_flight_rows_are_reclaimed_after_the_lease_with_the_same_message_id(sending, scripted, settings):
    issue, _ = sending
    deliveries_prepare(issue=issue)
    crashed = deliveries_claim(issue_id=issue.pk, worker_id="dead-worker", limit=2)
    assert len(crashed) == 2
    # Not before the lease runs out ...
    assert {r.pk for r in deliveries_claim(issue_id=issue.pk, worker_id="w2", limit=10)}.isdisjoint(
        {r.pk for r in crashed}
    )
    Delivery.objects.filter(issue=issue, claimed_by="w2").update(status=Delivery.Status.QUEUED, claimed_by="")
    # ... and after.
    Delivery.objects.filter(pk__in=[r.pk for r in crashed]).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    )
    result = issue_deliver(issue=issue)
    assert result.sent == 5 and result.finished
    ids = {m.to[0]: m.extra_headers["Message-ID"] for m in scripted.sent}
    for row in crashed:
        assert ids[row.subscriber.email] == row.message_id


def test_a_worker_whose_lease_was_taken_over_does_not_send(sending, scripted):
    issue, _ = sending
    deliveries_prepare(issue=issue)
    mine = deliveries_claim(issue_id=issue.pk, worker_id="slow", limit=1)
    Delivery.objects.filter(pk=mine[0].pk).update(claimed_by="other")
    from newsletter.services.delivery import Sender

    sender = Sender(issue, worker_id="slow")
    from django.core.mail import get_connection

    assert sender.send_one(get_connection(), mine[0]) is True
    assert scripted.sent == []


def test_classify():
    assert classify(smtplib.SMTPRecipientsRefused({"a": (450, b"busy")})).transient
    refused = classify(smtplib.SMTPRecipientsRefused({"a": (550, b"unknown")}))
    assert not refused.transient and refused.hard_bounce
    assert classify(smtplib.SMTPResponseException(421, b"closing")).reconnect
    assert not classify(smtplib.SMTPDataError(552, b"too big")).transient
    assert classify(TimeoutError()).transient and classify(TimeoutError()).reconnect
    from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

    assert not classify(AnymailRecipientsRefused()).transient
    assert classify(AnymailAPIError(status_code=503)).transient
    assert not classify(AnymailAPIError(status_code=422)).transient


def test_retry_delay_grows_and_is_capped(settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 10
    settings.NEWSLETTER_RETRY_MAX_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [10, 20, 40, 60, 60]


def test_rate_limit_spaces_the_messages(sending, scripted, settings):
    import time

    issue, _ = sending
    started = time.monotonic()
    issue_deliver(issue=issue, rate=2)  # 5 messages at 2/s: at least 2 second boundaries
    assert time.monotonic() - started >= 1.0
    assert len(scripted.sent) == 5


def test_issue_send_through_the_task_queue(daily, article, scripted, django_capture_on_commit_callbacks):
    SubscriberFactory(email="q@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert [m.to for m in scripted.sent] == [["q@example.com"]]
