"""Shared fixtures. Services (PostgreSQL, Redis, Chromium) are used when
configured; their tests say clearly when and why they are skipped."""

import os

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"newsportal: database={db} cache={backend}"


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a throw-away folder; the cache starts empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def section(db):
    return CategoryFactory(name="Business", slug="business")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")


@pytest.fixture
def image(db):
    return ImageFactory()


@pytest.fixture
def article(db, section, author, image):
    return ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        slug="oil-prices-climb",
        category=section,
        source="Reuters",
        hero_image=image,
        authors=[author],
        tags=["Oil", "Commodities"],
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def requires_env(name):
    """Skip (visibly) unless the environment names the service."""
    return pytest.mark.skipif(not os.environ.get(name), reason=f"{name} is not set; this test needs that service")
