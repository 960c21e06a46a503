"""Shared fixtures. Services (PostgreSQL, Redis, Chromium) are used when
configured; their tests say clearly when and why they are skipped."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.web import resilientcache
from portal.web.pagecache import fragments, local, store
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory
from tests.media import bucket_storages, start_s3_server


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"newsportal: database={db} cache={backend}"


def pytest_generate_tests(metafunc):
    # Media tests run twice: on local folders and on buckets of a real S3 endpoint.
    if metafunc.definition.get_closest_marker("media"):
        metafunc.parametrize("media_backend", ["local", "s3"], indirect=True)


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's standalone S3 server on 127.0.0.1, started once, for the `[s3]` media tests."""
    server, endpoint = start_s3_server()
    yield endpoint
    server.stop()


@pytest.fixture
def media_backend(request):
    """Where this test's uploads go: "local" folders, or "s3" buckets (tests marked `media` get both)."""
    return getattr(request, "param", "local")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path, media_backend, request):
    """Uploads go to throw-away folders (or fresh buckets); the cache starts empty; the page cache is off.

    Most tests read a page as a reader, change data in a transaction that
    never commits, and read again: with whole pages cached they would see
    the first page, since purges follow commits. The page cache's own tests
    turn it on (the `page_cache` fixture) and commit their changes.
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_ENTRIES = 0  # the kept pieces of pages, for the same reason (the `fragments` fixture)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.IMPORT_ROOT = tmp_path / "imports"
    settings.WEBPUSH_KEYS_FILE = tmp_path / "webpush-vapid.json"  # the development key pair, made per test
    settings.SERVE_MEDIA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if media_backend == "s3":
        storages.update(bucket_storages(request.getfixturevalue("s3_endpoint")))
        settings.SERVE_MEDIA = False
    settings.STORAGES = storages
    resilientcache.reset()
    cache.clear()
    fragments.clear()
    local.clear()
    store.clock_forget_reading()
    yield
    cache.clear()
    fragments.clear()
    local.clear()
    resilientcache.reset()


@pytest.fixture(autouse=True)
def _live_server_gate_open(request):
    """A browser test shuts the live server's gate at its end (tests/browser/conftest.py), so that
    no late request reaches the database while it is flushed; every later test that uses the live
    server (the Varnish tests, say) finds it open again."""
    if "live_server" in request.fixturenames:
        from tests.servers import LiveServerGate

        LiveServerGate.around(request.getfixturevalue("live_server")).open = True


@pytest.fixture(autouse=True, scope="session")
def _test_client_login_passes_a_request():
    """`Client.login()` calls authenticate() without a request, which django-axes refuses; give it one.

    Like a sign-in on the admin form from 127.0.0.1, so it is counted and locked
    the same way (tests/portal/logins/test_lockout.py).
    """
    original = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post(reverse("admin:login")))
        return original(self, **credentials)

    Client.login = login
    yield
    Client.login = original


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (PAGE_CACHE_SECONDS=300)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.SHARED_CACHE_SECONDS = 300
    return settings


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
