"""Writing imported stories a batch at a time: a few queries per batch instead of a dozen per story.

A batch looks up which of its stories are stored already (one query), skips
the unchanged ones without building them, and writes the new ones with
bulk_create (articles, bylines, tags, old addresses). Should anything in the
batch fail, its transaction rolls back and each story is written again on
its own, as `story_upsert` in `run_document`: the bad one is reported and
skipped, the others are imported.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles.importing import common
from articles.importing.common import DocumentError, Story, run_document, slug_base
from articles.models import Article, Author, TaggedArticle

#: Stories written per transaction: large enough to amortise the queries, small enough to retry one by one.
BATCH_SIZE = 250

#: What `run_document` turns into a failure with a reason rather than a crash.
ITEM_ERRORS = (DocumentError, ValidationError, DatabaseError, ValueError)


@dataclass
class Item:
    """One story waiting in a batch: its identity and version, and how to build it when it must be written."""

    source: str
    uri: str
    version: datetime | None
    build: Callable[[], Story]  # may raise DocumentError; called only for a new or changed story
    unchanged: Callable[[], None] | None = None  # reports what a current stored story still reports
    done: Callable[[str], None] | None = None  # called with created/updated once the story is stored
    base_dir: Path | None = None


def guarded(summary, source, work):
    """`work()` outside a transaction: (True, result), or (False, None) with the failure recorded as in run_document."""
    try:
        return True, work()
    except DocumentError as error:
        summary.fail(source, error)
    except (ValidationError, ValueError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        summary.fail(source, f"could not be stored: {message}")
    return False, None


class StoryBatch:
    """Collects `Item`s and writes them `size` at a time; call `flush()` once the source is read."""

    def __init__(self, summary, *, section, status, base_dir=None, size=None):
        self.summary, self.section, self.status, self.base_dir = summary, section, status, base_dir
        self.size = size or BATCH_SIZE
        self.pending, self.uris = [], set()

    def add(self, item):
        if item.uri in self.uris:
            self.flush()  # the same story twice: the second must see the first stored, as one by one it would
        self.pending.append(item)
        self.uris.add(item.uri)
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self):
        items, self.pending, self.uris = self.pending, [], set()
        if not items:
            return
        stored = dict(
            Article.objects.filter(source_uri__in=[item.uri for item in items])
            .order_by()
            .values_list("source_uri", "source_updated_at")
        )
        work = []
        for item in items:
            if item.uri in stored:
                known = stored[item.uri]
                # Without a version time there is no telling newer from older: keep what is stored.
                if item.version is None or (known is not None and item.version <= known):
                    if item.unchanged:
                        item.unchanged()
                    self.summary.add("unchanged")
                    continue
            ok, story = guarded(self.summary, item.source, lambda item=item: self._built(item))
            if ok:
                work.append((item, story, item.uri not in stored))
        if work:
            self._write(work)

    @staticmethod
    def _built(item):
        story = item.build()
        common.story_check(story)
        return story

    def _write(self, work):
        summary = self.summary
        mark = (len(summary.failures), len(summary.notes), len(summary.article_ids), dict(summary.counts))
        try:
            with transaction.atomic():
                outcomes = self._write_all(work)
        except ITEM_ERRORS:
            # Start again one by one, so only the bad story fails; forget what the rolled-back attempt reported.
            del summary.failures[mark[0] :], summary.notes[mark[1] :], summary.article_ids[mark[2] :]
            summary.counts.update(mark[3])
            summary.cache.clear()
            for item, story, _new in work:
                outcome = run_document(summary, item.source, lambda item=item, story=story: self._one(item, story))
                if outcome != "failed" and item.done:
                    item.done(outcome)
            return
        for (item, _story, _new), outcome in zip(work, outcomes, strict=True):
            summary.add(outcome)
            if item.done:
                item.done(outcome)

    def _one(self, item, story):
        return common.story_upsert(
            story,
            section=self.section,
            status=self.status,
            summary=self.summary,
            source=item.source,
            base_dir=item.base_dir or self.base_dir,
        )

    def _write_all(self, work):
        new = [(item, story) for item, story, is_new in work if is_new]
        if new:
            self._create(new)
        # A changed story updates its article as before: updates are the rare case of a re-import.
        return ["created" if is_new else self._one(item, story) for item, story, is_new in work]

    def _create(self, pairs):
        """The new articles with their bylines, tags and old addresses, in a handful of queries."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise DatabaseError("this database cannot return the new rows' ids; importing one by one")
        summary = self.summary
        slugs = self._slugs([story.slug or story.headline for _item, story in pairs])
        articles = []
        for (item, story), slug in zip(pairs, slugs, strict=True):
            article = Article(source_uri=story.uri, slug=slug)
            common.story_apply(
                article,
                story,
                section=self.section,
                status=self.status,
                summary=summary,
                source=item.source,
                base_dir=item.base_dir or self.base_dir,
            )
            # What Article.save() does before it writes.
            article.reading_minutes = reading_minutes_of(article.body)
            if article.status == Article.Status.PUBLISHED and article.publish_at is None:
                article.publish_at = timezone.now()
            articles.append(article)
        Article.objects.bulk_create(articles)
        for article in articles:
            article._stored_slug = article.slug
        bylines = self._bylines(pairs, articles)
        self._tags(pairs, articles)
        self._redirects(pairs, articles)
        self._announce(articles, bylines)
        summary.article_ids.extend(article.pk for article in articles)

    def _slugs(self, texts):
        """A free slug for each text: one query for the batch, one more for each base already taken."""
        bases = [slug_base(text) for text in texts]
        taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
        used, result = set(), []
        for base in bases:
            slug = base
            if base in taken or base in used:
                others = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
                n = 2
                while f"{base}-{n}" in others or f"{base}-{n}" in used:
                    n += 1
                slug = f"{base}-{n}"
            used.add(slug)
            result.append(slug)
        return result

    def _bylines(self, pairs, articles):
        """Authors by name (found in one query, created when new); returns article pk → author pks."""
        summary = self.summary
        names = [common.byline_names(story.bylines, story.credit) for _item, story in pairs]
        wanted = {author_slug(name) for group in names for name in group} - {
            key[1] for key in summary.cache if key[0] == "author"
        }
        if wanted:
            for author in Author.objects.filter(slug__in=wanted):
                summary.cache[("author", author.slug)] = author
        through = Article.authors.through
        rows, by_article = [], {}
        for article, group in zip(articles, names, strict=True):
            pks = list(dict.fromkeys(common.author_for_name(name, summary).pk for name in group))
            by_article[article.pk] = pks
            rows += [through(article_id=article.pk, author_id=pk) for pk in pks]
        through.objects.bulk_create(rows)
        return by_article

    def _tags(self, pairs, articles):
        """Tags matched case-insensitively (one query for the names not seen yet), created when new."""
        from taggit.models import Tag

        summary = self.summary
        names = [common.clean_tag_names(story.tags, item.source, summary) for item, story in pairs]
        cache = summary.cache
        missing = {name.lower(): name for group in names for name in group if ("tag", name.lower()) not in cache}
        if missing:
            found = {}
            for tag in Tag.objects.filter(reduce(operator.or_, (Q(name__iexact=n) for n in missing.values()))):
                found.setdefault(tag.name.lower(), tag)
            for lowered, name in missing.items():
                summary.cache[("tag", lowered)] = found.get(lowered) or Tag.objects.create(name=name)
        rows = []
        for article, group in zip(articles, names, strict=True):
            tags = {summary.cache[("tag", name.lower())].pk: None for name in group}
            rows += [TaggedArticle(content_object_id=article.pk, tag_id=pk) for pk in tags]
        # bulk_create sends no signals: the run's reindex announces the tag pages (`article_tags_announce`).
        TaggedArticle.objects.bulk_create(rows)

    def _redirects(self, pairs, articles):
        """Old addresses lead to their story; an address claimed again (stored, or earlier in the batch) moves."""
        from articles.models import LegacyRedirect

        claims = {}
        for (_item, story), article in zip(pairs, articles, strict=True):
            for path in story.legacy_paths:
                claims[path[:500]] = article
        if not claims:
            return
        existing = dict(LegacyRedirect.objects.filter(old_path__in=list(claims)).values_list("old_path", "article_id"))
        moved = {}
        for path, article_id in existing.items():
            if article_id != claims[path].pk:
                moved.setdefault(claims[path].pk, []).append(path)
        for article_pk, paths in moved.items():
            LegacyRedirect.objects.filter(old_path__in=paths).update(article_id=article_pk, target_path="")
        # As one by one (`common._set_redirects`): bulk_create, the paths being the importer's own.
        LegacyRedirect.objects.bulk_create(
            [LegacyRedirect(old_path=path, article=article) for path, article in claims.items() if path not in existing]
        )

    @staticmethod
    def _announce(articles, bylines):
        """What the save and the bylines of each new article would have announced (bulk_create sends no signals)."""
        from articles.changes import article_keys
        from portal.web.changes import Change, announce

        keys = set()
        for article in articles:
            keys |= article_keys(article, Change("saved"))
            keys |= article_keys(article, Change("m2m", field="authors", pks=frozenset(bylines[article.pk])))
        announce(*keys)


def reading_minutes_of(html):
    """`articles.models.articles.reading_minutes`, from the body's text the import has already stripped."""
    import math

    from django.conf import settings

    words = len(common.visible_text(html or "").split())
    return max(1, math.ceil(words / settings.READING_WORDS_PER_MINUTE))


def author_slug(name):
    """The slug `author_for_name` files this name under."""
    from django.utils.text import slugify

    return slugify(" ".join(name.split())[:120])[:120] or "author"
