"""Turning WordPress post content into the newsroom's HTML, and its permalinks into old addresses."""

import re
from datetime import UTC
from functools import lru_cache

from django.utils import timezone

from articles.importing.common import plain_summary, unique_slug
from articles.models import Article, ImportRecord

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
SHORTCODE = re.compile(r"\[(/?)([a-z_][a-z0-9_-]*)((?:\s[^\]]*)?)\]", re.I)
KNOWN_SHORTCODES = {"gallery", "embed", "audio", "video", "playlist", "contact-form-7", "youtube", "vimeo"}
BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|table|figure|pre|hr|section|iframe)\b", re.I)


def _caption_figure(match):
    attrs, inner = match.group(1), match.group(2)
    img = IMG.search(inner)
    text = IMG.sub("", re.sub(r"</?a\b[^>]*>", "", inner)).strip()
    caption = dict(ATTR.findall(attrs)).get("caption") or text
    img_html = img.group(0) if img else ""
    return f"<figure>{img_html}<figcaption>{caption}</figcaption></figure>"


def autop(text):
    """WordPress's wpautop, simplified: blank lines make paragraphs, single newlines <br>."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if c.strip()]
    out = []
    for chunk in chunks:
        if BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


@lru_cache(maxsize=1)
def _figures_allowed():
    return "<figure" in Article._meta.get_field("body").sanitize("<figure><figcaption>x</figcaption></figure>")


def _figures_to_allowed(html):
    """The newsroom's rich text has no images (yet): a figure keeps its caption as a paragraph."""
    if _figures_allowed():
        return html
    return re.sub(
        r"<figure>.*?<figcaption>(.*?)</figcaption></figure>",
        lambda m: f"<p>{m.group(1)}</p>" if m.group(1).strip() else "",
        html,
        flags=re.S,
    )


def content_notes(raw):
    """(html with block comments gone and captions as figures, notes, shortcodes found): the cheap first step."""
    html = BLOCK_COMMENT.sub("", raw or "")
    html = CAPTION.sub(_caption_figure, html)
    found = set()
    lowered_html = None
    for _closing, name, attrs in SHORTCODE.findall(html):
        lowered = name.lower()
        if lowered in KNOWN_SHORTCODES or "=" in attrs:
            found.add(lowered)
            continue
        lowered_html = html.lower() if lowered_html is None else lowered_html
        if f"[/{lowered}]" in lowered_html:
            found.add(lowered)
    return html, [f"shortcode [{name}] removed (its inner text is kept)" for name in sorted(found)], found


def clean_content(raw):
    """(html, notes, first image src): block comments gone, captions as figures, paragraphs made.

    The result is sanitized again when the article is saved (RichTextField).
    """
    html, notes, found = content_notes(raw)
    if found:
        html = SHORTCODE.sub(lambda m: "" if m.group(2).lower() in found else m.group(0), html)
    images = [dict(ATTR.findall(tag)) for tag in IMG.findall(html)]
    html = Article._meta.get_field("body").sanitize(_figures_to_allowed(autop(html)))
    # What the sanitizer emptied (a <script>, a removed shortcode) leaves no blank paragraph.
    html = re.sub(r"<p>(\s|<br>)*</p>\s*", "", html)
    return html, notes, images


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


def page_upsert(data, *, identity, version, summary, source, fallback_title):
    """A WordPress page as a company page; returns created/updated/unchanged.

    Without a modification time (WordPress's theme test data has none) there
    is no telling a newer export from the one already imported: the stored
    page stays, as a post does, so a re-import changes nothing.
    """
    from portal.models import Page

    html, notes, _images = clean_content(data.get("content:encoded", ""))
    for note in notes:
        summary.note(source, note)
    record = ImportRecord.objects.filter(source_uri=identity[:500]).first()
    page = Page.objects.filter(pk=record.object_id).first() if record else None
    if page is not None and (version is None or (page.updated_at and version <= page.updated_at)):
        return "unchanged"
    outcome = "updated" if page else "created"
    if page is None:
        slug_base = data.get("wp:post_name", "").strip() or data.get("title", "")
        page = Page(slug=unique_slug(Page, slug_base, max_length=80))
    page.title = (data.get("title", "").strip() or fallback_title)[:120]
    page.body = html
    page.summary = plain_summary(data.get("excerpt:encoded", ""), "")[:400]
    page.is_published = data.get("wp:status", "").strip() == "publish"
    page.save()
    ImportRecord.objects.update_or_create(source_uri=identity[:500], defaults={"kind": "page", "object_id": page.pk})
    return outcome
