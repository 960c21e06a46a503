"""WordPress eXtended RSS (WXR 1.1, 1.2): posts, pages, categories, tags, attachments.

Two streaming passes over the file with defusedxml (DTDs, and so entity
expansion and external entities, are refused): the first checks the whole
file is well-formed and collects the small tables (authors, categories,
attachments) and the item count; the second imports item by item, clearing
each element once used, so memory stays flat however large the export.
A damaged file therefore stores nothing.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.importing.common import (
    DocumentError,
    Picture,
    Story,
    plain_summary,
    run_document,
    story_upsert,
    unique_slug,
)
from articles.models import Article, Category, ImportRecord
from articles.models.sections import RESERVED_SLUGS
from portal.importing.wpcontent import clean_content

PERMALINK_TAGS = ("%year%", "%monthnum%", "%day%", "%postname%", "%post_id%", "%category%")


def _local(tag):
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id'."""
    if not tag.startswith("{"):
        return tag
    uri, name = tag[1:].split("}", 1)
    if "wordpress.org/export" in uri:
        return ("excerpt:" if uri.rstrip("/").endswith("excerpt") else "wp:") + name
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content:" + name
    if "purl.org/dc/elements" in uri:
        return "dc:" + name
    return name


def _text(elem):
    return (elem.text or "").strip() if elem is not None else ""


def _children(elem):
    """Child name → text (first wins), plus the repeated ones as lists."""
    data, categories, meta, comments = {}, [], {}, 0
    for child in elem:
        name = _local(child.tag)
        if name == "category":
            categories.append((child.get("domain"), child.get("nicename") or "", _text(child)))
        elif name == "wp:postmeta":
            key = value = ""
            for part in child:
                if _local(part.tag) == "wp:meta_key":
                    key = _text(part)
                elif _local(part.tag) == "wp:meta_value":
                    value = _text(part)
            meta[key] = value
        elif name == "wp:comment":
            comments += 1
        else:
            data.setdefault(name, child.text or "")
    return data, categories, meta, comments


@dataclass
class Export:
    """What the first pass learns: the small tables and the size of the job."""

    site_url: str = ""
    version: str = ""
    items: int = 0
    authors: dict = field(default_factory=dict)  # login → display name
    categories: list = field(default_factory=list)  # (nicename, name, parent nicename)
    attachments: dict = field(default_factory=dict)  # post id → (relative path or url, title, alt)


def _stream(path):
    """(event, elem, channel) of the file, refusing DTDs; DocumentError on a broken file."""
    channel = None
    try:
        for event, elem in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if _local(elem.tag) == "channel":
                    channel = elem
                continue
            yield elem, channel
    except DefusedXmlException as error:
        raise DocumentError(f"refused: the file declares a DTD or entities ({type(error).__name__})") from None
    except ParseError as error:
        raise DocumentError(f"not well-formed XML: {error}") from None
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error}") from None


def scan(path):
    """First pass: check the whole file and collect authors, categories and attachments."""
    export = Export()
    for elem, channel in _stream(path):
        name = _local(elem.tag)
        if name == "wp:wxr_version":
            export.version = _text(elem)
        elif (
            name in ("wp:base_blog_url", "wp:base_site_url")
            and not export.site_url
            or name == "link"
            and channel is not None
            and elem in list(channel)
            and not export.site_url
        ):
            export.site_url = _text(elem).rstrip("/")
        elif name == "wp:author":
            data, *_ = _children(elem)
            login = data.get("wp:author_login", "").strip()
            export.authors[login] = (data.get("wp:author_display_name") or login).strip()
        elif name == "wp:category":
            data, *_ = _children(elem)
            export.categories.append(
                (
                    data.get("wp:category_nicename", "").strip(),
                    data.get("wp:cat_name", "").strip(),
                    data.get("wp:category_parent", "").strip(),
                )
            )
        elif name == "item":
            export.items += 1
            data, _cats, meta, _n = _children(elem)
            if data.get("wp:post_type", "").strip() == "attachment":
                export.attachments[data.get("wp:post_id", "").strip()] = (
                    meta.get("_wp_attached_file") or data.get("wp:attachment_url", "").strip(),
                    data.get("title", "").strip(),
                    meta.get("_wp_attachment_image_alt", ""),
                )
            elem.clear()
        if name in ("item", "wp:category", "wp:author", "wp:tag", "wp:term") and channel is not None:
            channel.clear()  # drop what was handled: memory stays flat
    if not export.version and not export.items and not export.categories:
        raise DocumentError("this is not a WordPress export (no wp:wxr_version, no items)")
    return export


