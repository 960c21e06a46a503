"""A real varnishd with deploy/varnish/newsportal.vcl in front of the running app (pytest-django's live server).

The app sends its purges to this Varnish (CACHE_PURGE_URLS), as in
production. Two "app servers" (forwarders to the live server) sit behind
Varnish, so the origin can be stopped and started again.
"""

import contextlib
import json
import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from portal.web import purge
from tests.deploy.varnish import Varnish, require_varnishd
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Origin:
    """A TCP forwarder to the live server: one app server, which the test can take away (`stop`)."""

    def __init__(self, target):
        self.target = target
        self.connections = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()[:2]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def stop(self):
        """The app server goes away: connections are refused, the open ones cut."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept(); close() alone would not
        self.listener.close()
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self.connections = []


@pytest.fixture
def origins(live_server):
    require_varnishd()
    host, port = re.match(r"http://([^:]+):(\d+)", live_server.url).groups()
    servers = [Origin((host, int(port))), Origin((host, int(port)))]
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def varnish(origins, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SHARED_CACHE_SECONDS = 300
    settings.CACHE_PURGE_REPEAT_SECONDS = 0
    settings.CACHE_PURGE_TIMEOUT = 2.0
    with Varnish(backends=[server.address for server in origins]) as proxy:
        settings.CACHE_PURGE_URLS = [proxy.url]
        yield proxy
        assert purge.sender.wait(timeout=10)


@pytest.fixture
def desks(db):
    markets, tech = CategoryFactory(name="Markets", slug="markets"), CategoryFactory(name="Tech", slug="tech")
    yesterday = timezone.now() - timedelta(days=1)
    story = ArticleFactory(
        headline="Stocks rally on rate hopes", category=markets, tags=["Rates"], publish_at=yesterday
    )
    other = ArticleFactory(headline="Chip output climbs", category=tech, publish_at=yesterday)
    # Five newer stories fill the rail's "Latest" on every article page: an edit of a story shown there
    # rightly purges every page whose rail shows it (tests/portal/web/pagecache), which these two are not.
    world = CategoryFactory(name="World", slug="world")
    for n in range(5):
        ArticleFactory(headline=f"World story {n}", category=world, publish_at=timezone.now() - timedelta(hours=n + 1))
    # Their creation purges the proxy too, a moment later (purge.first_purge_delay): let that pass first.
    assert purge.sender.wait(timeout=10)
    return story, other


def shown_within(varnish, url, text, seconds=1.0, read=lambda response: response.body.decode()):
    """Whether `text` is on the page through Varnish within `seconds` of now.

    Purges are soft (CACHE_PURGE_MODE): the first reader after one may get
    the old copy while Varnish fetches the new one in the background.
    """
    deadline = time.monotonic() + seconds
    while text not in read(varnish.get(url)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def fresh_hit(varnish, url):
    """Answered from a copy no purge touched (a soft-purged copy answers too, but as "stale")."""
    return varnish.get(url, {"X-Np-Debug": "1"}).header("X-Cache-Detail").startswith("hit ")


def test_a_second_reader_gets_the_page_from_varnish(varnish, desks):
    story, _ = desks
    first = varnish.get(story.get_absolute_url())
    second = varnish.get(story.get_absolute_url())
    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert second.body == first.body and "Stocks rally on rate hopes" in second.body.decode()
    assert second.header("Age") is not None
    assert second.header("xkey") is None and second.header("Surrogate-Key") is None  # kept inside
    # Nothing of the fetch that would mislead about this answer: its request id, the app's cache state.
    assert first.header("X-Request-ID") is None and second.header("X-Page-Cache") is None
    assert second.header("Server") is None and second.header("Via") is None


def test_an_edit_is_visible_through_varnish_within_a_second_and_nothing_else_is_purged(varnish, desks):
    story, other = desks
    pages = {"story": story.get_absolute_url(), "home": "/", "markets": "/markets/", "other": other.get_absolute_url()}
    for url in pages.values():
        varnish.get(url)
    assert {name: varnish.get(url).cache for name, url in pages.items()} == dict.fromkeys(pages, "HIT")
    saved = time.monotonic()
    story.headline = "Stocks slide as rate hopes fade"
    story.save()  # a real commit: the app purges its own cache and tells Varnish
    for name in ("story", "home", "markets"):
        left = 1.0 - (time.monotonic() - saved)
        assert shown_within(varnish, pages[name], "Stocks slide as rate hopes fade", left), f"{name}: not within 1 s"
    assert fresh_hit(varnish, pages["other"])  # an unrelated article was not purged


def test_a_reader_with_an_analytics_cookie_gets_the_cached_page(varnish, desks):
    story, _ = desks
    varnish.get(story.get_absolute_url())
    response = varnish.get(story.get_absolute_url(), {"Cookie": "_ga=GA1.2.3.4; _gid=GA1.2.5; consent=yes"})
    assert response.cache == "HIT" and response.header("Set-Cookie") is None


def test_a_staff_session_never_gets_the_cached_page(varnish, desks, django_user_model):
    story, _ = desks
    draft = ArticleFactory(headline="Embargoed: bank merger", category=story.category, status=Article.Status.DRAFT)
    editor = django_user_model.objects.create_superuser("desk", "desk@example.com", "pw-for-tests-only")
    client = Client()
    client.force_login(editor)
    cookie = {"Cookie": f"sessionid={client.cookies['sessionid'].value}; _ga=GA1.2.3.4"}
    varnish.get(story.get_absolute_url())  # the readers' copy is cached
    for _ in range(2):
        staff = varnish.get(story.get_absolute_url(), cookie)
        assert staff.cache == "MISS" and "private" in staff.header("Cache-Control")
    preview = varnish.get(draft.get_absolute_url(), cookie)
    assert preview.status == 200 and "Preview: not published" in preview.body.decode()
    assert varnish.get(draft.get_absolute_url()).status == 404  # a reader never gets the editor's page
    assert varnish.get(story.get_absolute_url()).cache == "HIT"


def test_admin_and_posts_go_to_the_app(varnish, desks):
    answers = [varnish.get("/admin/login/") for _ in range(2)]
    assert [answer.cache for answer in answers] == ["MISS", "MISS"]
    assert all(answer.header("X-Request-ID") for answer in answers)  # a pass answers one request: it keeps its id
    body = b"email=reader%40example.com&lists=&source=band"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = varnish.request("POST", "/newsletter/subscribe/", headers=headers, body=body)
    assert response.cache == "MISS" and response.status in (303, 400)


def test_purges_come_only_from_the_allowed_addresses(origins, desks, settings):
    with Varnish(backends=[server.address for server in origins], purge_acl=["192.0.2.1"]) as proxy:
        proxy.get("/")
        assert proxy.purge_keys("home")[0] == 403
        assert proxy.get("/").cache == "HIT"


def test_with_the_origin_stopped_the_stale_page_is_served(varnish, origins, desks, settings):
    story, _ = desks
    settings.SHARED_CACHE_SECONDS = 1  # expires at once: what follows is grace (stale-if-error)
    settings.STALE_WHILE_REVALIDATE_SECONDS = 0
    first = varnish.get(story.get_absolute_url())
    assert first.status == 200
    time.sleep(1.5)
    for server in origins:
        server.stop()
    for _ in range(2):
        stale = varnish.get(story.get_absolute_url())
        assert stale.status == 200 and stale.body == first.body
    assert varnish.get("/never-cached-page/").status == 503


def api_headlines(response):
    return [item["headline"] for item in json.loads(response.body)["items"]]


def test_the_proxy_keeps_api_answers_and_a_publication_purges_exactly_the_lists_it_enters(varnish, desks):
    story, other = desks
    draft = ArticleFactory(headline="Chipmakers warn on supply", category=other.category, status="draft")
    api = reverse("api-v1:article_list")
    urls = {
        "all": api,
        "tech": f"{api}?section=tech",
        "markets": f"{api}?section=markets",
        "story": reverse("api-v1:article_detail", args=[story.pk]),
    }
    for url in urls.values():
        assert varnish.get(url).cache == "MISS"
    assert {name: varnish.get(url).cache for name, url in urls.items()} == dict.fromkeys(urls, "HIT")
    first = varnish.get(api)
    assert first.header("Content-Type") == "application/json; charset=utf-8" and first.header("xkey") is None

    draft.status = Article.Status.PUBLISHED
    draft.save()  # a real commit: the app purges its own cache and tells Varnish
    saved = time.monotonic()
    for name in ("tech", "all"):
        left = 1.0 - (time.monotonic() - saved)
        assert shown_within(varnish, urls[name], "Chipmakers warn on supply", left, api_headlines), name
    assert fresh_hit(varnish, urls["markets"]) and fresh_hit(varnish, urls["story"])
