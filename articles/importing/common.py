"""What every import shares: the normalised story, the per-document transaction, the summary."""

import contextlib
import functools
import operator
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from articles.importing.pictures import image_from_file, is_remote  # noqa: F401 - the importers' names for them
from articles.models import Article, ArticleUpdate, Author, Category, TaggedArticle
from articles.tagging import tag_name_problem

OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")


class DocumentError(Exception):
    """A document cannot be imported; the message says why, for an editor."""


@dataclass
class Picture:
    """An image a document refers to: a local path or a remote URL."""

    href: str
    identity: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class Story:
    """One article in the format-neutral shape both importers produce."""

    uri: str
    headline: str
    body_html: str
    summary: str = ""
    bylines: list[str] = field(default_factory=list)
    credit: str = ""
    first_created: datetime | None = None
    version_created: datetime | None = None
    tags: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    slug: str = ""
    status: str | None = None  # None: the import's --status decides
    publish_at: datetime | None = None
    publish_at_is_final: bool = False  # True: publish_at stands even when None (a WordPress draft)
    section: Category | None = None  # None: the import's --section
    legacy_paths: list[str] = field(default_factory=list)
    allow_empty_body: bool = False  # True: a draft an editor is to finish (a WordPress post with no text)
    urgency: int | None = None  # the wire's 1 (flash) to 9; None: not given (WordPress, the newsroom's own)
    embargoed: datetime | None = None  # the wire's embargo: not to be published before this time


@dataclass
class ImportSummary:
    """Counts, failures and notes of one import run."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    failures: list = field(default_factory=list)  # [source, reason]
    notes: list = field(default_factory=list)  # [source, message]
    comments_skipped: int = 0
    article_ids: list = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # authors, sections... valid while nothing rolled back

    @property
    def processed(self):
        return sum(self.counts.values())

    def add(self, outcome):
        self.counts[outcome] += 1

    def fail(self, source, reason):
        self.counts["failed"] += 1
        self.failures.append([str(source), str(reason)])

    def note(self, source, message):
        self.notes.append([str(source), str(message)])

    def reindex(self):
        """Bring the imported articles into search and announce their tag pages (once per run, not per document).

        Tags are written with bulk_create (no signals) after each article's own
        save announced it and its other lists.
        """
        if self.article_ids:
            from articles.changes import article_tags_announce
            from articles.services import search_index_update

            search_index_update(article_ids=self.article_ids)
            article_tags_announce(self.article_ids)

    def finish_command(self, command, *, dry_run, noun):
        """What both import commands do last: reindex, print the summary, fail if anything failed."""
        from django.core.management.base import CommandError

        if dry_run:
            command.stdout.write("Dry run: nothing was stored.")
        else:
            self.reindex()
        for line in self.lines():
            command.stdout.write(line)
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} {noun}(s) failed; the others were imported.")

    def lines(self):
        """The human summary printed by the commands and shown in the admin."""
        out = [", ".join(f"{n} {name}" for name, n in self.counts.items())]
        if self.comments_skipped:
            out.append(f"{self.comments_skipped} comments skipped")
        out += [f"FAILED {source}: {reason}" for source, reason in self.failures]
        out += [f"note {source}: {message}" for source, message in self.notes]
        return out


def run_document(summary, source, work):
    """Run `work()` in its own transaction; a failure rolls back this document only.

    `work` returns one of OUTCOMES. Errors become failures with a reason; an
    unexpected exception type is a bug and propagates.
    """
    try:
        with transaction.atomic():
            outcome = work()
    except DocumentError as error:
        summary.cache.clear()  # objects cached during the rolled-back work are gone
        summary.fail(source, error)
        return "failed"
    except (ValidationError, DatabaseError, ValueError) as error:
        summary.cache.clear()
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        summary.fail(source, f"could not be stored: {message}")
        return "failed"
    if outcome is not None:  # None: the document waits in a batch (`articles.importing.batch`)
        summary.add(outcome)
    return outcome


@contextlib.contextmanager
def dry_run_scope(dry_run):
    """With dry_run, everything inside runs in one transaction that is rolled back."""
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def section_by_slug(slug):
    """The section for `slug`, or a DocumentError naming the sections that exist."""
    slug = slug or settings.IMPORT_DEFAULT_SECTION
    section = Category.objects.filter(slug=slug).first()
    if section is None:
        existing = ", ".join(Category.objects.values_list("slug", flat=True)[:20]) or "none yet"
        raise DocumentError(f"There is no section “{slug}”. Sections: {existing}.")
    return section


def slug_base(text, *, max_length=200):
    """The slug `text` would get before any `-2` suffix."""
    return (slugify(text) or "item")[: max_length - 8].strip("-") or "item"


def unique_slug(model, base, *, max_length=200, field_name="slug"):
    """`base`, or `base-2`, `base-3`... whichever is free."""
    base = slug_base(base, max_length=max_length)
    taken = set(model.objects.filter(**{f"{field_name}__startswith": base}).values_list(field_name, flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def author_for_name(name, summary):
    """The author with this name's slug, created when new."""
    name = " ".join(name.split())[:120]
    slug = slugify(name)[:120] or "author"
    key = ("author", slug)
    if key not in summary.cache:
        author = Author.objects.filter(slug=slug).first() or Author.objects.create(name=name, slug=slug)
        summary.cache[key] = author
    return summary.cache[key]


