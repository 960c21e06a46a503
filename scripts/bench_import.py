#!/usr/bin/env python
"""Benchmark the WordPress import: a generated N-post WXR, imported twice.

Writes an export with categories (some nested), tags, authors, comments and a
few attachments whose files sit in a local uploads folder, then runs
`manage.py import_wordpress` in a subprocess: the time and peak memory
(ru_maxrss) of the first import and of an idempotent re-run. It also
measures the streaming parse alone with tracemalloc, for a smaller export
(--also) and the full one, to show memory stays flat as the file grows.
Uses a throw-away SQLite file unless DATABASE_URL is set.

    make bench-import
    .venv/bin/python scripts/bench_import.py --posts 10000 --also 1000
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
    parser.add_argument("--posts", type=int, default=10_000, help="posts in the export (default 10000)")
    parser.add_argument("--also", type=int, default=1_000, help="also parse an export this size, to compare memory")
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


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench_import.sqlite3'}")
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
        sys.path.insert(0, str(ROOT))
        from scripts.benchlib.inprocess import migrated_django

        django = migrated_django(env)
        from articles.models import Category

        Category.objects.get_or_create(slug="bench-import", defaults={"name": "Bench import"})
        uploads = tmp / "uploads"
        print(f"\nWordPress import benchmark ({django.db.connection.vendor})")
        print(f"{'posts':>7} {'file MB':>8} {'parse peak MiB (tracemalloc)':>29}")
        for count in [n for n in (args.also, args.posts) if n]:
            path = tmp / f"export-{count}.xml"
            size = write_export(path, count, uploads)
            print(f"{count:>7} {size / 2**20:>8.1f} {parse_peak(path):>29.2f}")
        django.db.connection.close()
        for label in ("first import", "re-run"):
            seconds, cpu, peak, summary = timed(env, tmp / f"export-{args.posts}.xml", uploads)
            print(
                f"{label:>13}: {seconds:7.1f} s ({cpu:.1f} s CPU), {args.posts / seconds:5.0f} posts/s, "
                f"peak RSS {peak:6.1f} MiB | {summary}"
            )


def timed(env, path, uploads):
    """Run import_wordpress in a child; (seconds, CPU seconds, peak RSS MiB of the child, summary line)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_wordpress", str(path), "--uploads", str(uploads)]
        + ["--permalinks", "/%year%/%monthnum%/%postname%/"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"import_wordpress failed:\n{output}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output.splitlines()[0]


if __name__ == "__main__":
    main()
