"""A real server process whose PostgreSQL stops and starts mid-test: 503s with Retry-After while it is
down, and the same gunicorn worker (CONN_MAX_AGE connections, health checks) serving again once it is back.

The database is a throwaway cluster of the test's own (Debian's PostgreSQL binaries, `initdb` and
`pg_ctl` on a free port), so stopping it disturbs no one; gunicorn runs the site in production mode.
"""

import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import requires_env
from tests.servers import PostgresCluster, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]

SEED = """
from newsletter.models import NewsletterList
from tests.factories import ArticleFactory, CategoryFactory
article = ArticleFactory(headline="Oil climbs as talks stall", category=CategoryFactory(slug="business"), tags=["Oil"])
daily = NewsletterList.objects.create(name="Daily", slug="daily", is_default=True)
print(article.get_absolute_url(), daily.pk)
"""


def fetch(url, data=None):
    """(status, headers, body) of a GET, or of a form POST when `data` is given; never raises on 4xx/5xx."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/128.0"})

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def cluster():
    server = PostgresCluster().start()
    yield server
    server.destroy()


@pytest.fixture
def site(cluster, tmp_path):
    """gunicorn (one sync worker: one kept connection) on the cluster, with an article and a list."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW", "REDIS_URL"))},
        "DATABASE_URL": cluster.url,
        "CONN_MAX_AGE": "60",
        "CACHE_URL": "locmemcache://degrade",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "WHITENOISE_USE_FINDERS": "True",
        "NEWSLETTER_SIGNUPS_PER_IP": "1",
        "OUTAGE_RETRY_AFTER": "7",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v", "0")
    article_url, list_id = manage("shell", "-c", SEED).split()[-2:]
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "-", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, timeout=30)
        yield {
            "base": f"http://127.0.0.1:{port}",
            "article": article_url,
            "list": list_id,
            "log": tmp_path / "gunicorn.log",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@requires_env("DATABASE_URL")
@pytest.mark.postgres
def test_the_site_answers_503_while_its_database_is_stopped_and_recovers_without_a_restart(cluster, site):
    base = site["base"]
    pages = {"home": "/", "article": site["article"], "search": "/search/?q=oil", "newsletter": "/newsletter/"}
    signup = {"email": "reader@example.com", "source": "page", "lists": site["list"], "website": ""}
    for url in pages.values():
        assert fetch(base + url)[0] == 200, url  # the worker now keeps one connection open

    # The database restarts between two requests: the kept connection is dead, and the next reader
    # does not notice (CONN_HEALTH_CHECKS replaces it before the first query).
    cluster.stop()
    cluster.start()
    status, _, html = fetch(base + pages["article"])
    assert status == 200 and "Oil climbs as talks stall" in html

    cluster.stop()
    # What the page cache holds keeps being served: the readers of the story see it through the outage.
    for name in ("home", "article"):
        status, headers, html = fetch(base + pages[name])
        assert (status, headers["X-Page-Cache"]) == (200, "HIT"), f"{name}: {status}"
        assert "Oil climbs as talks stall" in html
    # Everything else needs the database: a styled 503 with Retry-After, never a 500.
    unkept = {"search": "/search/?q=talks", "tag": "/tags/oil/", "section": "/business/"}
    for name, url in unkept.items():
        status, headers, html = fetch(base + url)
        assert status == 503, f"{name}: {status}"
        assert headers["Retry-After"] == "7" and "no-store" in headers["Cache-Control"]
        assert "This page is briefly unavailable" in html and "OperationalError" not in html
    assert fetch(base + "/newsletter/subscribe/", signup)[0] == 503
    assert fetch(base + "/newsletter/subscribe/", {**signup, "email": "second@example.com"})[0] == 503
    assert fetch(base + "/robots.txt")[0] == 200  # needs no database

    cluster.start()  # the same gunicorn worker, never restarted
    status, _, html = fetch(base + "/")
    assert status == 200 and "Oil climbs as talks stall" in html
    # The two signups the outage refused did not use up the address's one signup an hour.
    assert fetch(base + "/newsletter/subscribe/", signup)[0] == 303
    assert fetch(base + "/newsletter/subscribe/", {**signup, "email": "third@example.com"})[0] == 429

    log = site["log"].read_text()
    assert "Traceback" not in log and '" 500 ' not in log, log[-3000:]
    assert log.count("Database unavailable (") == 1, log[-3000:]  # once for the outage, not per request
