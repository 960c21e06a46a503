"""Reading a WordPress eXtended RSS file: streaming, refusing DTDs, the small tables (the first pass)."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

from articles.importing.common import DocumentError


@lru_cache(maxsize=512)
def local_name(tag):
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


def item_fields(elem):
    """Child name → text (first wins), plus the repeated ones as lists."""
    data, categories, meta, comments = {}, [], {}, 0
    for child in elem:
        name = local_name(child.tag)
        if name == "category":
            categories.append((child.get("domain"), child.get("nicename") or "", _text(child)))
        elif name == "wp:postmeta":
            key = value = ""
            for part in child:
                if local_name(part.tag) == "wp:meta_key":
                    key = _text(part)
                elif local_name(part.tag) == "wp:meta_value":
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


def wxr_stream(path):
    """(event, elem, channel) of the file, refusing DTDs; DocumentError on a broken file."""
    channel = None
    try:
        for event, elem in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if local_name(elem.tag) == "channel":
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
    for elem, channel in wxr_stream(path):
        name = local_name(elem.tag)
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
            data, *_ = item_fields(elem)
            login = data.get("wp:author_login", "").strip()
            export.authors[login] = (data.get("wp:author_display_name") or login).strip()
        elif name == "wp:category":
            data, *_ = item_fields(elem)
            export.categories.append(
                (
                    data.get("wp:category_nicename", "").strip(),
                    data.get("wp:cat_name", "").strip(),
                    data.get("wp:category_parent", "").strip(),
                )
            )
        elif name == "item":
            export.items += 1
            data, _cats, meta, _n = item_fields(elem)
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


WP_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def wp_time(value, *, utc=True):
    """A WordPress "2019-05-01 10:00:00" (GMT, or the site's time); None for "0000-00-00"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        if WP_TIME.fullmatch(value):  # the usual shape, read without strptime's cost (twice a post)
            naive = datetime(*(int(value[i:j]) for i, j in ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), (17, 19))))
        else:
            naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive, UTC if utc else timezone.get_default_timezone())
