"""What the benchmark learns in its own process, with Django set up like gunicorn: the pages, their queries."""

import math
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scripts.benchlib.servers import HOST

ROOT = Path(__file__).resolve().parents[2]

#: Stories the publish-to-visible check edits: the benchmark's article, and the newest (on the front page).
PICKED = {}


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


def migrated_django(env):
    """Create the database `env` names if needed, migrate it, and set Django up in this process on it.

    For the benchmarks that drive the ORM themselves (newsletter, import); returns the django module.
    """
    ensure_postgres_database(env["DATABASE_URL"])
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return django


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
    PICKED.update(article=article.pk, newest=published.newest_first().values_list("pk", flat=True).first())
    pages = [
        ("home", reverse("home")),
        (f"section p1 ({size})", section_url),
        (f"deep p{page}/{last_page}", f"{section_url}?page={page}"),
        ("article", article.get_absolute_url()),
        (f"tag ({top_tag['n']})", reverse("articles:tag", kwargs={"slug": top_tag["tag__slug"]})),
    ]
    # What every open live-blog page polls (seed_liveblog): its "hit" column is what 1,000 readers cost the database.
    live = published.filter(liveblog__isnull=False).select_related("category").first()
    if live is not None:
        kwargs = {"section": live.category.slug, "slug": live.slug}
        pages.append(("live poll", reverse("liveblog:updates", kwargs=kwargs)))
    return pages


def count_queries(path):
    """(first, warm, page-cache hit queries, HTML bytes) for an anonymous reader."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # a local-memory cache here (see measure): no shared Redis is flushed
    counts = []
    for seconds in (0, 0, 300, 300):  # the page cache off twice, then on: a miss that keeps it, and a hit
        with override_settings(PAGE_CACHE_SECONDS=seconds), CaptureQueriesContext(connection) as queries:
            response = Client(headers={"host": HOST}).get(path)  # a fresh client: no cookies, like wrk
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        counts.append(len(queries))
    return counts[0], counts[1], counts[3], len(response.content)


def measure(env, only=None):
    """Pick the pages and count their queries here; returns (pages, counts, a summary of the database)."""
    # Same settings, except a private local-memory cache: cache.clear() on Redis flushes the whole DB.
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CACHE_URL", None)
    import django

    django.setup()
    from django.db import connection, connections

    from articles.models import Article

    with connection.cursor() as cursor:
        # Planner statistics as a live database has them; right after a bulk seed PostgreSQL guesses.
        cursor.execute("ANALYZE")
    pages = pick_pages()
    if only:
        wanted = [name.strip() for name in only.split(",")]
        pages = [(label, path) for label, path in pages if label.split()[0] in wanted]
    counts = {path: count_queries(path) for _, path in pages}
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    total, live = Article.objects.count(), Article.objects.published().count()
    summary = f"{connection.vendor} {version}; articles: {total} ({live} published)"
    connections.close_all()  # hold no connection (or SQLite lock) while gunicorn runs
    return pages, counts, summary
