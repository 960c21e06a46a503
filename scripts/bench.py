#!/usr/bin/env python
"""Benchmark the public pages: seed N articles, serve with gunicorn, load with wrk.

For home, section page 1 and a deep page, an article and a tag it prints
req/s, p50 and p99 with the page cache off (every request renders), the
query count, and req/s with the page cache warm (app only). Side by side in
one run, so a noisy machine affects both alike:

    make bench                                     # this checkout
    make bench BENCH_ARGS="--compare 74a24e0"      # against an older commit, interleaved
    make bench BENCH_ARGS="--proxy --burst"        # + Varnish vs the static-file ceiling, 200 connections
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsportal_bench REDIS_URL=redis://127.0.0.1:6379/13 make bench

With REDIS_URL the app caches in Redis (databases REDIS_URL and the next
one, flushed), as in production; the publish-to-visible figure needs it.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchlib import inprocess  # noqa: E402
from scripts.benchlib.load import median, require_wrk, table, wrk  # noqa: E402
from scripts.benchlib.publish import publish_latency  # noqa: E402
from scripts.benchlib.servers import HOST, Gunicorn, StaticFile  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="demo articles to seed (default 10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk connections (default 8)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds; medians are printed (default 1)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--compare", metavar="REV", help="also serve this git revision and load both, interleaved")
    parser.add_argument("--proxy", action="store_true", help="also load Varnish in front, beside nginx serving a file")
    parser.add_argument("--burst", action="store_true", help="also 200 connections for 30 s on home and article")
    parser.add_argument("--pages", help="comma-separated labels to load (home,section,deep,article,tag,live)")
    return parser.parse_args()


def bench_environment(static_root):
    """The production-like environment shared by this process, manage.py and gunicorn."""
    env = dict(os.environ)
    # Never touch the developer's db.sqlite3 unless they ask for it.
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        # wrk speaks plain HTTP to 127.0.0.1; a redirect to https would measure nothing.
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        # Demo pictures go next to (not into) the developer's uploads; media/ is git-ignored.
        MEDIA_ROOT=env.get("MEDIA_ROOT", str(ROOT / "media" / "bench")),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",  # a log line per request would be measured too
    )
    return env


def redis_db(url, offset):
    """The Redis URL `offset` databases after the one `url` names (each server its own, flushed)."""
    base, _, number = url.rstrip("/").rpartition("/")
    return f"{base}/{int(number or 0) + offset}"


def manage(root, env, *args):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, check=True)
    return time.monotonic() - started


def checkout(rev, workdir):
    """A detached worktree of `rev`, its static files collected."""
    path = workdir / f"rev-{rev}"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(path), rev], cwd=ROOT, check=True)
    return path


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def main():
    args = parse_args()
    require_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    env = bench_environment(workdir / "static")
    old_root = None
    try:
        print(f"Database: {env['DATABASE_URL']}")
        inprocess.ensure_postgres_database(env["DATABASE_URL"])
        manage(ROOT, env, "migrate", "--noinput", "-v0")
        if not args.skip_seed:
            seconds = manage(ROOT, env, "seed_demo", "--articles", str(args.articles))
            manage(ROOT, env, "seed_liveblog")
            print(f"Seeding took {seconds:.0f} s")
        manage(ROOT, env, "collectstatic", "--noinput", "-v0")
        pages, counts, summary = inprocess.measure(env, args.pages)
        servers = {"new": (ROOT, {"PAGE_CACHE_SECONDS": "0"}), "cached": (ROOT, {"PAGE_CACHE_SECONDS": "300"})}
        if args.compare:
            old_root = checkout(args.compare, workdir)
            old_env = {**env, "STATIC_ROOT": str(workdir / "static-old")}
            manage(old_root, old_env, "collectstatic", "--noinput", "-v0")
            servers["old"] = (old_root, {"PAGE_CACHE_SECONDS": "0", "STATIC_ROOT": str(workdir / "static-old")})
            servers["cached-old"] = (
                old_root,
                {"PAGE_CACHE_SECONDS": "300", "STATIC_ROOT": str(workdir / "static-old")},
            )
        load = os.getloadavg()
        results, problems, extra = run(args, env, workdir, servers, pages)
    except KeyboardInterrupt:
        print("\nInterrupted.")
        return 130
    finally:
        if old_root is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_root)], cwd=ROOT, check=False)
        shutil.rmtree(workdir, ignore_errors=True)

    cpus = len(os.sched_getaffinity(0))
    print(f"\nMachine: {cpus} CPUs; gunicorn 2 sync workers per server; wrk -c{args.connections} -d{args.duration}s")
    print(f"Database: {summary}; cache: {'Redis' if env.get('REDIS_URL') else 'local memory (per worker)'}")
    # Other work on the machine (tests, a browser) competes with gunicorn and wrk for the same cores.
    print(f"Load average (1, 5, 15 min) as the load started: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"Rounds: {args.rounds} (medians)\n")
    print(report(args, pages, counts, results))
    for line in extra:
        print(line)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def run(args, env, workdir, servers, pages):
    """Load every page on every server, interleaved, `rounds` times; then the proxy and the burst."""
    results = {}  # (server, path) -> [Run]
    problems, extra = [], []
    with ExitStack() as stack:
        started = {}
        for n, (name, (root, overrides)) in enumerate(servers.items()):
            server_env = {**env, **overrides}
            if env.get("REDIS_URL"):
                server_env["REDIS_URL"] = redis_db(env["REDIS_URL"], n)
                subprocess.run(
                    ["redis-cli", "-u", server_env["REDIS_URL"], "flushdb"], check=False, capture_output=True
                )
            started[name] = stack.enter_context(Gunicorn(root, server_env, workdir / f"gunicorn-{name}.log"))
        for round_number in range(args.rounds):
            for _label, path in pages:
                for name, server in started.items():
                    print(f"Round {round_number + 1}: {name} {path} for {args.duration} s…", flush=True)
                    wrk(server.base + path, 1, args.connections)  # warm-up: imports, DB and OS caches, the caches
                    result = wrk(server.base + path, args.duration, args.connections)
                    results.setdefault((name, path), []).append(result)
                    if result.bad:
                        problems.append(f"{name} {path}: {result.bad} responses were not 2xx/3xx")
                    if result.errors:
                        problems.append(f"{name} {path}: socket errors {result.errors}")
        cached = started["cached"]
        if args.proxy:
            extra += proxy(args, cached, pages, workdir, problems)
        if args.burst:
            extra += burst(cached, pages, problems)
    return results, problems, extra


def report(args, pages, counts, results):
    def rps(name, path):
        runs = results.get((name, path))
        return median([r.rps for r in runs]) if runs else None

    header = ["page", "URL", "req/s", "p50 ms", "p99 ms", "queries", "KB"]
    if args.compare:
        header += [f"{args.compare} req/s", "× old"]
    header += ["cached req/s", "× uncached"]
    if args.compare:
        header += [f"{args.compare} cached", "× old cached"]
    rows = []
    for label, path in pages:
        runs = results[("new", path)]
        new = rps("new", path)
        cold, warm, hit, size = counts[path]
        row = [
            label,
            path,
            f"{new:.0f}",
            f"{median([r.p50 for r in runs]):.1f}",
            f"{median([r.p99 for r in runs]):.1f}",
        ]
        row += [f"{cold}/{warm}/{hit}", f"{size / 1024:.0f}"]
        if args.compare:
            old = rps("old", path)
            row += [f"{old:.0f}", f"{new / old:.2f}"]
        cached = rps("cached", path)
        row += [f"{cached:.0f}", f"{cached / new:.1f}"]
        if args.compare:
            cached_old = rps("cached-old", path)
            row += [f"{cached_old:.0f}", f"{cached / cached_old:.2f}"]
        rows.append(row)
    notes = (
        "\nreq/s, p50, p99: the page cache off (PAGE_CACHE_SECONDS=0), pieces kept per worker (fragments);"
        "\nqueries = first request / warm / a page-cache hit; cached = the page cache on and warm (app only)."
    )
    return table(header, rows) + notes


def proxy(args, app, pages, workdir, problems):
    """Varnish (deploy/varnish) in front of the app, beside nginx serving the same HTML from a file."""
    from tests.deploy.varnish import Varnish

    lines = ["", "Through Varnish (deploy/varnish/newsportal.vcl, warm) beside nginx serving the page as a file:"]
    rows = []
    params = {"thread_pools": "2", "thread_pool_min": "50", "thread_pool_max": "1000"}
    with Varnish(backends=[(HOST, app.port)], storage="malloc,256m", params=params) as varnish:
        for label, path in pages:
            _, _, body = fetch(app.base + path)
            fetch(varnish.url + path)
            # As browsers ask: with gzip (a client without it makes Varnish gunzip every answer).
            gzip = ["Accept-Encoding: gzip"]
            with StaticFile(workdir / label.split()[0], body) as static:
                ceiling = wrk(static.url, args.duration, 64, threads=2, headers=gzip)
                bare = bare_varnish(static, args.duration, params, gzip)
            through = wrk(varnish.url + path, args.duration, 64, threads=2, headers=gzip)
            if through.bad:
                problems.append(f"varnish {path}: {through.bad} responses were not 2xx/3xx")
            rows.append(
                [
                    label,
                    path,
                    f"{through.rps:.0f}",
                    f"{through.p99:.1f}",
                    f"{bare.rps:.0f}",
                    f"{through.rps / bare.rps:.0%}",
                    f"{ceiling.rps:.0f}",
                    f"{through.rps / ceiling.rps:.0%}",
                ]
            )
        header = ["page", "URL", "Varnish req/s", "p99 ms", "Varnish, file", "of it", "nginx, file", "of it"]
        lines.append(table(header, rows))
        lines.append(
            "(wrk -t2 -c64, keep-alive, Accept-Encoding: gzip; the ceilings: the same gzipped HTML from a file,"
            "\n served by nginx, and by the same varnishd with the builtin VCL: scripts/benchlib/ceiling.vcl)"
        )
        lines += publish(app, varnish, pages)
    return lines


def bare_varnish(static, duration, params, headers):
    """wrk against varnishd with the builtin VCL caching nginx's file: what Varnish itself can do here."""
    from tests.deploy.varnish import Varnish

    vcl = ROOT / "scripts" / "benchlib" / "ceiling.vcl"
    backend = [(HOST, static.port)]
    with Varnish(backends=backend, vcl_path=str(vcl), storage="malloc,256m", params=params, wait_healthy=False) as bare:
        url = bare.url + "/page.html"
        fetch(url, {"Accept-Encoding": "gzip"})
        return wrk(url, duration, 64, threads=2, headers=headers)


