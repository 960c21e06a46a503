"""Model basics: names, addresses, tokens, client addresses."""

import pytest
from django.test import RequestFactory

from newsletter.models import normalize_email
from newsletter.tokens import (
    TokenError,
    confirm_token,
    manage_token,
    read_confirm_token,
    read_manage_token,
)
from portal.web.network import client_ip, truncate_ip
from tests.newsletter.factories import ConsentRecordFactory, IssueFactory, SubscriberFactory, SuppressionFactory

pytestmark = pytest.mark.django_db


def test_strings_and_urls(daily):
    subscriber = SubscriberFactory(email="a@example.com")
    issue = IssueFactory(newsletter_list=daily, subject="Hello")
    assert str(daily) == "Daily Headlines" and daily.get_absolute_url() == "/newsletter/#list-daily-headlines"
    assert str(subscriber) == "a@example.com"
    assert subscriber.get_absolute_url().startswith("/newsletter/preferences/")
    assert str(issue) == "Hello" and issue.get_absolute_url() == f"/newsletter/issues/{issue.pk}/"
    assert "a@example.com" in str(ConsentRecordFactory(subscriber=subscriber))
    assert "Hard bounce" in str(SuppressionFactory(email="b@example.com"))


def test_normalize_email():
    assert normalize_email("  Jane.Doe@Example.COM ") == "jane.doe@example.com"


def test_tokens_round_trip_and_refuse_tampering():
    subscriber = SubscriberFactory()
    consent = ConsentRecordFactory(subscriber=subscriber)
    assert read_confirm_token(confirm_token(consent)) == consent.pk
    assert read_manage_token(manage_token(subscriber)) == subscriber.key.hex
    for bad in ["", "x", manage_token(subscriber) + "x", confirm_token(consent).replace(":", ";")]:
        with pytest.raises(TokenError):
            read_manage_token(bad)
    with pytest.raises(TokenError):
        read_confirm_token(manage_token(subscriber))  # one kind of token cannot pass for the other


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.4", "198.51.100.0/24"),
        ("", ""),
        ("junk", ""),
    ],
)
def test_truncate_ip(address, network):
    assert truncate_ip(address) == network


def test_client_ip_from_a_trusted_header(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_ip(request) == "10.0.0.1"
    settings.NEWSLETTER_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "203.0.113.5"
