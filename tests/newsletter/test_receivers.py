"""django-anymail tracking webhooks (Postmark's format) feed the suppression list; basic auth checked."""

import base64
import json

import pytest
from django.urls import clear_url_caches

from newsletter.models import Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
URL = "/anymail/postmark/tracking/"
SECRET = "hook:s3cret-for-tests"


@pytest.fixture
def webhooks(settings):
    """The webhook URLs exist only with a secret; reload the URLconf with one."""
    import importlib

    import portal.urls

    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    importlib.reload(portal.urls)
    clear_url_caches()


def post(client, payload, secret=SECRET):
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post(URL, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth)


def bounce(email, kind="HardBounce"):
    return {
        "RecordType": "Bounce", "Type": kind, "TypeCode": 1, "ID": 42, "MessageID": "abc",
        "Email": email, "BouncedAt": "2025-01-01T10:00:00Z", "Description": "The address does not exist.",
        "Details": "smtp;550 5.1.1 user unknown",
    }  # fmt: skip


def test_a_hard_bounce_is_suppressed(client, webhooks):
    assert post(client, bounce("Bounced@Example.com")).status_code == 200
    row = Suppression.objects.get()
    assert row.email == "bounced@example.com" and row.reason == Suppression.Reason.HARD_BOUNCE
    assert "Postmark" in row.note


def test_a_soft_bounce_is_not(client, webhooks):
    assert post(client, bounce("soft@example.com", kind="SoftBounce")).status_code == 200
    assert not Suppression.objects.exists()


def test_a_complaint_is_suppressed(client, webhooks):
    payload = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "Email": "angry@example.com", "ID": 1,
               "BouncedAt": "2025-01-01T10:00:00Z"}  # fmt: skip
    assert post(client, payload).status_code == 200
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT


def test_a_provider_unsubscribe_unsubscribes(client, webhooks, daily):
    subscriber = SubscriberFactory(email="quit@example.com", lists=[daily])
    payload = {"RecordType": "SubscriptionChange", "Recipient": "quit@example.com", "SuppressSending": True,
               "SuppressionReason": "ManualSuppression", "ChangedAt": "2025-01-01T10:00:00Z"}  # fmt: skip
    assert post(client, payload).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_wrong_or_missing_credentials_are_refused(client, webhooks):
    assert post(client, bounce("x@example.com"), secret="hook:wrong").status_code == 400
    assert client.post(URL, json.dumps(bounce("x@example.com")), content_type="application/json").status_code == 400
    assert not Suppression.objects.exists()


def test_without_a_secret_there_is_no_webhook(client):
    assert client.post(URL, "{}", content_type="application/json").status_code == 404


def test_the_mailto_unsubscribe_works_through_anymail_inbound(daily):
    from anymail.inbound import AnymailInboundMessage
    from anymail.signals import AnymailInboundEvent, inbound

    from newsletter.tokens import manage_token

    subscriber = SubscriberFactory(lists=[daily])
    message = AnymailInboundMessage.construct(subject=f"unsubscribe {manage_token(subscriber)}", text="")
    inbound.send(sender=object, event=AnymailInboundEvent(event_type="inbound", message=message), esp_name="Test")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consents.get().source == "mailto"