def publish(app, varnish, pages):
    """Seconds from an editor's commit (another process) until the app and Varnish show it."""
    if not app.env.get("REDIS_URL"):
        return [
            "",
            "Publish-to-visible: skipped (needs REDIS_URL: the editor's process and the workers share the cache)",
        ]
    article = next(path for label, path in pages if label == "article")
    env = {**app.env, "CACHE_PURGE_URLS": varnish.url}
    lines = ["", "Publish-to-visible (an edit committed by another process, polled every 10 ms):"]
    for what, pk, path in (
        ("article page", inprocess.PICKED["article"], article),
        ("home", inprocess.PICKED["newest"], "/"),
    ):
        seen = publish_latency(ROOT, env, pk, [app.base + path, varnish.url + path])
        app_s, proxy_s = (seen[app.base + path], seen[varnish.url + path])
        show = lambda s: f"{s * 1000:.0f} ms" if s is not None else "not within 60 s"  # noqa: E731
        lines.append(f"  {what}: app {show(app_s)}, through Varnish {show(proxy_s)}")
    return lines


def burst(app, pages, problems):
    """200 connections for 30 s on home and the article, the page cache on."""
    lines = ["", "200 connections for 30 s, the page cache on:"]
    rows = []
    for label, path in pages:
        if not label.startswith(("home", "article")):
            continue
        result = wrk(app.base + path, 30, 200, threads=2)
        if result.bad or result.errors:
            problems.append(f"burst {path}: {result.bad} non-2xx, socket errors {result.errors or 'none'}")
        rows.append([label, path, f"{result.rps:.0f}", f"{result.p50:.1f}", f"{result.p99:.1f}", str(result.bad)])
    lines.append(table(["page", "URL", "req/s", "p50 ms", "p99 ms", "non-2xx"], rows))
    return lines


if __name__ == "__main__":
    sys.exit(main())
