"""deploy/varnish/newsportal.vcl against a stand-in backend: caching, cookies, purges, balancing, grace.

The stand-in imitates the app's headers (Cache-Control, Surrogate-Key), so
each rule of the VCL is pinned on its own; tests/deploy/test_proxy.py runs
the same VCL in front of the real app.
"""

import gzip
import http.server
import itertools
import os
import re
import subprocess
import threading
import time

import pytest

from tests.deploy.varnish import DEFAULT_VCL, SYSTEM_VCL_DIR, VARNISHD, Varnish, require_varnishd

pytestmark = pytest.mark.usefixtures("varnishd_installed")


@pytest.fixture(scope="module")
def varnishd_installed():
    require_varnishd()


PUBLIC_CC = "public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"
SHORT_CC = "public, max-age=1, s-maxage=1, stale-while-revalidate=0, stale-if-error=86400"
SWR_CC = "public, max-age=1, s-maxage=1, stale-while-revalidate=30, stale-if-error=86400"

_SEQ = itertools.count(1)  # global response sequence (across backends)
_SEQ_LOCK = threading.Lock()

KEYS = {
    "/article/1": "article-1 section-2 home",
    "/home": "home article-1 article-2",
    "/article/2": "article-2 section-3",
}


# --------------------------------------------------------------------------
# stand-in backend
# --------------------------------------------------------------------------


class StandIn:
    """Threaded http.server imitating the Django app.

    mode: "ok"         everything 200
          "pages_500"  /readyz 200 but pages 500 (app bug, probe still green)
          "sick"       /readyz 500 and pages 500
    stop(): close the listener and drop kept-alive connections (backend gone).
    """

    def __init__(self, name):
        self.name = name
        self.mode = "ok"
        self.dead = False
        self.hits = {}  # path (as received) -> count
        self.seen = []  # (path, cookie header)
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _send(self, status, body, headers=()):
                if isinstance(body, str):
                    body = body.encode()
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("X-Served-By", outer.name)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_GET(self):
                if outer.dead:
                    self.close_connection = True
                    return  # EOF without a response
                path = self.path.split("?", 1)[0]
                if path == "/readyz":
                    ok = outer.mode != "sick"
                    return self._send(200 if ok else 500, "ok" if ok else "sick")
                with outer.lock:
                    outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                    outer.seen.append((self.path, self.headers.get("Cookie")))
                with _SEQ_LOCK:
                    n = next(_SEQ)
                if outer.mode != "ok":
                    return self._send(500, "<h1>Server Error (500)</h1>", [("Content-Type", "text/html")])
                cc = PUBLIC_CC
                extra = []
                if path.startswith("/short/"):
                    cc = SHORT_CC
                elif path.startswith("/swr/"):
                    cc = SWR_CC
                elif path.startswith("/private/"):
                    cc = "private, max-age=300"
                elif path.startswith("/nostore/"):
                    cc = "no-store"
                elif path.startswith("/nocc/"):
                    cc = None
                elif path.startswith("/setcookie/"):
                    extra.append(("Set-Cookie", "csrftoken=new; Path=/"))
                elif path.startswith("/admin/"):
                    cc = "max-age=0, no-cache, no-store, must-revalidate, private"
                elif path.startswith("/both/"):
                    extra.append(("xkey", "both-1 home"))  # the app sends its keys in both headers
                headers = [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Surrogate-Key", "both-1 home" if path.startswith("/both/") else KEYS.get(path, "misc")),
                ]
                headers += extra
                if cc:
                    headers.append(("Cache-Control", cc))
                body = (
                    f"<html><body><p>{outer.name} {self.path} v{n}</p>"
                    + "<p>lorem ipsum dolor sit amet</p>" * 40
                    + "</body></html>"
                )
                return self._send(200, body, headers)

            do_HEAD = do_GET

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                with outer.lock:
                    outer.hits["POST " + self.path] = outer.hits.get("POST " + self.path, 0) + 1
                return self._send(200, "posted", [("Cache-Control", "no-store")])

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # resets from Varnish are fine

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        self.address = self.server.server_address[:2]

    def count(self, path):
        return self.hits.get(path, 0)

    def stop(self):
        if self.thread is not None:
            self.dead = True
            self.server.shutdown()
            self.server.server_close()
            self.thread = None


