"""The alerts' fixtures: the site's VAPID key pair, and a local push service that decrypts what it receives."""

import pytest

from articles.alerts.keys import keypair_generate
from tests.articles.alerts.pushservice import PushService


@pytest.fixture
def vapid(settings):
    """A key pair from the environment, as in production; endpoints on 127.0.0.1 over http allowed."""
    public, private = keypair_generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = public
    settings.WEBPUSH_VAPID_PRIVATE_KEY = private
    settings.WEBPUSH_CONTACT = "mailto:desk@example.com"
    settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
    settings.WEBPUSH_ALLOW_HTTP = True
    return public


@pytest.fixture
def push_service(vapid):
    service = PushService(vapid).start()
    yield service
    service.stop()