def byline_names(bylines, credit=""):
    """People in bylines: "By Jane Doe and John Roe" → two names; an agency name alone is its credit."""
    names = []
    for line in bylines:
        line = re.sub(r"^\s*by\s+", "", line or "", flags=re.I)
        for name in re.split(r"\s+and\s+|\s*[,;&]\s*", line):
            name = " ".join(name.split())
            if name and name.casefold() != credit.strip().casefold() and name not in names:
                names.append(name)
    return names


def clean_tag_names(names, source, summary):
    result = []
    for name in names:
        name = " ".join(str(name).replace(",", " ").split())
        if not name:
            continue
        problem = tag_name_problem(name)
        if problem:
            summary.note(source, f"tag left out: {problem}")
            continue
        if name.lower() not in {n.lower() for n in result}:
            result.append(name)
    return result


@functools.lru_cache(maxsize=1024)  # more than a batch: its bodies are checked when built, counted when written
def visible_text(html):
    """`strip_tags(html)`, remembered for the last bodies: each story's body is checked, summarised and counted."""
    return strip_tags(html or "")


def plain_summary(summary_text, body_html):
    """A plain-text quick summary: the given one, or the body's opening words."""
    text = " ".join(strip_tags(summary_text or "").split()) or " ".join(visible_text(body_html or "").split())
    return Truncator(text).chars(600)


def story_check(story):
    """Refuse a story the newsroom cannot show: no headline, or no body when one is needed."""
    if not story.headline.strip():
        raise DocumentError("it has no headline")
    if not story.allow_empty_body and not visible_text(story.body_html or "").strip():
        raise DocumentError("it has no body text")


def story_version(story):
    """The time that tells a newer story from the stored one (None: no telling)."""
    return story.version_created or story.first_created


def story_apply(article, story, *, section, status, summary, source, base_dir=None):
    """Copy the story's fields onto `article` (new or stored), without saving it."""
    version = story_version(story)
    publish_at = story.publish_at
    if not story.publish_at_is_final:
        publish_at = publish_at or story.first_created or story.version_created
    article.headline = Truncator(" ".join(story.headline.split())).chars(200)
    article.summary = plain_summary(story.summary, story.body_html)
    article.body = story.body_html
    article.source = story.credit[:80]
    article.category = story.section or section
    article.status = story.status or status
    if story.embargoed and (publish_at is None or publish_at < story.embargoed):
        # Published at the embargo, never earlier (the database refuses an earlier time too): a future one schedules it.
        publish_at = story.embargoed
        if story.embargoed > timezone.now():
            when = timezone.localtime(story.embargoed)
            summary.note(source, f"embargoed until {when:%d %B %Y, %H:%M}: scheduled for then, not earlier")
    article.publish_at = publish_at
    article.urgency = story.urgency
    article.embargoed_until = story.embargoed
    if version and publish_at and version > publish_at:
        article.updated_at = version
    article.source_updated_at = version
    if not article.hero_image_id:
        # The first picture that can be had: a missing featured image falls back to one in the text.
        for picture in story.pictures:
            if image := image_from_file(picture, base_dir=base_dir, source=source, summary=summary):
                article.hero_image = image
                break


