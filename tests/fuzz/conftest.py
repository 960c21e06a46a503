"""The fuzz suite's shared parts: one seeded site per module, the clients, and the counts
the terminal summary prints ("fuzz: N requests, M answered 5xx")."""

import os
import traceback
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from tests.fuzz.site import seed

#: Requests made and parser inputs tried, per database, for the summary line.
STATS = Counter()
#: (label, what was sent, what came back) of each 5xx, for the summary.
FAILURES = []

#: FUZZ_SCALE=10 runs ten times the examples (a deeper search than CI's, e.g. before a release).
SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1") or 1))


def examples(n):
    return n * SCALE


FUZZ = settings(
    # Deterministic (the same examples on every run, so CI is stable), bounded, and without
    # the example database: nothing is written outside the test run.
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


def pytest_terminal_summary(terminalreporter):
    if not STATS:
        return
    from django.db import connection

    vendor = connection.vendor
    line = (
        f"fuzz ({vendor}): {STATS['requests']} requests "
        f"({STATS['anonymous']} as anonymous, {STATS['contributor']} as a contributor; "
        f"{STATS['form posts']} form posts), {STATS['5xx']} answered 5xx; "
        f"parser harness: {STATS['parser inputs']} inputs, {STATS['parser crashes']} unexpected exceptions"
    )
    terminalreporter.write_sep("-", "fuzz summary")
    terminalreporter.write_line(line)
    for label, sent, answer in FAILURES[:20]:
        terminalreporter.write_line(f"  5xx {label}: {sent!r} -> {answer}")


@pytest.fixture(scope="package")
def fuzz_site(django_db_setup, django_db_blocker):
    """The seeded site, inside a transaction rolled back when the fuzz suite is done (seeded once).

    The modules still mark their tests `django_db`: pytest-django creates the
    test database only for a session that has such tests, and each test then
    runs in a savepoint inside this transaction.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        site = seed(get_user_model())
        yield site
        transaction.set_rollback(True)


@pytest.fixture
def _isolated_media_and_cache(settings, tmp_path_factory):
    """Like the suite's own (tests/conftest.py), but the media folder lives as long as the seeded site."""
    media = tmp_path_factory.getbasetemp() / "fuzz-media"
    settings.MEDIA_ROOT = media
    settings.SERVE_MEDIA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate limits would turn most generated posts into 429s before they reach the form.
    settings.NEWSLETTER_SIGNUPS_PER_IP = 0
    settings.SUBMISSIONS_PER_IP = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="package")
def clients(fuzz_site, django_db_blocker):
    """An anonymous reader and a contributor (staff, no publish rights), signed in once."""
    with django_db_blocker.unblock():
        contributor = Client()
        contributor.force_login(fuzz_site.contributor)
    return {"anonymous": Client(), "contributor": contributor}


def body_of(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
        return content
    return response.content


def fetch(client, who, method, url, **kwargs):
    """One request in a savepoint (rolled back, so examples do not pile up); counts it and checks for 5xx."""
    STATS["requests"] += 1
    STATS[who] += 1
    label = f"{who} {method.upper()} {url[:300]}"
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs)
            content = body_of(response)
            transaction.set_rollback(True)
    except Exception as error:  # the test client re-raises what a view raised: that is a 500
        STATS["5xx"] += 1
        FAILURES.append((label, kwargs.get("data"), f"{type(error).__name__}: {error}"[:300]))
        raise AssertionError(f"{label} raised:\n{traceback.format_exc()}") from error
    if response.status_code >= 500 or b"Traceback (most recent call last)" in content:
        STATS["5xx"] += 1
        FAILURES.append((label, kwargs.get("data"), response.status_code))
        raise AssertionError(f"{label} answered {response.status_code}")
    return response
