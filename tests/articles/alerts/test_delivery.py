"""Sending an alert through a local push service that checks VAPID and decrypts each push as the browser would."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.alerts import delivery
from articles.alerts.delivery import INTERRUPTED, OPTED_OUT, alert_deliver
from articles.alerts.keys import vapid_keys
from articles.alerts.models import Alert, AlertDelivery, PushSubscription
from articles.alerts.services import AlertRefused, alert_send, subscription_remove
from tests.articles.alerts.support import subscribe
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
Status = AlertDelivery.Status


@pytest.fixture
def story(article):
    return article


def send(story, django_capture_on_commit_callbacks, title="Oil jumps 8% as talks collapse", body="Brent tops $100."):
    """An editor's alert, sent by the background task (immediate in tests) once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return alert_send(article=story, title=title, body=body, user=None)


def statuses(alert):
    return sorted(alert.deliveries.values_list("status", flat=True))


def test_every_subscriber_gets_the_alert_decrypted_with_title_text_and_link(
    story, push_service, django_capture_on_commit_callbacks
):
    browsers = [push_service.browser() for _ in range(3)]
    for browser in browsers:
        subscribe(browser)
    alert = send(story, django_capture_on_commit_callbacks)
    assert push_service.errors == []
    for browser in browsers:
        (push,) = browser.received
        assert push.payload == {
            "id": alert.pk,
            "title": "Oil jumps 8% as talks collapse",
            "body": "Brent tops $100.",
            "url": story.get_absolute_url(),
            "tag": f"alert-{alert.pk}",
        }
        assert push.urgency == "high" and push.topic == f"alert-{alert.pk}" and int(push.ttl) > 0
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT and alert.finished_at is not None
    assert statuses(alert) == [Status.SENT] * 3


def test_readers_who_chose_sections_get_only_those_sections_alerts(
    story, push_service, django_capture_on_commit_callbacks
):
    markets = CategoryFactory(name="Markets", slug="markets")
    everything = push_service.browser()
    business = push_service.browser()
    only_markets = push_service.browser()
    both = push_service.browser()
    subscribe(everything)
    subscribe(business, story.category)
    subscribe(only_markets, markets)
    subscribe(both, markets, story.category)
    send(story, django_capture_on_commit_callbacks)
    assert [len(b.received) for b in (everything, business, only_markets, both)] == [1, 1, 0, 1]
    send(ArticleFactory(category=markets), django_capture_on_commit_callbacks, title="Markets open lower")
    assert only_markets.titles() == ["Markets open lower"]
    assert business.titles() == ["Oil jumps 8% as talks collapse"]
    assert everything.titles() == both.titles() == ["Oil jumps 8% as talks collapse", "Markets open lower"]


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_subscription_is_removed_and_counted(
    story, push_service, status, django_capture_on_commit_callbacks
):
    gone = push_service.browser(status)
    kept = push_service.browser()
    subscribe(gone)
    subscribe(kept)
    alert = send(story, django_capture_on_commit_callbacks)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [kept.endpoint]
    assert statuses(alert) == [Status.REMOVED, Status.SENT]
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SENT
    # The next alert goes to the one left, and nothing is attempted at the gone address.
    send(story, django_capture_on_commit_callbacks, title="Second")
    assert len(gone.refused) == 1 and gone.received == []
    assert kept.titles() == ["Oil jumps 8% as talks collapse", "Second"]


def test_a_transient_failure_is_retried_by_a_later_run_and_sent_once(
    story, push_service, django_capture_on_commit_callbacks
):
    flaky = push_service.browser(503)
    fine = push_service.browser()
    subscribe(flaky)
    subscribe(fine)
    alert = send(story, django_capture_on_commit_callbacks)
    row = alert.deliveries.get(subscription__endpoint=flaky.endpoint)
    assert row.status == Status.QUEUED and row.last_error == "Push service answered 503" and row.attempts == 1
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SENDING
    # Not due yet: a run now pushes nothing.
    assert alert_deliver(alert=alert).sent == 0
    AlertDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    result = alert_deliver(alert=alert)
    assert (result.sent, result.finished) == (1, True)
    assert flaky.titles() == fine.titles() == ["Oil jumps 8% as talks collapse"]
    # And again: nothing is sent twice.
    assert alert_deliver(alert=Alert.objects.get(pk=alert.pk)).sent == 0
    assert push_service.total_received() == 2


def test_a_refused_push_fails_for_good_without_removing_the_subscription(
    story, push_service, django_capture_on_commit_callbacks
):
    refused = push_service.browser(400)
    subscribe(refused)
    alert = send(story, django_capture_on_commit_callbacks)
    row = alert.deliveries.get()
    assert (row.status, row.last_error) == (Status.FAILED, "Push service answered 400")
    assert PushSubscription.objects.filter(endpoint=refused.endpoint).exists()
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SENT


def test_running_again_sends_nothing_twice(story, push_service, django_capture_on_commit_callbacks):
    browsers = [push_service.browser() for _ in range(5)]
    for browser in browsers:
        subscribe(browser)
    alert = send(story, django_capture_on_commit_callbacks)
    Alert.objects.filter(pk=alert.pk).update(state=Alert.State.SENDING)  # as if the worker died before finishing
    result = alert_deliver(alert=Alert.objects.get(pk=alert.pk))
    assert (result.sent, result.finished) == (0, True)
    assert [len(b.received) for b in browsers] == [1] * 5


