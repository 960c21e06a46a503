#!/usr/bin/env python
"""Benchmark the public pages: seed N articles, serve with gunicorn, load with wrk.

Prints req/s, p50 and p99 per page (home, section page 1 and ~50, an article,
a tag) plus each page's SQL query count and HTML size. Pages are measured
uncached: the site has no page cache yet, only the navigation menu is cached.

    make bench BENCH_ARGS="--duration 5"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsportal_bench make bench
"""

import argparse
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # only ever load our own gunicorn
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="demo articles to seed (default 10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk connections (default 8)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
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
    )
    return env


def ensure_postgres_database(url):
    """CREATE DATABASE if a PostgreSQL DATABASE_URL names one that does not exist yet."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "psql"):
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin_url = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def require_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is not installed. Install it with `sudo apt-get install -y wrk` and run `make bench` again.")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)


def manage(env, *args):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def pick_pages():
    """(label, path) of the pages to load, chosen with the ORM like the views do."""
    from django.conf import settings
    from django.db.models import Count, Q
    from django.urls import reverse

    from articles.models import Article, Category, TaggedArticle

    published = Article.objects.published()
    # SectionView also lists sub-sections' stories, so count the same way.
    sizes = {c: published.filter(Q(category=c) | Q(category__parent=c)).count() for c in Category.objects.all()}
    section, size = max(sizes.items(), key=lambda item: item[1])
    last_page = max(1, math.ceil(size / settings.ARTICLES_PER_PAGE))
    page = min(50, last_page)
    # An archive story from the middle of the section, so previous and next both exist.
    in_section = published.filter(category=section).newest_first()
    article = in_section.select_related("category")[in_section.count() // 2]
    tags = TaggedArticle.objects.filter(content_object__in=published).values("tag__slug").annotate(n=Count("id"))
    top_tag = tags.order_by("-n").first()
    section_url = section.get_absolute_url()
    return [
        ("home", reverse("home")),
        (f"section p1 ({size} stories)", section_url),
        (f"section p{page} of {last_page}", f"{section_url}?page={page}"),
        ("article", article.get_absolute_url()),
        (f"tag ({top_tag['n']} stories)", reverse("articles:tag", kwargs={"slug": top_tag["tag__slug"]})),
    ]


def count_queries(path):
    """(cold queries, warm queries, HTML bytes) for an anonymous reader."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # a local-memory cache here (see measure_in_process): no shared Redis is flushed
    counts = []
    for _ in range(2):  # the second request finds the navigation menu cached
        with CaptureQueriesContext(connection) as queries:
            response = Client(headers={"host": HOST}).get(path)  # a fresh client: no cookies, like wrk
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        counts.append(len(queries))
    return counts[0], counts[1], len(response.content)


def wait_until_up(url, server, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:  # URLError, refused, reset, timeout: not up yet
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer at {url}. Its log:\n{Path(log_path).read_text()[-3000:]}")


def run_wrk(url, duration, connections):
    """(req/s, p50 ms, p99 ms, bad responses, socket errors) of one wrk run."""
    # A 30 s timeout so a slow page is measured, not dropped from the percentiles as a timeout.
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    out = subprocess.run([*command, "--latency", url], capture_output=True, text=True, check=True).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M).groups()
        return float(value) * UNITS_MS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:\s+(.*)", out)
    return rps, latency(50), latency(99), int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def measure_in_process(env):
    """Pick the pages and count their queries here, with Django set up like gunicorn."""
    # Same settings, except a private local-memory cache: cache.clear() on Redis flushes the whole DB.
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CACHE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, connections

    from articles.models import Article

    with connection.cursor() as cursor:
        # Planner statistics as a live database has them; right after a bulk seed PostgreSQL guesses.
        cursor.execute("ANALYZE")
    pages = pick_pages()
    counts = {path: count_queries(path) for _, path in pages}
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    total, live = Article.objects.count(), Article.objects.published().count()
    summary = f"{connection.vendor} {version}; articles: {total} ({live} published)"
    connections.close_all()  # hold no connection (or SQLite lock) while gunicorn runs
    return pages, counts, summary


def load_pages(env, workdir, pages, counts, args):
    """Serve with gunicorn (2 workers) and load each page with wrk; table rows and problems."""
    with socket.socket() as sock:  # a free port, so a running `make run` is never in the way
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    base = f"http://{HOST}:{port}"
    rows, problems = [], []
    with open(workdir / "gunicorn.log", "w") as log:
        gunicorn = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", "2", "-b", f"{HOST}:{port}"]
        # Own session: Ctrl-C reaches only this script, which then stops gunicorn itself.
        server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            wait_until_up(base + "/", server, log.name)
            for label, path in pages:
                print(f"Loading {path} for {args.duration} s…", flush=True)
                run_wrk(base + path, 1, args.connections)  # warm-up: worker imports, DB and OS caches
                rps, p50, p99, bad, errors = run_wrk(base + path, args.duration, args.connections)
                if bad:
                    problems.append(f"{path}: {bad} responses were not 2xx/3xx")
                if errors:
                    problems.append(f"{path}: socket errors {errors}")
                cold, warm, size = counts[path]
                rows.append(
                    (label, path, f"{rps:.1f}", f"{p50:.1f}", f"{p99:.1f}", f"{cold}/{warm}", f"{size / 1024:.1f}")
                )
        finally:
            server.terminate()  # SIGTERM: the gunicorn master stops its workers, then itself
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return rows, problems


def print_table(rows):
    header = ("page", "URL", "req/s", "p50 ms", "p99 ms", "queries", "HTML KB")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        # Text columns flush left, numbers flush right.
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main():
    args = parse_args()
    require_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    env = bench_environment(workdir / "static")
    try:
        print(f"Database: {env['DATABASE_URL']}")
        ensure_postgres_database(env["DATABASE_URL"])
        manage(env, "migrate", "--noinput", "-v0")
        if not args.skip_seed:
            seconds = manage(env, "seed_demo", "--articles", str(args.articles))
            print(f"Seeding took {seconds:.0f} s")
        manage(env, "collectstatic", "--noinput", "-v0")
        pages, counts, summary = measure_in_process(env)
        load = os.getloadavg()[0]
        rows, problems = load_pages(env, workdir, pages, counts, args)
    except KeyboardInterrupt:
        print("\nInterrupted.")  # load_pages has already stopped gunicorn
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    cpus = len(os.sched_getaffinity(0))
    print(f"\nMachine: {cpus} CPUs; gunicorn 2 sync workers; wrk {args.connections} connections x {args.duration} s")
    print(f"Database: {summary}")
    # Other work on the machine (tests, a browser) competes with gunicorn and wrk for the same cores.
    print(f"Load average (1 min) as the load started: {load:.2f}\n")
    print_table(rows)
    print("\nqueries = cold cache / warm cache (the navigation menu is cached after the first request)")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
