"""Purging the proxies: every content change reaches each one, in the background, and a dead proxy costs nothing."""

import http.server
import socket
import threading
import time

import pytest
from django.urls import reverse

from portal.web import purge
from tests.articles.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


class RecordingProxy:
    """A stand-in for Varnish that records the purges it gets; `status` is what it answers."""

    def __init__(self, status=200):
        self.purges = []
        self.modes = []
        self.status = status
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                outer.purges.append((self.path, self.headers.get("xkey", "").split()))
                outer.modes.append(self.headers.get("X-Purge-Mode"))
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def purged_keys(self):
        return {key for _, keys in self.purges for key in keys}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy():
    server = RecordingProxy()
    yield server
    server.close()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens there once it is closed


@pytest.fixture
def black_hole():
    """A proxy that accepts the connection and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def purging(settings):
    settings.CACHE_PURGE_TIMEOUT = 1.0
    settings.CACHE_PURGE_REPEAT_SECONDS = 0
    yield settings
    assert purge.sender.wait(timeout=10)


def test_a_committed_edit_purges_its_keys_on_every_proxy(purging, proxy, article, django_capture_on_commit_callbacks):
    second = RecordingProxy()
    purging.CACHE_PURGE_URLS = [proxy.url, second.url]
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Oil prices slip"
        article.save()
    assert purge.sender.wait(timeout=10)
    for server in (proxy, second):
        assert server.purges and server.purges[0][0] == "/"
        assert {f"article-{article.pk}", "listings"} <= server.purged_keys()
    second.close()


def test_nothing_is_sent_before_the_transaction_commits(purging, proxy, article, django_capture_on_commit_callbacks):
    purging.CACHE_PURGE_URLS = [proxy.url]
    with django_capture_on_commit_callbacks(execute=False):
        article.save()
    assert purge.sender.wait(timeout=5)
    assert proxy.purges == []


def test_without_proxies_nothing_is_sent(settings, proxy, article, django_capture_on_commit_callbacks):
    settings.CACHE_PURGE_URLS = []
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert purge.sender.wait(timeout=5) and proxy.purges == []


@pytest.mark.parametrize("dead", ["closed_port", "black_hole"])
def test_a_proxy_that_is_down_neither_slows_nor_fails_an_editors_save(
    purging, request, dead, proxy, editor_client, article, django_capture_on_commit_callbacks, caplog
):
    purging.CACHE_PURGE_URLS = [request.getfixturevalue(dead), proxy.url]
    purging.CACHE_PURGE_TIMEOUT = 5.0  # far longer than a save takes, even on a busy machine
    data = change_form_data(article, headline="Oil prices slip as talks resume")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert took < purging.CACHE_PURGE_TIMEOUT  # the save did not wait for the proxy
    if dead == "black_hole":
        assert not purge.sender.wait(timeout=0), "the save came back while the purge was still waiting on the proxy"
    assert purge.sender.wait(timeout=20)
    assert f"article-{article.pk}" in proxy.purged_keys()  # the live proxy still got it
    assert "Could not purge" in caplog.text


def test_a_refusing_proxy_is_logged(purging, article, django_capture_on_commit_callbacks, caplog):
    refusing = RecordingProxy(status=403)
    purging.CACHE_PURGE_URLS = [refusing.url]
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert purge.sender.wait(timeout=10)
    assert "answered 403" in caplog.text
    refusing.close()


def test_many_keys_go_out_in_several_requests(proxy):
    keys = [f"article-{n}" for n in range(250)]
    assert purge.send(keys, [purge.VarnishPurger(proxy.url, timeout=2)]) == 0
    assert [len(sent) for _, sent in proxy.purges] == [100, 100, 50]
    assert proxy.purged_keys() == set(keys)


def test_each_purge_is_sent_again_once_for_pages_fetched_meanwhile(settings, proxy):
    settings.CACHE_PURGE_URLS = [proxy.url]
    settings.CACHE_PURGE_REPEAT_SECONDS = 0.3
    purge.proxies_forget(frozenset({"article-7"}))
    assert purge.sender.wait(timeout=10)
    assert [keys for _, keys in proxy.purges] == [["article-7"], ["article-7"]]


def test_with_pages_kept_in_workers_the_first_purge_waits_until_every_worker_knows(settings, proxy):
    """Sent at once, the proxy's refetch could meet another worker's copy that has not read the clock yet."""
    settings.CACHE_PURGE_URLS = [proxy.url]
    settings.CACHE_PURGE_REPEAT_SECONDS = 0
    settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_LOCAL_BYTES, settings.PAGE_CACHE_CLOCK_SECONDS = 300, 10**6, 0.3
    sent_at = []
    proxy.status = 200
    started = time.monotonic()
    purge.proxies_forget(frozenset({"article-7"}))
    while not proxy.purges and time.monotonic() - started < 5:
        time.sleep(0.01)
    sent_at.append(time.monotonic() - started)
    assert purge.sender.wait(timeout=10)
    assert [keys for _, keys in proxy.purges] == [["article-7"]]
    assert sent_at[0] >= 0.3


def test_without_pages_kept_in_workers_the_first_purge_goes_at_once(settings):
    settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_LOCAL_BYTES, settings.PAGE_CACHE_CLOCK_SECONDS = 300, 0, 0.3
    assert purge.first_purge_delay() == 0
    settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_LOCAL_BYTES = 0, 10**6
    assert purge.first_purge_delay() == 0
    settings.PAGE_CACHE_SECONDS = 300
    assert purge.first_purge_delay() == 0.3


class TaggingCdn(purge.PurgeBackend):
    """What a CDN backend looks like: one class, `purge(keys)`."""

    max_keys = 2
    sent = []

    def purge(self, keys):
        self.sent.append((self.url, list(keys)))


def test_a_cdn_is_one_class_named_by_a_setting(purging):
    purging.CACHE_PURGE_BACKEND = "tests.portal.web.test_purge.TaggingCdn"
    purging.CACHE_PURGE_URLS = ["https://api.cdn.example/zones/abc"]
    TaggingCdn.sent.clear()
    purge.proxies_forget(frozenset({"home", "article-1", "chrome"}))
    assert purge.sender.wait(timeout=10)
    assert TaggingCdn.sent == [
        ("https://api.cdn.example/zones/abc", ["article-1", "chrome"]),
        ("https://api.cdn.example/zones/abc", ["home"]),
    ]


@pytest.mark.parametrize(("mode", "sent"), [("soft", "soft"), ("hard", None)])
def test_purges_are_soft_unless_asked_otherwise(settings, proxy, mode, sent):
    """Soft: the old copy may answer while Varnish refetches, so a front page purged at every publish never stalls."""
    settings.CACHE_PURGE_MODE = mode
    assert purge.send(["home"], [purge.VarnishPurger(proxy.url, timeout=2)]) == 0
    assert proxy.modes == [sent]