def story_upsert(story, *, section, status, summary, source, base_dir=None):
    """Create or update the article for `story`; returns created/updated/unchanged."""
    story_check(story)
    article = Article.objects.filter(source_uri=story.uri).first()
    version = story_version(story)
    if article is not None:
        # Without a version time there is no telling newer from older: keep what is stored.
        stored = article.source_updated_at
        if version is None or (stored is not None and version <= stored):
            return "unchanged"
    outcome = "updated" if article else "created"
    if article is None:
        article = Article(source_uri=story.uri, slug=unique_slug(Article, story.slug or story.headline))
    story_apply(article, story, section=section, status=status, summary=summary, source=source, base_dir=base_dir)
    article.save()
    if outcome == "updated" and version and article.updated_at == version:
        # “Last updated” moved: keep it in the article's update history, as an editor's update would be.
        ArticleUpdate.objects.create(article=article, updated_at=version, note=f"Updated from {source}"[:300])
    article.authors.set([author_for_name(name, summary) for name in byline_names(story.bylines, story.credit)])
    _set_tags(article, clean_tag_names(story.tags, source, summary), summary, replace=outcome == "updated")
    _set_redirects(article, story.legacy_paths)
    summary.article_ids.append(article.pk)
    return outcome


def _set_tags(article, names, summary, *, replace):
    """The article's tags, in a few queries: taggit's `set()` costs two queries a tag.

    Names match existing tags case-insensitively (TAGGIT_CASE_INSENSITIVE).
    """
    from taggit.models import Tag

    tags, missing = [], []
    for name in names:
        tag = summary.cache.get(("tag", name.lower()))
        (tags if tag else missing).append(tag or name)
    if missing:
        found = {}
        for tag in Tag.objects.filter(reduce(operator.or_, (Q(name__iexact=n) for n in missing))):
            found.setdefault(tag.name.lower(), tag)
        for name in missing:
            tag = found.get(name.lower()) or Tag.objects.create(name=name)
            summary.cache[("tag", name.lower())] = tag
            tags.append(tag)
    if replace:
        TaggedArticle.objects.filter(content_object=article).exclude(tag__in=tags).delete()
        tags = [t for t in tags if t.pk not in set(article.tags.values_list("pk", flat=True))]
    # bulk_create sends no signals; the article's own save in this transaction announced it already.
    TaggedArticle.objects.bulk_create([TaggedArticle(content_object=article, tag=tag) for tag in tags])


def _set_redirects(article, paths):
    """Old addresses of the story lead to it (an address reused by a newer story moves)."""
    from articles.models import LegacyRedirect

    paths = [p[:500] for p in paths]
    if not paths:
        return
    existing = {r.old_path: r for r in LegacyRedirect.objects.filter(old_path__in=paths)}
    LegacyRedirect.objects.filter(old_path__in=[p for p, r in existing.items() if r.article_id != article.pk]).update(
        article=article, target_path=""
    )
    LegacyRedirect.objects.bulk_create(
        [LegacyRedirect(old_path=p, article=article) for p in paths if p not in existing]
    )


def parse_when(value, *, field_name):
    """An aware datetime from an ISO 8601 string; DocumentError when it is not one."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DocumentError(f"“{field_name}” must be a date-time string, not {type(value).__name__}")
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)  # +0200 → +02:00
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise DocumentError(f"“{field_name}” is not a date-time: {value[:40]!r}") from None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_default_timezone())
    return when
