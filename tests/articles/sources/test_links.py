"""The periodic dead-link check: against a local HTTP server (no internet), answers kept for editors,
shown on the dashboard and in the admin's "Dead links" filter; private networks are not probed by default."""

import http.server
import socket
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import SourceLink
from articles.sources.links import source_links_check
from articles.sources.tasks import check_source_links
from tests.factories import ArticleFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /moved → /ok, /no-head refuses HEAD, /closed 403, /broken 500."""

    def answer(self, body):
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            codes = {"/ok": 200, "/gone": 404, "/no-head": 200, "/closed": 403, "/broken": 500}
            self.send_response(codes.get(self.path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.seen.append((self.command, self.path))

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def links(server, section, settings):
    settings.SOURCE_LINK_CHECK_PRIVATE = True  # the test server is on 127.0.0.1
    settings.SOURCE_LINK_CHECK_TIMEOUT = 5
    base = f"http://127.0.0.1:{server.server_port}"
    story = ArticleFactory(category=section, headline="Rates hold")
    rows = {}
    for name in ["ok", "gone", "moved", "no-head", "closed", "broken"]:
        rows[name] = SourceLink.objects.create(article=story, title=f"Link {name}", url=f"{base}/{name}")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    rows["unreachable"] = SourceLink.objects.create(
        article=story, title="Link unreachable", url=f"http://127.0.0.1:{closed_port}/"
    )
    return rows


def state(row):
    row.refresh_from_db()
    return row.is_dead, row.status_code


def test_the_check_marks_dead_links_and_keeps_the_answers(links, server):
    result = source_links_check()
    assert result == {"checked": 7, "dead": 3}
    assert state(links["ok"]) == (False, 200)
    assert state(links["moved"]) == (False, 200)  # followed to /ok
    assert state(links["no-head"]) == (False, 200)  # asked again with GET
    assert ("GET", "/no-head") in server.seen
    assert state(links["closed"]) == (False, 403)  # exists, closed to robots: noted, not dead
    assert "closed to robots" in links["closed"].problem
    assert state(links["gone"]) == (True, 404) and links["gone"].problem == "Answered 404"
    assert state(links["broken"]) == (True, 500)
    assert state(links["unreachable"]) == (True, None)
    assert links["unreachable"].problem.startswith("Unreachable")


def test_a_checked_link_waits_until_it_is_due_again(links, server, settings):
    source_links_check()
    server.seen.clear()
    assert source_links_check() == {"checked": 0, "dead": 0} and server.seen == []
    later = timezone.now() + timedelta(days=settings.SOURCE_LINK_CHECK_DAYS, minutes=1)
    assert source_links_check(now=later)["checked"] == 7


def test_the_periodic_task_runs_the_check(links, settings):
    settings.TASKS = IMMEDIATE
    result = check_source_links.enqueue()
    assert result.return_value == {"checked": 7, "dead": 3}


def test_the_command_queues_the_task(links, settings, capsys):
    settings.TASKS = IMMEDIATE
    call_command("check_source_links")
    assert "Source link check queued" in capsys.readouterr().out
    assert SourceLink.objects.filter(is_dead=True).count() == 3


def test_private_networks_are_not_probed_by_default(links, server, settings):
    settings.SOURCE_LINK_CHECK_PRIVATE = False
    source_links_check()
    assert server.seen == []
    row = links["gone"]
    assert state(row) == (False, None) and "private network" in row.problem


def test_the_check_does_not_purge_reader_pages(links, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        source_links_check()
    assert callbacks == []


def test_editors_see_dead_links_on_the_dashboard_and_in_the_filter(links, editor_client):
    source_links_check()
    page = parse(editor_client.get(reverse("admin:index")))
    card = page.cssselect('[data-testid="dash-dead-links"]')[0]
    assert "Link gone" in text(card) and "Answered 404" in text(card)
    assert "Link ok" not in text(card)
    listing = parse(editor_client.get(reverse("admin:articles_sourcelink_changelist") + "?link=dead"))
    assert sorted(texts(listing, "#result_list th.field-title")) == ["Link broken", "Link gone", "Link unreachable"]


def test_a_fixed_address_loses_its_dead_mark_until_checked_again(links, server):
    source_links_check()
    row = SourceLink.objects.get(pk=links["gone"].pk)
    assert row.is_dead
    row.url = row.url.replace("/gone", "/ok")
    row.save()
    row.refresh_from_db()
    assert not row.is_dead and row.checked_at is None and row.problem == ""
    assert source_links_check() == {"checked": 1, "dead": 0}
