#!/usr/bin/env python
"""Benchmark the imports: a generated N-post WXR (and N ninjs documents), each imported twice.

Writes an export with categories (some nested), tags, authors, comments and a
few attachments whose files sit in a local uploads folder, then runs
`manage.py import_wordpress` in a subprocess: the time and peak memory
(ru_maxrss) of the first import and of an idempotent re-run, with the
machine's load. `--ninjs` does the same for a folder of ninjs documents.
`--compare DIR` runs another checkout (e.g. main, in its own worktree) on
the same files and database engine, so the table shows old and new side by
side. It also measures the streaming parse alone with tracemalloc, for a
smaller export (--also) and the full one, to show memory stays flat.

Uses throw-away SQLite files unless DATABASE_URL is set; with PostgreSQL each
run gets a fresh database named after DATABASE_URL's with a suffix
(`<name>_new_wordpress`, ...), dropped and created again.

    make bench-import BENCH_IMPORT_ARGS="--scale 100000 --ninjs"
    git worktree add --detach /tmp/np-main main
    .venv/bin/python scripts/bench_import.py --scale 10000 --ninjs --compare /tmp/np-main
"""

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench site</title><link>https://bench.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example.com</wp:base_site_url>
"""
PARAGRAPH = (
    "Markets in Zürich and São Paulo moved on Tuesday as investors weighed the central bank's next step; "
    "analysts said volumes were thin & spreads wide."
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", "--posts", dest="posts", type=int, default=10_000, help="posts (and ninjs documents); default 10000"
    )
    parser.add_argument("--also", type=int, default=1_000, help="also parse an export this size, to compare memory")
    parser.add_argument("--ninjs", action="store_true", help="also import a folder of as many ninjs documents")
    parser.add_argument("--no-wordpress", action="store_true", help="only the ninjs import (with --ninjs)")
    parser.add_argument("--compare", metavar="DIR", help="another checkout of the project to run on the same files")
    return parser.parse_args()


def write_export(path, posts, uploads):
    """Write a WXR with `posts` posts; returns its size in bytes."""
    rng = random.Random(7)
    from PIL import Image

    (uploads / "2024" / "05").mkdir(parents=True, exist_ok=True)
    for n in range(5):
        Image.new("RGB", (800, 450), (40 * n, 90, 160)).save(uploads / "2024" / "05" / f"photo-{n}.jpg", "JPEG")
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(30):
            out.write(
                f"<wp:author><wp:author_login><![CDATA[author{n}]]></wp:author_login>"
                f"<wp:author_display_name><![CDATA[Reporter Nº {n}]]></wp:author_display_name></wp:author>\n"
            )
        for n in range(20):
            parent = f"cat-{n // 5 * 5}" if n % 5 else ""
            out.write(
                f"<wp:category><wp:category_nicename><![CDATA[cat-{n}]]></wp:category_nicename>"
                f"<wp:category_parent><![CDATA[{parent}]]></wp:category_parent>"
                f"<wp:cat_name><![CDATA[Category {n}]]></wp:cat_name></wp:category>\n"
            )
        for n in range(5):
            out.write(
                f"<item><title>Photo {n}</title><wp:post_id>{900000 + n}</wp:post_id>"
                "<wp:post_type><![CDATA[attachment]]></wp:post_type><wp:status>inherit</wp:status>"
                f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                f"<wp:meta_value><![CDATA[2024/05/photo-{n}.jpg]]></wp:meta_value></wp:postmeta></item>\n"
            )
        for n in range(posts):
            day = 1 + n % 28
            body = "\n".join(
                f"<!-- wp:paragraph --><p>{PARAGRAPH} ({n}.{p})</p><!-- /wp:paragraph -->" for p in range(6)
            )
            if n % 50 == 0:
                body += (
                    '\n[caption id="a" width="600"]<img src="/wp-content/uploads/2024/05/photo-0.jpg" alt="x">'
                    " A caption[/caption]"
                )
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}"><![CDATA[Tag {t}]]></category>'
                for t in rng.sample(range(200), 3)
            )
            thumb = (
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{900000 + n % 5}</wp:meta_value></wp:postmeta>"
                if n % 1000 == 0
                else ""
            )
            comments = "<wp:comment><wp:comment_content><![CDATA[Nice]]></wp:comment_content></wp:comment>" * (n % 3)
            out.write(
                f"<item><title><![CDATA[Bench post {n}: Zürich & São Paulo]]></title>"
                f"<dc:creator><![CDATA[author{n % 30}]]></dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Summary of post {n}.]]></excerpt:encoded>"
                f"<wp:post_id>{n + 1}</wp:post_id>"
                f"<wp:post_date><![CDATA[2024-05-{day:02d} 10:00:00]]></wp:post_date>"
                f"<wp:post_date_gmt><![CDATA[2024-05-{day:02d} 09:00:00]]></wp:post_date_gmt>"
                f"<wp:post_modified_gmt><![CDATA[2024-05-{day:02d} 09:30:00]]></wp:post_modified_gmt>"
                f"<wp:post_name><![CDATA[bench-post-{n}]]></wp:post_name>"
                f"<wp:status><![CDATA[{'draft' if n % 20 == 0 else 'publish'}]]></wp:status>"
                "<wp:post_type><![CDATA[post]]></wp:post_type>"
                f'<category domain="category" nicename="cat-{n % 20}"><![CDATA[Category {n % 20}]]></category>'
                f"{tags}{thumb}{comments}</item>\n"
            )
        out.write("</channel></rss>\n")
    return path.stat().st_size


def parse_peak(path):
    """Peak Python memory (tracemalloc, MiB) of the streaming parse alone."""
    from portal.importing.wordpress import scan

    tracemalloc.start()
    scan(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def write_ninjs(folder, count):
    """`count` ninjs 2.x documents in `folder` (a hundred subfolders of them); returns their size in bytes."""
    import json

    rng = random.Random(11)
    size = 0
    for n in range(count):
        sub = folder / f"{n % 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        day = 1 + n % 28
        doc = {
            "uri": f"urn:bench:wire:{n}",
            "type": "text",
            "version": "2",
            "firstcreated": f"2024-05-{day:02d}T08:00:00Z",
            "versioncreated": f"2024-05-{day:02d}T09:00:00Z",
            "pubstatus": "usable",
            "headlines": [{"role": "main", "value": f"Wire story {n}: Zürich & São Paulo"}],
            "by": f"Reporter Nº {n % 30}",
            "copyrightholder": "Bench Wire",
            "descriptions": [{"role": "summary", "value": f"Summary of wire story {n}."}],
            "bodies": [
                {"contenttype": "text/html", "value": "".join(f"<p>{PARAGRAPH} ({n}.{p})</p>" for p in range(6))}
            ],
            "subjects": [{"name": f"Subject {t}"} for t in rng.sample(range(200), 3)],
        }
        path = sub / f"story-{n}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        size += path.stat().st_size
    return size


def database_url(base_env, tmp, name):
    """A fresh database for one run: a new SQLite file, or a PostgreSQL database dropped and created again."""
    from urllib.parse import urlsplit, urlunsplit

    url = base_env.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    db = f"{parts.path.lstrip('/') or 'np'}_{name}"
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
    return urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, ""))


def prepare(tree, env):
    """Migrate the run's database with the checkout's own code and add the benchmark's section."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=tree, env=env, check=True)
    code = (
        "from articles.models import Category; Category.objects.get_or_create(slug='bench-import', name='Bench import')"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL
    )