def body_seq(resp):
    """Global sequence number of the backend response this body came from."""
    m = re.search(rb" v(\d+)</p>", resp.body)
    return int(m.group(1)) if m else None


def served_by(resp):
    return resp.header("X-Served-By")


def total(backends, path):
    return sum(b.count(path) for b in backends)


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_backends(varnishd_installed):
    bs = [StandIn("app-a"), StandIn("app-b")]
    yield bs
    for b in bs:
        b.stop()


@pytest.fixture(scope="module")
def shared(shared_backends):
    """One Varnish for the non-destructive tests (each test uses own URLs)."""
    with Varnish(backends=[b.address for b in shared_backends]) as v:
        yield v


@pytest.fixture
def backends(varnishd_installed):
    bs = [StandIn("app-a"), StandIn("app-b")]
    yield bs
    for b in bs:
        b.stop()


@pytest.fixture
def varnish(backends):
    with Varnish(backends=[b.address for b in backends]) as v:
        yield v


# --------------------------------------------------------------------------
# basic caching
# --------------------------------------------------------------------------


def test_second_get_is_hit_and_headers(shared, shared_backends):
    r1 = shared.get("/basic/page")
    r2 = shared.get("/basic/page")
    assert (r1.status, r1.cache) == (200, "MISS")
    assert (r2.status, r2.cache) == (200, "HIT")
    assert r1.body == r2.body
    assert total(shared_backends, "/basic/page") == 1
    # surrogate keys and internal headers are hidden, Age kept
    for h in ("xkey", "Surrogate-Key", "X-Np-Swr", "X-Cache-Detail"):
        assert r2.header(h) is None, h
    assert r2.header("Age") is not None
    assert r2.header("Cache-Control") == PUBLIC_CC


def test_debug_header_shows_keys_to_acl_clients(shared):
    shared.get("/article/1")
    r = shared.get("/article/1", {"X-Np-Debug": "1"})
    assert r.header("xkey") == "article-1 section-2 home"
    assert r.header("X-Cache-Detail").startswith("hit ")
    assert "grace=86400.000" in r.header("X-Cache-Detail")


def test_analytics_cookie_still_hits(shared, shared_backends):
    shared.get("/cookie/ga")
    r = shared.get("/cookie/ga", {"Cookie": "_ga=GA1.2.12345.678; _gid=GA1.2.9"})
    assert r.cache == "HIT"
    assert total(shared_backends, "/cookie/ga") == 1


def test_only_django_cookies_reach_backend(shared, shared_backends):
    r = shared.get("/cookie/keep", {"Cookie": "_ga=GA1.2.3; csrftoken=abc123; theme=dark"})
    assert r.cache == "MISS"
    seen = [c for p, c in shared_backends[0].seen + shared_backends[1].seen if p == "/cookie/keep"]
    assert seen == ["csrftoken=abc123"]
    r = shared.get("/cookie/strip", {"Cookie": "_ga=1; _fbp=2"})
    seen = [c for p, c in shared_backends[0].seen + shared_backends[1].seen if p == "/cookie/strip"]
    assert seen == [None]  # Cookie header removed entirely


