"""Fixtures for the newsletter tests: tasks run at once, lists, a real SMTP server."""

import pytest

from tests.newsletter.backends import ScriptedBackend
from tests.newsletter.factories import NewsletterListFactory
from tests.newsletter.smtp import smtp_server  # noqa: F401 - a fixture

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _newsletter_settings(settings):
    """Tasks run at once; links point to a known site; the limits are the defaults."""
    settings.TASKS = IMMEDIATE
    settings.SITE_URL = "https://news.example.com"
    settings.NEWSLETTER_FROM_EMAIL = "Global Finance Review <newsletter@news.example.com>"
    settings.NEWSLETTER_RATE_LIMIT = 0
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60


@pytest.fixture
def daily(db):
    return NewsletterListFactory(name="Daily Headlines", slug="daily-headlines", is_default=True, position=1)


@pytest.fixture
def weekly(db):
    return NewsletterListFactory(name="Weekly Finance", slug="weekly-finance", position=2)


@pytest.fixture
def scripted(settings):
    """Mail goes to ScriptedBackend (see tests/newsletter/backends.py)."""
    ScriptedBackend.reset()
    settings.EMAIL_BACKEND = "tests.newsletter.backends.ScriptedBackend"
    yield ScriptedBackend
    ScriptedBackend.reset()
