#!/usr/bin/env python
"""Benchmark search on PostgreSQL: seed N articles, then time realistic queries.

Prints, per query, the number of results and the p50/p95 latency of the whole
search page (view, SQL, highlighting, template; Django's test client, no
network) and of its SQL alone (the count and the first page with ts_rank and
ts_headline). Also how long seeding and a full reindex take.

    make bench-search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsportal make bench-search BENCH_SEARCH_ARGS="--runs 50"
    make bench-search BENCH_SEARCH_ARGS="--scale 1000000 --database bench_1m --compare main"

`--scale N` seeds N articles: 150 through `seed_demo`, the rest in bulk SQL
(`scripts/benchlib/search_seed.py`; 1,000,000 in minutes). `--compare REF`
also times another commit's search code on the same database, side by side.
It uses its own database (default `newsportal_bench_search` on the server of
DATABASE_URL), never the one in DATABASE_URL itself.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.benchlib.inprocess import ensure_postgres_database  # noqa: E402 - run as a script, not a package

#: What readers of a finance site type: a topic, a company, a phrase, an
#: exclusion, an author, a place with a topic, a long question, nothing found.
#: Stories `seed_demo` writes one by one (with pictures, takeaways, FAQs); the rest are bulk copies.
DEMO_ARTICLES = 150
QUERIES = [
    "interest rates",
    "Northbridge Bank",
    '"central banks"',
    "oil -gold",
    "Osborn",
    "Singapore fintech payments",
    "how will inflation affect mortgages and pensions this year",
    "zeppelin",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", "--articles", type=int, default=100_000, help="articles to seed (default 100000)", dest="scale"
    )
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--database", default="newsportal_bench_search", help="database name on the same server")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--skip-reindex", action="store_true", help="do not time a full reindex (minutes at 1M)")
    parser.add_argument("--compare", metavar="REF", help="also time this git ref's search code on the same database")
    parser.add_argument("--compare-runs", type=int, help="timed runs per query for --compare (default: --runs)")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)  # one side of --compare
    return parser.parse_args()


def manage(env, *args, cwd=ROOT):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=cwd, env=env, check=True)
    return time.monotonic() - started


def bench_url(database):
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "psql"):
        sys.exit("bench_search measures PostgreSQL: set DATABASE_URL to a postgres:// URL (its server is used).")
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, runs):
    function()  # warm-up: plans, caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return result, statistics.median(samples), percentile(samples, 0.95)


def measure(runs):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from articles.search import SearchPaginator, SearchParams, decorate, search_articles
    from articles.search.query import websearch_text

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database after the bulk seed
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    client = Client(headers={"host": "127.0.0.1"})
    rows = []
    for query in QUERIES:

        def sql(query=query):
            # What the page asks: the (capped) count, then page 1 with highlights.
            paginator = SearchPaginator(search_articles(SearchParams(text=query)), 20)
            return paginator.count, decorate(list(paginator.page(1).object_list), query)

        def page(query=query):
            response = client.get("/search/?" + urlencode({"q": query}))
            assert response.status_code == 200, response.status_code
            return response

        # Every published match, untimed (the page itself counts up to its cap).
        words = SearchQuery(websearch_text(query), search_type="websearch", config=settings.SEARCH_CONFIG)
        count = Article.objects.published().filter(search_document__vector=words).count()
        _, sql_p50, sql_p95 = timed(sql, runs)
        _, page_p50, page_p95 = timed(page, runs)
        rows.append((query, str(count), f"{page_p50:.1f}", f"{page_p95:.1f}", f"{sql_p50:.1f}", f"{sql_p95:.1f}"))
    total, live = Article.objects.count(), Article.objects.published().count()
    return rows, f"PostgreSQL {version}; articles: {total} ({live} published)"


def print_table(rows, header=("query", "results", "page p50 ms", "page p95 ms", "SQL p50 ms", "SQL p95 ms")):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def seed(env, args):
    """The demo site (sections, authors, pictures, 150 stories), then bulk stories up to the scale."""
    seconds = manage(env, "seed_demo", "--articles", str(min(args.scale, DEMO_ARTICLES)))
    if args.scale > DEMO_ARTICLES:
        code = f"from scripts.benchlib.search_seed import seed; seed({args.scale})"
        seconds += manage(env, "shell", "-c", code)
    return seconds


def compare(env, args):
    """Rows of `measure` with `args.compare`'s code, from a throwaway worktree of it."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    tree = workdir / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), args.compare], cwd=ROOT, check=True)
    try:
        runs = str(args.compare_runs or args.runs)
        command = [sys.executable, __file__, "--measure-only", "--runs", runs, "--database", args.database]
        result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"--compare {args.compare} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def side_by_side(rows, old, ref):
    """One table: each query's results, then the page p50/p95 of `ref` and of this code."""
    before = {row[0]: row for row in old}
    return [
        (row[0], row[1], before.get(row[0], ("",) * 4)[2], before.get(row[0], ("",) * 4)[3], row[2], row[3])
        for row in rows
    ], ("query", "results", f"{ref} p50 ms", f"{ref} p95 ms", "now p50 ms", "now p95 ms")


def main():
    args = parse_args()
    url = bench_url(args.database)
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="portal.settings", MEDIA_ROOT=str(ROOT / "media" / "bench"))
    env.pop("REDIS_URL", None)  # a private local-memory cache: never touch a shared Redis
    env.pop("CACHE_URL", None)
    env["PAGE_CACHE_SECONDS"] = "0"  # time the search, not a page cache hit
    if args.measure_only:  # the other side of --compare: this process's working directory holds the code
        os.environ.update(env)
        sys.path.insert(0, os.getcwd())
        print(json.dumps(measure(args.runs)[0]))
        return 0
    print(f"Database: {url}")
    ensure_postgres_database(url)
    manage(env, "migrate", "--noinput", "-v0")
    if not args.skip_seed:
        print(f"Seeding {args.scale} articles (with their search vectors) took {seed(env, args):.0f} s")
    if not args.skip_reindex:
        print(f"A full reindex took {manage(env, 'update_search_index'):.0f} s")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    rows, summary = measure(args.runs)
    print(f"\n{summary}; {args.runs} runs per query after a warm-up; machine load {os.getloadavg()[0]:.2f}\n")
    print_table(rows)
    if args.compare:
        old = compare(env, args)
        print(f"\nThe whole page, {args.compare} against this code; machine load {os.getloadavg()[0]:.2f}\n")
        table, header = side_by_side(rows, old, args.compare)
        print_table(table, header)
    print("\npage = the whole /search/ response in-process (view, SQL, highlighting, template)")
    print("SQL  = the count (capped at 1,000) plus the first 20 results with ts_rank and ts_headline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