def _when(value, *, utc=True):
    """A WordPress "2019-05-01 10:00:00" (GMT, or the site's time); None for "0000-00-00"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive, UTC if utc else timezone.get_default_timezone())


def permalink(pattern, *, post_id, slug, when, category_path):
    """The old address of a post under a WordPress permalink structure."""
    local = timezone.localtime(when, UTC) if when else None
    values = {
        "%year%": f"{local:%Y}" if local else "",
        "%monthnum%": f"{local:%m}" if local else "",
        "%day%": f"{local:%d}" if local else "",
        "%postname%": slug,
        "%post_id%": str(post_id),
        "%category%": category_path or "uncategorized",
    }
    path = pattern
    for tag, value in values.items():
        path = path.replace(tag, value)
    return "/" + path.strip("/") + ("/" if pattern.endswith("/") else "")


class WordPressImport:
    """Second pass: import posts and pages of a scanned export."""

    def __init__(self, path, export, *, section, summary, uploads=None, permalinks="", progress=None, name=""):
        self.path, self.export, self.section, self.summary = Path(path), export, section, summary
        self.name = name or self.path.name
        self.uploads = Path(uploads).resolve() if uploads else None
        self.permalinks = permalinks
        self.progress = progress
        self.sections = {}  # nicename → Category
        self.category_paths = {}  # nicename → "parent/child"
        self.site = export.site_url or "wordpress"

    def run(self):
        try:
            with transaction.atomic():
                self._categories()
        except (ValidationError, DatabaseError) as error:
            self.summary.cache.clear()
            raise DocumentError(f"the categories could not become sections: {error}") from None
        for elem, channel in _stream(self.path):
            if _local(elem.tag) == "item":
                self._item(elem)
                elem.clear()
                if channel is not None:
                    channel.clear()
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
            found = Category(name=name[:80], slug=slug, parent=parent, show_in_navigation=parent is None)
            found.full_clean()
            found.save()
        ImportRecord.objects.create(source_uri=identity[:500], kind="section", object_id=found.pk)
        return found

    def _item(self, elem):
        data, categories, meta, comments = _children(elem)
        self.summary.comments_skipped += comments
        kind = data.get("wp:post_type", "").strip()
        post_id = data.get("wp:post_id", "").strip()
        source = f"{self.name}: {kind or 'item'} {post_id} “{data.get('title', '').strip()[:60]}”"
        if kind == "attachment":
            return  # used through the posts that show them
        if kind not in ("post", "page"):
            self.summary.add("skipped")
            self.summary.note(source, f"skipped: post type “{kind}” is not imported")
        elif data.get("wp:status", "").strip() in ("trash", "auto-draft", "inherit"):
            self.summary.add("skipped")
        elif kind == "page":
            run_document(self.summary, source, lambda: self._page(data, post_id, source))
        else:
            run_document(self.summary, source, lambda: self._post(data, categories, meta, post_id, source))
        if self.progress:
            self.progress(self.summary, self.export.items - len(self.export.attachments))

    def _post(self, data, categories, meta, post_id, source):
        wp_status = data.get("wp:status", "").strip()
        published_at = _when(data.get("wp:post_date_gmt")) or _when(data.get("wp:post_date"), utc=False)
        if wp_status == "publish":
            status = Article.Status.PUBLISHED
        elif wp_status == "future":
            status = Article.Status.PUBLISHED  # scheduled: published with a future publish time
        else:
            status = Article.Status.DRAFT
            if wp_status in ("draft", "pending"):
                published_at = published_at if published_at and published_at > timezone.now() else None
        cats = [nicename for domain, nicename, _name in categories if domain == "category"]
        tags = [name for domain, _nicename, name in categories if domain == "post_tag"]
        section = next((self.sections[c] for c in cats if c in self.sections), None)
        html, notes, images = clean_content(data.get("content:encoded", ""))
        for note in notes:
            self.summary.note(source, note)
        slug = data.get("wp:post_name", "").strip() or slugify(data.get("title", ""))
        pictures = self._pictures(meta, images)
        legacy = []
        if self.permalinks:
            legacy.append(
                permalink(
                    self.permalinks,
                    post_id=post_id,
                    slug=slug,
                    when=_when(data.get("wp:post_date"), utc=True),
                    category_path=self.category_paths.get(cats[0], "") if cats else "",
                )
            )
        link = data.get("link", "").strip()
        if link.startswith(("http://", "https://")) and (path := urlsplit(link).path) not in ("", "/"):
            legacy.append(path)
        login = data.get("dc:creator", "").strip()
        story = Story(
            uri=f"{self.site}/?p={post_id}",
            headline=data.get("title", "").strip() or f"Untitled post {post_id}",
            body_html=html,
            summary=data.get("excerpt:encoded", ""),
            bylines=[self.export.authors.get(login, login)] if login else [],
            first_created=published_at,
            version_created=_when(data.get("wp:post_modified_gmt"))
            or _when(data.get("wp:post_modified"), utc=False)
            or published_at
            or _when(data.get("wp:post_date"), utc=False),
            tags=tags,
            pictures=pictures,
            slug=slug,
            status=status,
            publish_at=published_at,
            publish_at_is_final=True,
            section=section,
            legacy_paths=list(dict.fromkeys(legacy)),
        )
        return story_upsert(
            story, section=self.section, status=status, summary=self.summary, source=source, base_dir=self.uploads
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

    def _page(self, data, post_id, source):
        from portal.models import Page

        identity = f"{self.site}/?page_id={post_id}"
        html, notes, _images = clean_content(data.get("content:encoded", ""))
        for note in notes:
            self.summary.note(source, note)
        record = ImportRecord.objects.filter(source_uri=identity[:500]).first()
        page = Page.objects.filter(pk=record.object_id).first() if record else None
        version = _when(data.get("wp:post_modified_gmt"))
        if page is not None and version and page.updated_at and version <= page.updated_at:
            return "unchanged"
        outcome = "updated" if page else "created"
        if page is None:
            slug_base = data.get("wp:post_name", "").strip() or data.get("title", "")
            page = Page(slug=unique_slug(Page, slug_base, max_length=80))
        page.title = (data.get("title", "").strip() or f"Page {post_id}")[:120]
        page.body = html
        page.summary = plain_summary(data.get("excerpt:encoded", ""), "")[:400]
        page.is_published = data.get("wp:status", "").strip() == "publish"
        page.save()
        ImportRecord.objects.update_or_create(
            source_uri=identity[:500], defaults={"kind": "page", "object_id": page.pk}
        )
        return outcome


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


def run_wordpress_job(job, *, summary, section, progress):
    """An admin job's uploaded WXR: no uploads folder, so images are reported, not imported."""
    return import_wordpress(
        job.file.path,
        section=section,
        summary=summary,
        permalinks=job.options.get("permalinks", ""),
        progress=progress,
        name=job.original_name,
    )