def test_a_second_worker_running_meanwhile_does_not_push_the_first_workers_rows(
    story, push_service, django_capture_on_commit_callbacks, monkeypatch
):
    browsers = [push_service.browser() for _ in range(6)]
    for browser in browsers:
        subscribe(browser)
    alert = Alert.objects.create(article=story, category=story.category, title="Rates cut", url="/x/")
    real_push = delivery.webpush
    second = []

    def push_and_let_another_worker_run(**kwargs):
        # Worker "a" holds its claimed batch, mid-push; worker "b" starts, prepares, claims and pushes all it can.
        if not second:
            second.append(None)
            second[0] = alert_deliver(alert=Alert.objects.get(pk=alert.pk), worker_id="b", batch_size=2)
        return real_push(**kwargs)

    monkeypatch.setattr(delivery, "webpush", push_and_let_another_worker_run)
    first = alert_deliver(alert=alert, worker_id="a", batch_size=2)
    assert second[0].sent == 4 and first.sent == 2
    assert [len(b.received) for b in browsers] == [1] * 6
    assert push_service.total_received() == 6
    assert AlertDelivery.objects.filter(alert=alert).count() == 6


def test_a_push_interrupted_mid_request_is_never_sent_again(story, push_service):
    browser = push_service.browser()
    other = push_service.browser()
    subscribe(browser)
    subscribe(other)
    alert = Alert.objects.create(article=story, category=story.category, title="Rates cut", url="/x/")
    delivery.deliveries_prepare(alert=alert)
    long_ago = timezone.now() - timedelta(hours=1)
    # Worker "dead" claimed both; it had started pushing the first when it died, not the second.
    AlertDelivery.objects.filter(alert=alert).update(status=Status.SENDING, claimed_by="dead", claimed_at=long_ago)
    AlertDelivery.objects.filter(alert=alert, subscription__endpoint=browser.endpoint).update(
        attempt_started_at=long_ago
    )
    result = alert_deliver(alert=alert)
    assert (result.sent, result.finished) == (1, True)
    assert browser.received == [] and other.titles() == ["Rates cut"]
    assert alert.deliveries.get(subscription__endpoint=browser.endpoint).last_error == INTERRUPTED


def test_a_lease_still_running_is_left_to_its_worker(story, push_service):
    browser = push_service.browser()
    subscribe(browser)
    alert = Alert.objects.create(article=story, category=story.category, title="Rates cut", url="/x/")
    delivery.deliveries_prepare(alert=alert)
    AlertDelivery.objects.filter(alert=alert).update(
        status=Status.SENDING, claimed_by="busy", claimed_at=timezone.now()
    )
    result = alert_deliver(alert=alert)
    assert (result.sent, result.finished) == (0, False) and result.next_wake is not None
    assert browser.received == []


def test_without_keys_nothing_is_sent_and_the_editor_is_told(story, settings, push_service):
    subscribe(push_service.browser())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_KEYS_FILE = None
    with pytest.raises(AlertRefused, match="no VAPID key pair"):
        alert_send(article=story, title="x", body="", user=None)
    assert not Alert.objects.exists()


def test_only_published_non_commercial_stories_are_announced(push_service, section):
    draft = ArticleFactory(category=section, status="draft")
    with pytest.raises(AlertRefused, match="Only a published story"):
        alert_send(article=draft, title="x", body="", user=None)


def test_a_reader_who_opts_out_while_the_alert_goes_out_gets_nothing(story, push_service):
    leaving = push_service.browser()
    staying = push_service.browser()
    subscribe(staying)
    subscribe(leaving)
    alert = Alert.objects.create(article=story, category=story.category, title="Rates cut", url="/x/")
    delivery.deliveries_prepare(alert=alert)
    sender = delivery.Sender(alert, keys=vapid_keys(), worker_id="w", batch_size=10)
    rows = delivery.deliveries_claim(alert_id=alert.pk, worker_id="w", limit=10)
    subscription_remove(endpoint=leaving.endpoint)  # between the claim and its push
    for row in rows:
        sender.send_one(row)
    assert leaving.received == [] and staying.titles() == ["Rates cut"]
    assert statuses(alert) == [Status.REMOVED, Status.SENT]
    assert alert.deliveries.get(status=Status.REMOVED).last_error == OPTED_OUT


def test_send_alerts_resumes_what_is_left_and_then_has_nothing_to_do(story, push_service):
    browsers = [push_service.browser(), push_service.browser()]
    for browser in browsers:
        subscribe(browser)
    alert = Alert.objects.create(article=story, category=story.category, title="Rates cut", url="/x/")
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    assert out.getvalue() == f"Alert {alert.pk}: 2 sent, 0 failed, 0 removed, 0 to retry, finished.\n"
    call_command("send_alerts", stdout=out)
    assert out.getvalue().count("\n") == 1  # the alert is sent: nothing more
    assert [len(b.received) for b in browsers] == [1, 1]
