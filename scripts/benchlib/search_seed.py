"""Grow a demo site to N articles in bulk, for the search benchmark: SQL does the work, Python's memory stays flat.

`seed_demo` writes each story through the ORM (245 s for 100,000). Here a
pool of demo stories is written by its generator once into a temporary
table, then `INSERT … SELECT` over `generate_series` copies them into
articles (each its own slug, time, section, tags and byline) a batch at a
time, and `articles.search.index.refresh` computes every vector in SQL.
Run it after `seed_demo` (it reuses the sections, authors, tags, pictures).
"""

import random
import time

#: Distinct stories in the pool; each appears N / POOL times, with its own time, section, tags and byline.
POOL = 5000
BATCH = 50_000
#: The archive reaches back this far, evenly; the newest story is a few minutes old.
SPAN_DAYS = 3650
SLUG_PREFIX = "bulk-"


def _pool_rows(rng):
    from django.utils.text import slugify
    from taggit.models import Tag

    from articles.demo import corpus
    from articles.demo.illustrations import topic_alt
    from articles.management.commands.seed_demo import DEMO_CREDIT, Command
    from articles.models import Article, Image, reading_minutes

    demo = Command()
    tags = {t.name: t.pk for t in Tag.objects.filter(name__in=corpus.TAGS)}
    pictures = dict(Image.objects.filter(credit=DEMO_CREDIT).values_list("alt_text", "pk"))
    sanitize = Article._meta.get_field("body").sanitize
    for p in range(POOL):
        words = demo.words(rng)
        headline = rng.choice(corpus.HEADLINE_PATTERNS).format(**words)
        body = demo.body(rng, words)
        yield (
            p,
            (headline[0].upper() + headline[1:])[:200],
            demo.summary(rng, words),
            sanitize(body),
            reading_minutes(body),
            tags.get(words["subject"]) or tags.get(slugify(words["subject"])),
            pictures.get(topic_alt(words["subject"])),
        )


