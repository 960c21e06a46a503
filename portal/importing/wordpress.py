"""WordPress eXtended RSS (WXR 1.1, 1.2): posts, pages, categories, tags, attachments.

Two streaming passes over the file with defusedxml (DTDs, and so entity
expansion and external entities, are refused): the first checks the whole
file is well-formed and collects the small tables (authors, categories,
attachments) and the item count; the second imports item by item, clearing
each element once used, so memory stays flat however large the export.
A damaged file therefore stores nothing.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.importing.batch import Item, StoryBatch
from articles.importing.common import DocumentError, Picture, Story, run_document, visible_text
from articles.models import Article, Category, ImportRecord
from articles.models.sections import RESERVED_SLUGS
from portal.importing.wpcontent import clean_content, content_notes, page_upsert, permalink
from portal.importing.wxr import item_fields, local_name, scan, wp_time, wxr_stream


class WordPressImport:
    """Second pass: import posts and pages of a scanned export."""

    def __init__(self, path, export, *, section, summary, uploads=None, permalinks="", progress=None, name=""):
        self.path, self.export, self.section, self.summary = Path(path), export, section, summary
        self.name = name or self.path.name
        self.uploads = Path(uploads).resolve() if uploads else None
        self.permalinks = permalinks
        self.progress = progress
        self.sections = {}  # nicename → Category
        self.new_sections = []  # names of the sections this run created
        self.skipped = {}  # reason → how many items were skipped for it
        self.category_paths = {}  # nicename → "parent/child"
        self.site = export.site_url or "wordpress"
        self.batch = StoryBatch(summary, section=section, status=Article.Status.PUBLISHED, base_dir=self.uploads)

    def run(self):
        try:
            with transaction.atomic():
                self._categories()
        except (ValidationError, DatabaseError) as error:
            self.summary.cache.clear()
            raise DocumentError(f"the categories could not become sections: {error}") from None
        for elem, channel in wxr_stream(self.path):
            if local_name(elem.tag) == "item":
                self._item(elem)
                elem.clear()
                if channel is not None:
                    channel.clear()
        self.batch.flush()
        for reason, count in self.skipped.items():
            self.summary.note(self.name, f"skipped {count} item{'s' if count != 1 else ''}: {reason}")
        return self.summary

    def _categories(self):
        """Categories become sections, parents first; a reserved slug gets a suffix."""
        parents = {nicename: parent for nicename, _name, parent in self.export.categories}
        for nicename, _name, _parent in self.export.categories:
            chain, seen, current = [], set(), nicename
            while current and current not in seen:
                seen.add(current)
                chain.insert(0, current)
                current = parents.get(current, "")
            self.category_paths[nicename] = "/".join(chain)
        by_name = {nicename: name for nicename, name, _parent in self.export.categories}
        pending = list(self.export.categories)
        while pending:
            progressed = False
            for entry in list(pending):
                nicename, name, parent = entry
                if parent and parent in by_name and parent not in self.sections:
                    continue
                self.sections[nicename] = self._section(nicename, name or nicename, self.sections.get(parent))
                pending.remove(entry)
                progressed = True
            if not progressed:  # a cycle in the export: import the rest without parents
                for nicename, name, _parent in pending:
                    self.sections[nicename] = self._section(nicename, name or nicename, None)
                break
        self.summary.cache.clear()
        if self.new_sections:
            count = len(self.new_sections)
            self.summary.note(
                self.name,
                f"{count} new section{'s' if count != 1 else ''} from the categories "
                f"({', '.join(self.new_sections[:5])}{', …' if count > 5 else ''}), kept out of the main navigation: "
                "tick “Show in navigation” on a section (Admin → Sections) to add it to the menu",
            )

    def _section(self, nicename, name, parent):
        identity = f"{self.site}#category:{nicename}"
        record = ImportRecord.objects.filter(source_uri=identity[:500]).first()
        if record and (found := Category.objects.filter(pk=record.object_id).first()):
            return found
        slug = slugify(nicename)[:80] or slugify(name)[:80] or "section"
        found = Category.objects.filter(slug=slug).first() or Category.objects.filter(name=name[:80]).first()
        if found is None:
            if slug in RESERVED_SLUGS:
                new_slug = f"{slug}-section"
                self.summary.note(self.name, f"category “{slug}” renamed to “{new_slug}”: the address is taken")
                slug = new_slug
            # Off the main menu: an export with 30 categories must not put 30 items in the header.
            found = Category(name=name[:80], slug=slug, parent=parent, show_in_navigation=False)
            found.full_clean()
            found.save()
            self.new_sections.append(found.name)
        ImportRecord.objects.create(source_uri=identity[:500], kind="section", object_id=found.pk)
        return found

    def _item(self, elem):
        data, categories, meta, comments = item_fields(elem)
        self.summary.comments_skipped += comments
        kind = data.get("wp:post_type", "").strip()
        post_id = data.get("wp:post_id", "").strip()
        source = f"{self.name}: {kind or 'item'} {post_id} “{data.get('title', '').strip()[:60]}”"
        if kind == "attachment":
            return  # used through the posts that show them
        wp_status = data.get("wp:status", "").strip()
        if kind not in ("post", "page"):
            self._skip(f"post type “{kind}” is not imported")
        elif wp_status in ("trash", "auto-draft", "inherit"):
            self._skip(f"status “{wp_status}” ({'in the bin' if wp_status == 'trash' else 'never written'})")
        elif kind == "page":
            self.batch.flush()  # in the order of the file, as one by one
            run_document(self.summary, source, lambda: self._page(data, post_id, source))
        else:
            self.batch.add(self._post_item(data, categories, meta, post_id, source))
        if self.progress:
            self.progress(self.summary, self.export.items - len(self.export.attachments))

    def _page(self, data, post_id, source):
        version = wp_time(data.get("wp:post_modified_gmt")) or wp_time(data.get("wp:post_modified"), utc=False)
        return page_upsert(
            data,
            identity=f"{self.site}/?page_id={post_id}",
            version=version,
            summary=self.summary,
            source=source,
            fallback_title=f"Page {post_id}",
        )

    def _skip(self, reason):
        """Count an item skipped for `reason`; the summary names each reason once, with its count."""
        self.summary.add("skipped")
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def _post_dates(self, data):
        """(status, publish time, version time) of a post."""
        wp_status = data.get("wp:status", "").strip()
        published_at = wp_time(data.get("wp:post_date_gmt")) or wp_time(data.get("wp:post_date"), utc=False)
        if wp_status == "publish":
            status = Article.Status.PUBLISHED
        elif wp_status == "future":
            status = Article.Status.PUBLISHED  # scheduled: published with a future publish time
        else:
            status = Article.Status.DRAFT
            if wp_status in ("draft", "pending"):
                published_at = published_at if published_at and published_at > timezone.now() else None
        version = (
            wp_time(data.get("wp:post_modified_gmt"))
            or wp_time(data.get("wp:post_modified"), utc=False)
            or published_at
            or wp_time(data.get("wp:post_date"), utc=False)
        )
        return status, published_at, version

    def _post_item(self, data, categories, meta, post_id, source):
        """The post as a batch item: built only when it is new or changed."""
        status, published_at, version = self._post_dates(data)
        warnings = []

        def unchanged():
            # What a stored, current post still reports (as it did when it was imported one by one).
            for note in content_notes(data.get("content:encoded", ""))[1]:
                self.summary.note(source, note)
            self._pictures(meta, ())

        def build():
            return self._post_story(data, categories, meta, post_id, source, status, published_at, version, warnings)

        def done(outcome):
            for warning in warnings if outcome != "unchanged" else ():
                self.summary.note(source, warning)

        return Item(
            source=source, uri=f"{self.site}/?p={post_id}", version=version, build=build, unchanged=unchanged, done=done
        )

    def _post_story(self, data, categories, meta, post_id, source, status, published_at, version, warnings):
        cats = [nicename for domain, nicename, _name in categories if domain == "category"]
        tags = [name for domain, _nicename, name in categories if domain == "post_tag"]
        section = next((self.sections[c] for c in cats if c in self.sections), None)
        html, notes, images = clean_content(data.get("content:encoded", ""))
        for note in notes:
            self.summary.note(source, note)
        if status == Article.Status.PUBLISHED and not visible_text(html).strip():
            # WordPress publishes a post with no text; a newsroom does not: an editor finishes it.
            status = Article.Status.DRAFT
            warnings.append("warning: it has no body text; imported as a draft")
        if status == Article.Status.PUBLISHED and data.get("wp:post_password", "").strip():
            # Readers needed a password in WordPress: publishing it here would make it public.
            status = Article.Status.DRAFT
            warnings.append("warning: it is password-protected in WordPress; imported as a draft")
        slug = data.get("wp:post_name", "").strip() or slugify(data.get("title", ""))
        pictures = self._pictures(meta, images)
        legacy = []
        if self.permalinks:
            legacy.append(
                permalink(
                    self.permalinks,
                    post_id=post_id,
                    slug=slug,
                    when=wp_time(data.get("wp:post_date"), utc=True),
                    category_path=self.category_paths.get(cats[0], "") if cats else "",
                )
            )
        link = data.get("link", "").strip()
        if link.startswith(("http://", "https://")) and (path := urlsplit(link).path) not in ("", "/"):
            legacy.append(path)
        login = data.get("dc:creator", "").strip()
        return Story(
            uri=f"{self.site}/?p={post_id}",
            headline=data.get("title", "").strip() or f"Untitled post {post_id}",
            body_html=html,
            summary=data.get("excerpt:encoded", ""),
            bylines=[self.export.authors.get(login, login)] if login else [],
            first_created=published_at,
            version_created=version,
            tags=tags,
            pictures=pictures,
            slug=slug,
            status=status,
            publish_at=published_at,
            publish_at_is_final=True,
            section=section,
            legacy_paths=list(dict.fromkeys(legacy)),
            allow_empty_body=status == Article.Status.DRAFT,
        )

    def _pictures(self, meta, images):
        """The featured image first, then the first image in the text."""
        result = []
        thumb = meta.get("_thumbnail_id", "").strip()
        if thumb:
            attached = self.export.attachments.get(thumb)
            if attached is None:
                self.summary.note(self.name, f"featured image {thumb} is not in the export")
            else:
                file, title, alt = attached
                result.append(self._picture(file, identity=f"{self.site}/?attachment_id={thumb}", alt=alt or title))
        for image in images:
            if image.get("src"):
                result.append(self._picture(image["src"], identity=image["src"], alt=image.get("alt", "")))
        return result

    def _picture(self, file, *, identity, alt):
        """A local path under --uploads for an upload's URL or relative path; else the URL, reported."""
        path = urlsplit(file).path if "://" in file else file
        if "/wp-content/uploads/" in path:
            path = path.split("/wp-content/uploads/", 1)[1]
        if self.uploads is not None and not path.startswith("/"):
            return Picture(href=str(self.uploads / path), identity=identity, alt=alt)
        return Picture(href=file, identity=identity, alt=alt)


def import_wordpress(path, *, section, summary, uploads=None, permalinks="", progress=None, name=""):
    """Check and import a WXR file. A broken file raises DocumentError before anything is stored."""
    export = scan(path)
    if uploads and not Path(uploads).is_dir():
        raise DocumentError(f"--uploads {uploads} is not a folder")
    return WordPressImport(
        path,
        export,
        section=section,
        summary=summary,
        uploads=uploads,
        permalinks=permalinks,
        progress=progress,
        name=name,
    ).run()