def test_sessionid_is_passed(shared, shared_backends):
    shared.get("/cookie/session")  # anonymous copy in cache
    hdr = {"Cookie": "_ga=1; sessionid=s3cr3t; csrftoken=abc"}
    rs = [shared.get("/cookie/session", hdr) for _ in range(3)]
    assert [r.cache for r in rs] == ["MISS"] * 3
    assert total(shared_backends, "/cookie/session") == 4
    seen = [c for p, c in shared_backends[0].seen + shared_backends[1].seen if p == "/cookie/session" and c]
    assert seen == ["_ga=1; sessionid=s3cr3t; csrftoken=abc"] * 3  # untouched
    # anonymous readers still get the cached page
    assert shared.get("/cookie/session").cache == "HIT"


def test_admin_preview_post_are_passed(shared, shared_backends):
    for path in ("/admin/", "/preview/article/1"):
        assert [shared.get(path).cache for _ in range(2)] == ["MISS", "MISS"]
        assert total(shared_backends, path) == 2
    r = shared.request("POST", "/comments/", body=b"x=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (r.status, r.cache) == (200, "MISS")


@pytest.mark.parametrize("prefix", ["/private/", "/nostore/", "/nocc/", "/setcookie/"])
def test_uncacheable_responses(shared, shared_backends, prefix):
    path = prefix + "x"
    rs = [shared.get(path) for _ in range(3)]
    assert [r.cache for r in rs] == ["MISS"] * 3
    assert total(shared_backends, path) == 3


def test_tracking_params_do_not_split_cache(shared, shared_backends):
    assert shared.get("/track/a").cache == "MISS"
    for q in ("?utm_source=nl&utm_medium=email", "?fbclid=IwAR0abc", "?gclid=xyz&utm_campaign=c"):
        assert shared.get("/track/a" + q).cache == "HIT", q
    assert shared.get("/track/a?page=2&utm_source=x").cache == "MISS"
    assert shared.get("/track/a?utm_term=t&page=2&fbclid=f").cache == "HIT"
    assert shared.get("/track/a?page=2").cache == "HIT"
    received = {p for b in shared_backends for p in b.hits if p.startswith("/track/")}
    assert received == {"/track/a", "/track/a?page=2"}


def test_one_gzip_object_serves_all_encodings(shared, shared_backends):
    r1 = shared.get("/gz/a", {"Accept-Encoding": "gzip, deflate, br"})
    r2 = shared.get("/gz/a")
    r3 = shared.get("/gz/a", {"Accept-Encoding": "br"})
    r4 = shared.get("/gz/a", {"Accept-Encoding": "gzip;q=0.5"})
    assert r1.header("Content-Encoding") == "gzip" and r1.cache == "MISS"
    assert r2.header("Content-Encoding") is None and r2.cache == "HIT"
    assert r3.header("Content-Encoding") is None and r3.cache == "HIT"
    assert r4.header("Content-Encoding") == "gzip" and r4.cache == "HIT"
    assert gzip.decompress(r1.body) == r2.body == r3.body
    assert total(shared_backends, "/gz/a") == 1


# --------------------------------------------------------------------------
# purging
# --------------------------------------------------------------------------


def test_xkey_purge_is_exact(varnish, backends):
    pages = ["/article/1", "/home", "/article/2"]
    for p in pages:
        varnish.get(p)
        assert varnish.get(p).cache == "HIT"
    assert varnish.purge_keys("article-1") == (200, 2)
    assert varnish.get("/article/1").cache == "MISS"
    assert varnish.get("/home").cache == "MISS"
    assert varnish.get("/article/2").cache == "HIT"  # unrelated page stays
    # Surrogate-Key request header and several keys at once
    assert varnish.get("/article/2").cache == "HIT"
    assert varnish.purge_keys("section-3", "nonexistent", header="Surrogate-Key") == (200, 1)
    assert varnish.get("/article/2").cache == "MISS"
    assert varnish.purge_keys("nothing-here") == (200, 0)
    varnish.get("/article/1")
    varnish.get("/article/2")
    r = varnish.request("PURGE", "/", headers={"xkey": "article-1,article-2"})
    # comma separated keys work; xkey counts key/object pairs, so /home
    # (tagged article-1 AND article-2) is counted twice: 4, not 3 objects
    assert (r.status, r.header("X-Purged")) == (200, "4")
    assert b'"purged": 4' in r.body
    assert [varnish.get(p).cache for p in pages] == ["MISS"] * 3


def test_soft_purge_keeps_grace_copy(varnish, backends):
    first = varnish.get("/article/2")
    assert varnish.purge_keys("article-2", soft=True) == (200, 1)
    # healthy backend: soft-purged (ttl=0) copy is within its swr window
    # (30s) so it is served once while a background refresh runs
    r = varnish.get("/article/2")
    assert r.cache == "HIT" and r.body == first.body
    time.sleep(0.3)
    r = varnish.get("/article/2")
    assert r.cache == "HIT" and body_seq(r) > body_seq(first)
    assert total(backends, "/article/2") == 2


def test_url_purge(varnish, backends):
    varnish.get("/url/a")
    varnish.get("/url/a", {"Accept-Encoding": "gzip"})
    varnish.get("/url/b")
    assert varnish.purge_url("/url/a?utm_source=x") == (200, 1)
    assert varnish.get("/url/a").cache == "MISS"
    assert varnish.get("/url/b").cache == "HIT"
    assert varnish.purge_url("/url/never") == (200, 0)


def test_purge_refused_outside_acl(backends):
    with Varnish(backends=[b.address for b in backends], purge_acl=["192.0.2.1"]) as v:
        v.get("/article/1")
        assert v.purge_keys("article-1")[0] == 403
        assert v.purge_url("/article/1")[0] == 403
        r = v.get("/article/1", {"X-Np-Debug": "1"})
        assert r.cache == "HIT"
        assert r.header("xkey") is None  # no debug for outsiders
        assert v.request("BAN", "/").status == 405


# --------------------------------------------------------------------------
# load balancing and failure handling
# --------------------------------------------------------------------------


def test_round_robin(varnish, backends):
    who = [served_by(varnish.get("/admin/rr")) for _ in range(6)]
    assert set(who) == {"app-a", "app-b"}
    assert all(a != b for a, b in zip(who, who[1:], strict=False)), who


def test_one_backend_sick_traffic_moves(varnish, backends):
    backends[0].mode = "sick"
    varnish.wait_for_health(False, names=["np_be1"], timeout=6)
    who = [served_by(varnish.get("/admin/one")) for _ in range(4)]
    assert who == ["app-b"] * 4


def test_one_backend_dead_is_retried(varnish, backends):
    backends[0].stop()  # probe has not noticed yet
    rs = [varnish.get(f"/dead/{i}") for i in range(4)]
    assert [r.status for r in rs] == [200] * 4
    assert {served_by(r) for r in rs} == {"app-b"}


def test_all_sick_serves_stale(varnish, backends):
    first = varnish.get("/short/sick")
    assert first.cache == "MISS"
    for b in backends:
        b.mode = "sick"
    varnish.wait_for_health(False, names=["np_cluster"], timeout=6)  # >1s: expired
    r = varnish.get("/short/sick", {"X-Np-Debug": "1"})
    assert r.status == 200 and r.cache == "HIT"
    assert r.header("X-Cache-Detail").startswith("stale")
    assert r.body == first.body
    # nothing cached -> error
    assert varnish.get("/short/never-cached").status == 503
    # recovery: fresh content again
    for b in backends:
        b.mode = "ok"
    varnish.wait_for_health(True, timeout=6)
    r = varnish.get("/short/sick")  # swr=0 -> synchronous refresh
    assert r.cache == "MISS" and body_seq(r) > body_seq(first)


def test_backend_errors_with_green_probe_serve_stale(varnish, backends):
    first = varnish.get("/short/err")
    time.sleep(1.3)  # expired, past stale-while-revalidate=0
    for b in backends:
        b.mode = "pages_500"  # /readyz still 200
    r = varnish.get("/short/err", {"X-Np-Debug": "1"})
    assert r.status == 200 and r.body == first.body
    assert "restarts=2" in r.header("X-Cache-Detail")  # refresh -> stale
    assert total(backends, "/short/err") >= 2  # refresh was tried
    # the stale copy survives the failed refresh
    assert varnish.get("/short/err").status == 200


def test_backends_stopped_serve_stale(varnish, backends):
    first = varnish.get("/short/stop")
    time.sleep(1.3)
    for b in backends:
        b.stop()  # connection refused / EOF
    r = varnish.get("/short/stop")
    assert r.status == 200 and r.body == first.body
    varnish.wait_for_health(False, names=["np_cluster"], timeout=6)
    r = varnish.get("/short/stop")
    assert r.status == 200 and r.body == first.body


def test_healthy_backend_refreshes_after_swr(varnish, backends):
    first = varnish.get("/short/fresh")
    time.sleep(1.3)  # ttl 1s, swr 0s -> synchronous refresh
    r = varnish.get("/short/fresh")
    assert r.cache == "MISS" and body_seq(r) > body_seq(first)
    assert varnish.get("/short/fresh").cache == "HIT"


def test_stale_while_revalidate_background_refresh(varnish, backends):
    first = varnish.get("/swr/a")
    time.sleep(1.3)  # ttl 1s, swr 30s -> stale + bg fetch
    r = varnish.get("/swr/a", {"X-Np-Debug": "1"})
    assert r.cache == "HIT" and r.body == first.body
    assert r.header("X-Cache-Detail").startswith("stale")
    time.sleep(0.3)
    r = varnish.get("/swr/a")
    assert r.cache == "HIT" and body_seq(r) > body_seq(first)
    assert total(backends, "/swr/a") == 2


# --------------------------------------------------------------------------
# harness hygiene
# --------------------------------------------------------------------------


def _varnishd_pids_for(workdir):
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    if workdir.encode() in f.read():
                        pids.append(int(d))
            except OSError:
                pass
    return pids


def test_harness_cleans_up_on_exception(backends):
    v = Varnish(backends=[b.address for b in backends])
    with pytest.raises(ZeroDivisionError), v:
        workdir, tmpdir = v.workdir, v.tmpdir
        assert _varnishd_pids_for(workdir)
        raise ZeroDivisionError("the test stops inside the block")
    assert not _varnishd_pids_for(workdir)
    assert not os.path.exists(tmpdir)


def test_harness_reports_vcl_errors(backends, tmp_path):
    bad = tmp_path / "bad.vcl"
    bad.write_text('vcl 4.1;\ninclude "backends.vcl";\nsub vcl_recv { nonsense; }\n')
    with pytest.raises(Exception) as ei:
        Varnish(backends=[b.address for b in backends], vcl_path=str(bad)).start()
    assert "nonsense" in str(ei.value) or "VCC" in str(ei.value)


def test_keys_sent_in_both_headers_are_indexed_once(varnish, backends):
    varnish.get("/both/a")
    r = varnish.get("/both/a", {"X-Np-Debug": "1"})
    assert r.cache == "HIT" and r.header("xkey") == "both-1 home"
    assert varnish.purge_keys("both-1") == (200, 1)
    assert varnish.get("/both/a").cache == "MISS"


def test_the_shipped_example_includes_compile(tmp_path):
    """`make varnish` runs the VCL with deploy/varnish/backends.vcl and purge_acl.vcl as they are."""
    folder = os.path.dirname(DEFAULT_VCL)
    result = subprocess.run(
        [VARNISHD, "-C", "-f", DEFAULT_VCL, "-p", f"vcl_path={folder}:{SYSTEM_VCL_DIR}", "-n", str(tmp_path / "n")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "np_app1" in result.stdout + result.stderr  # varnishd -C prints the compiled C on stderr
