"""The newsletter's send progress and failures on /metrics, read from the delivery ledger."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Issue
from tests.newsletter.factories import DeliveryFactory, IssueFactory
from tests.portal.web.test_metrics import scrape, value

pytestmark = pytest.mark.django_db


def test_an_issue_being_sent_shows_its_progress_and_failures(client):
    sending = IssueFactory(status=Issue.Status.SENDING, started_at=timezone.now())
    for status, count in ((Delivery.Status.SENT, 3), (Delivery.Status.QUEUED, 2), (Delivery.Status.FAILED, 1)):
        for _ in range(count):
            DeliveryFactory(issue=sending, status=status)
    draft = IssueFactory()  # never sent: not on the dashboard
    samples = scrape(client)
    assert value(samples, "newsportal_newsletter_issues_sending") == 1

    def deliveries(issue, status):
        return value(samples, "newsportal_newsletter_deliveries", issue=str(issue.pk), status=status)

    assert [deliveries(sending, s) for s in ("sent", "queued", "sending", "failed", "suppressed")] == [3, 2, 0, 1, 0]
    assert not any(labels and ("issue", str(draft.pk)) in labels for _name, labels in samples)


def test_a_send_that_finished_today_still_shows_and_an_old_one_does_not(client):
    today = IssueFactory(status=Issue.Status.SENT, finished_at=timezone.now())
    DeliveryFactory(issue=today, status=Delivery.Status.SENT)
    old = IssueFactory(status=Issue.Status.SENT, finished_at=timezone.now() - timedelta(days=3))
    DeliveryFactory(issue=old, status=Delivery.Status.FAILED)
    samples = scrape(client)
    assert value(samples, "newsportal_newsletter_deliveries", issue=str(today.pk), status="sent") == 1
    assert value(samples, "newsportal_newsletter_issues_sending") == 0
    assert not any(("issue", str(old.pk)) in labels for _name, labels in samples)