def seed(total, *, seed=2026, out=print):
    """Add bulk stories until the site has `total` articles; returns the seconds it took."""
    from django.db import connection, transaction

    from articles.models import Article, Author, Category

    started = time.monotonic()
    have = Article.objects.count()
    missing = total - have
    if missing <= 0:
        return 0.0
    first = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()  # bulk numbers already used
    sections = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    authors = list(Author.objects.order_by("pk").values_list("pk", flat=True))
    from taggit.models import Tag

    tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    fields = {f.column: f for f in Article._meta.concrete_fields}
    defaults = {
        column: field.get_default()
        for column, field in fields.items()
        if column in ("ai_note", "ai_use", "byline_role", "reviewed_item", "work_type", "seo_description")
        or column in ("seo_title", "social_headline", "source")
    }
    table, tagged = Article._meta.db_table, "articles_taggedarticle"
    bylines = Article.authors.through._meta.db_table
    span = SPAN_DAYS * 24 * 60
    out(f"Bulk-writing {missing} articles…")
    pool = list(_pool_rows(random.Random(seed)))  # before COPY: it reads tags and pictures
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bulk_pool (p int PRIMARY KEY, headline text, summary text, body text,"
            " minutes int, topic_tag int, picture bigint)"
        )
        with cursor.connection.cursor().copy("COPY bulk_pool FROM STDIN") as copy:
            for row in pool:
                copy.write_row(row)
        const_columns = ", ".join(defaults)
        for start in range(first, first + missing, BATCH):
            stop = min(start + BATCH, first + missing)
            with transaction.atomic():
                params = {
                    "prefix": SLUG_PREFIX,
                    "span": span,
                    "total": max(total, 1),
                    "sections": sections,
                    "nsections": len(sections),
                    "start": start,
                    "stop": stop,
                    "pool": POOL,
                    "tags": tags,
                    "ntags": len(tags),
                    "authors": authors,
                    "nauthors": len(authors),
                }
                params.update({f"c_{k}": v for k, v in defaults.items()})
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
                params["before"] = cursor.fetchone()[0]
                values = ", ".join(f"%(c_{k})s" for k in defaults)
                cursor.execute(
                    f"""
                    INSERT INTO {table} (headline, slug, summary, body, status, publish_at, reading_minutes,
                        is_top_story, created_at, modified_at, category_id, hero_image_id,
                        use_section_disclosure, {const_columns})
                    SELECT b.headline, %(prefix)s || g, b.summary, b.body, 'published',
                        now() - make_interval(mins => (g::float8 * %(span)s / %(total)s)::int + g %% 90),
                        b.minutes, g %% 13 = 0, now(), now(),
                        (%(sections)s::bigint[])[1 + g %% %(nsections)s], b.picture, true, {values}
                    FROM generate_series(%(start)s, %(stop)s - 1) g JOIN bulk_pool b ON b.p = g %% %(pool)s
                    """,
                    params,
                )
                numbered = (
                    f"SELECT a.id, substr(a.slug, {len(SLUG_PREFIX) + 1})::int %% %(pool)s AS p FROM {table} a"
                    " WHERE a.id > %(before)s"
                )
                # The story's topic, then two more (distinct); one author, a second on every 11th. All
                # follow the pool story (p), so every copy of a story has the same vectors (see _vectors).
                cursor.execute(
                    f"""
                    INSERT INTO {tagged} (content_object_id, tag_id)
                    SELECT DISTINCT n.id, t.tag FROM ({numbered}) n JOIN bulk_pool b ON b.p = n.p
                    CROSS JOIN LATERAL (VALUES (b.topic_tag), ((%(tags)s::int[])[1 + n.p %% %(ntags)s]),
                        ((%(tags)s::int[])[1 + (n.p * 7 + 3) %% %(ntags)s])) t(tag)
                    WHERE t.tag IS NOT NULL
                    """,
                    params,
                )
                cursor.execute(
                    f"""
                    INSERT INTO {bylines} (article_id, author_id)
                    SELECT DISTINCT n.id, a.author FROM ({numbered}) n
                    CROSS JOIN LATERAL (VALUES ((%(authors)s::bigint[])[1 + n.p %% %(nauthors)s]),
                        (CASE WHEN n.p %% 11 = 0 THEN (%(authors)s::bigint[])[1 + (n.p + 3) %% %(nauthors)s] END)
                    ) a(author)
                    WHERE a.author IS NOT NULL
                    """,
                    params,
                )
            out(f"  {stop - first}/{missing} articles ({time.monotonic() - started:.0f} s)")
        cursor.execute("DROP TABLE bulk_pool")
    written = time.monotonic() - started
    out(f"Articles written in {written:.0f} s; computing their search vectors in SQL…")
    _vectors(have, out, started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def _vectors(have, out, started):
    """Vectors for the new articles: `index.refresh`'s SQL for each pool story once, then copied by a join.

    Every copy of a pool story has its text, tags and byline, so its vectors
    are the same; to_tsvector over a million bodies would take ten minutes
    on one core, copying them one. A later `update_search_index` finds them
    current (indexed after the article's last edit) and leaves them alone.
    """
    from django.db import connection, transaction

    from articles.models import Article, SearchDocument
    from articles.search import index

    slugs = [f"{SLUG_PREFIX}{p}" for p in range(POOL)]
    templates = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    index.refresh([templates[slug] for slug in slugs if slug in templates])
    out(f"  {len(templates)} pool stories indexed ({time.monotonic() - started:.0f} s)")
    table, document = Article._meta.db_table, SearchDocument._meta.db_table
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bulk_template (p int PRIMARY KEY, article_id bigint)")
        cursor.execute(
            "INSERT INTO bulk_template SELECT substr(slug, %s)::int, id FROM " + table + " WHERE slug = ANY(%s)",
            [len(SLUG_PREFIX) + 1, slugs],
        )
        for after in range(have, last, BATCH):
            with transaction.atomic():
                cursor.execute(
                    f"""
                    INSERT INTO {document} (article_id, head, vector, publish_at, indexed_at)
                    SELECT a.id, d.head, d.vector, a.publish_at, now() FROM {table} a
                    JOIN bulk_template t ON t.p = substr(a.slug, %(skip)s)::int %% %(pool)s
                    JOIN {document} d ON d.article_id = t.article_id
                    WHERE a.id > %(after)s AND a.id <= %(upto)s AND a.slug LIKE %(like)s
                    ON CONFLICT (article_id) DO NOTHING
                    """,
                    {
                        "skip": len(SLUG_PREFIX) + 1,
                        "pool": POOL,
                        "after": after,
                        "upto": after + BATCH,
                        "like": SLUG_PREFIX + "%",
                    },
                )
            out(f"  vectors up to article {min(after + BATCH, last)}/{last} ({time.monotonic() - started:.0f} s)")
        cursor.execute("DROP TABLE bulk_template")