def load():
    return "/".join(f"{n:.2f}" for n in os.getloadavg())


def main():
    args = parse_args()
    trees = [("new", ROOT)] + ([("old", Path(args.compare).resolve())] if args.compare else [])
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="False",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT=str(tmp / "media"),
            STATIC_ROOT=str(tmp / "static"),
            LOG_LEVEL="WARNING",
            IMPORT_DEFAULT_SECTION="bench-import",
        )
        env.pop("REDIS_URL", None)
        base_env = dict(env)
        # The parse alone needs Django's models loaded, not a database.
        os.environ.update(env, DATABASE_URL=f"sqlite:///{tmp / 'parse.sqlite3'}")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        uploads = tmp / "uploads"
        vendor = "postgresql" if base_env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        print(f"\nImport benchmark ({vendor}, {os.cpu_count()} CPUs, load {load()})")
        jobs = []
        if not args.no_wordpress:
            print(f"{'posts':>7} {'file MB':>8} {'parse peak MiB (tracemalloc)':>29}")
            for count in [n for n in (args.also, args.posts) if n]:
                path = tmp / f"export-{count}.xml"
                size = write_export(path, count, uploads)
                print(f"{count:>7} {size / 2**20:>8.1f} {parse_peak(path):>29.2f}", flush=True)
            jobs.append(("wordpress", "posts"))
        if args.ninjs:
            size = write_ninjs(tmp / "ninjs", args.posts)
            print(f"{args.posts} ninjs documents, {size / 2**20:.1f} MB", flush=True)
            jobs.append(("ninjs", "docs"))
        rows = []
        for kind, noun in jobs:
            for label, tree in trees:
                run_env = dict(base_env, DATABASE_URL=database_url(base_env, tmp, f"{label}_{kind}"))
                prepare(tree, run_env)
                for run in ("first", "re-run"):
                    before = load()
                    seconds, cpu, peak, summary = timed(run_env, tree, kind, tmp, args.posts, uploads)
                    rows.append((label, kind, run, args.posts, seconds, cpu, peak, before, load(), noun, summary))
                    print(
                        f"{label:>4} {kind:>9} {run:>6}: {seconds:7.1f} s ({cpu:.1f} s CPU), "
                        f"{args.posts / seconds:6.0f} {noun}/s, peak RSS {peak:6.1f} MiB, "
                        f"load {before} → {load()} | {summary}",
                        flush=True,
                    )
        print("\n| code | import | run | items | seconds | items/s | CPU s | peak MiB | load 1/5/15 before → after |")
        print("|---|---|---|---:|---:|---:|---:|---:|---|")
        for label, kind, run, count, seconds, cpu, peak, before, after, noun, _summary in rows:
            print(
                f"| {label} | {kind} | {run:>6} | {count} | {seconds:.1f} | {count / seconds:.0f} {noun}/s "
                f"| {cpu:.1f} | {peak:.1f} | {before} → {after} |"
            )


def timed(env, tree, kind, tmp, count, uploads):
    """Run one import command of `tree` in a child; (seconds, CPU seconds, peak RSS MiB of the child, summary line)."""
    if kind == "wordpress":
        command = ["import_wordpress", str(tmp / f"export-{count}.xml"), "--uploads", str(uploads)]
        command += ["--permalinks", "/%year%/%monthnum%/%postname%/"]
    else:
        command = ["import_ninjs", str(tmp / "ninjs"), "--section", "bench-import"]
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[0]} failed:\n{output[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output.splitlines()[0]


if __name__ == "__main__":
    main()
