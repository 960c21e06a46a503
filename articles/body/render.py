"""The body's placeholders as readers get them, from the stored (sanitized, canonical) HTML.

- "page": a <figure> with the library picture's renditions (<picture>, srcset,
  width/height, lazy) and caption and credit; embeds as click-to-load blocks
  that load nothing from the provider before the reader asks (videos in the
  site's video player, static/js/video.js; the rest static/js/body-embeds.js).
- "plain" (the read API; anything read elsewhere): a plain figure with one
  absolute image address, and a link to the embed's original.
- "text" (the text edition): no pictures, a line naming it; embeds as links.

The pictures of one body are loaded in a single query, whatever their number.
"""

import re
from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from articles.body.providers import recognise
from articles.images import crop_box, crop_override

_FIGURE = re.compile(r'<figure data-image="([0-9]+)"(?: data-caption="([^"]*)")?(?: data-credit="([^"]*)")?></figure>')
_EMBED = re.compile(r'<div data-embed="([a-z]+)" data-url="([^"]*)"></div>')
_PLACEHOLDER = re.compile(f"{_FIGURE.pattern}|{_EMBED.pattern}")
SIZES = "(min-width: 50rem) 44rem, 100vw"
KINDS = {"youtube": "Video", "vimeo": "Video", "x": "Post", "instagram": "Post", "bluesky": "Post"}


def image_ids(html):
    """The library pictures a stored body shows, in order (no query)."""
    return [int(m.group(1)) for m in _FIGURE.finditer(html or "")]


def embeds(html):
    """The valid embeds of a stored body, in order (no query)."""
    found = []
    for match in _EMBED.finditer(html or ""):
        try:
            found.append(recognise(unescape(match.group(2)), provider=match.group(1)))
        except ValidationError:
            continue
    return found


def has_placeholders(html):
    return bool(_PLACEHOLDER.search(html or ""))


def load_images(html):
    """{id: Image} for the pictures of a body: one query, none when it has no picture."""
    from articles.models import Image

    ids = set(image_ids(html))
    return Image.objects.in_bulk(ids) if ids else {}


def _absolute(url):
    return url if "://" in url else settings.SITE_URL + url


def _rendition_size(image):
    """The renditions' shape: the editor's crop or the focal crop (16:9) when set, else the whole picture."""
    if not image.width or not image.height:
        return image.width, image.height
    focal = None if image.focal_x is None or image.focal_y is None else (image.focal_x, image.focal_y)
    override = crop_override(image, "wide")
    left, top, right, bottom = crop_box((image.width, image.height), focal, override=override)
    return right - left, bottom - top


def _caption(image, caption, credit):
    caption = unescape(caption or "") or image.caption
    credit = unescape(credit or "") or image.credit
    return caption, credit


def figure_page(image, caption, credit):
    width, height = _rendition_size(image)
    webp, jpeg = image.srcset("webp"), image.srcset("jpeg")
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, SIZES) if webp else ""
    picture = format_html(
        '<picture>{}<img src="{}"{} sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">'
        "</picture>",
        source, image.fallback_url(960), format_html(' srcset="{}"', jpeg) if jpeg else "", SIZES, width, height,
        image.alt_text,
    )  # fmt: skip
    caption, credit = _caption(image, caption, credit)
    parts = []
    if caption:
        parts.append(format_html('<span class="caption">{}</span>', caption))
    if credit:
        parts.append(format_html('<small class="credit">{}</small>', credit))
    text = (
        format_html("<figcaption>{}</figcaption>", format_html_join(" ", "{}", ((p,) for p in parts))) if parts else ""
    )
    return format_html('<figure class="body-figure">{}{}</figure>', picture, text)


def figure_plain(image, caption, credit):
    caption, credit = _caption(image, caption, credit)
    words = " ".join(filter(None, [caption, f"({credit})" if credit else ""]))
    width, height = _rendition_size(image)
    return format_html(
        '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
        _absolute(image.fallback_url(960)), image.alt_text, width, height,
        format_html("<figcaption>{}</figcaption>", words) if words else "",
    )  # fmt: skip


def figure_text(image, caption, credit):
    caption, credit = _caption(image, caption, credit)
    words = " ".join(filter(None, [caption, f"({credit})" if credit else ""]))
    return format_html("<p>[Picture: {}]{}</p>", image.alt_text, format_html(" {}", words) if words else "")


def embed_page(embed):
    kind = KINDS.get(embed.provider, "Chart")
    title = f"{kind} from {embed.name}"
    if embed.is_video:
        return format_html(
            '<figure class="body-embed body-embed--video video"><div class="video__frame">'
            '<a class="video__play" href="{}" aria-label="Watch on {}: {}" data-play-label="Play video from {}" '
            'data-video-embed="{}" data-video-title="{}"><span class="video__mark" aria-hidden="true"></span>'
            '<span class="video__hint" data-play-text="Play video">Watch on {}</span></a></div>'
            '<figcaption class="body-embed__note">{}: nothing is loaded from {} until you press play. '
            '<a class="body-embed__original" href="{}">Watch it on {}</a></figcaption></figure>',
            embed.url, embed.name, title, embed.name, embed.frame, title, embed.name, title, embed.name,
            embed.url, embed.name,
        )  # fmt: skip
    return format_html(
        '<figure class="body-embed body-embed--{}"><div class="body-embed__box" data-embed-block>'
        '<p class="body-embed__provider">{}</p>'
        '<p class="body-embed__note">Nothing is loaded from {} until you ask: loading it lets {} see that you '
        "read this page and set its cookies.</p>"
        '<p><a class="body-embed__original" href="{}">View it on {}</a></p>'
        '<button type="button" class="body-embed__load" data-embed-frame="{}" data-embed-title="{}" hidden>'
        "Load {} content</button></div></figure>",
        embed.provider, title, embed.name, embed.name, embed.url, embed.name, embed.frame, title, embed.name,
    )  # fmt: skip


def embed_link(embed):
    kind = KINDS.get(embed.provider, "Chart")
    return format_html('<p>{} on {}: <a href="{}">{}</a></p>', kind, embed.name, embed.url, embed.url)


MODES = {
    "page": (figure_page, embed_page),
    "plain": (figure_plain, embed_link),
    "text": (figure_text, embed_link),
}


def render_body(html, mode="page", images=None):
    """Stored body HTML with each placeholder replaced for `mode` ("page", "plain" or "text").

    `images` ({id: Image}) when the caller loaded them already; otherwise one
    query for them all. A picture deleted from the library, or an embed that
    no longer validates, leaves nothing behind.
    """
    if not has_placeholders(html):
        return html or ""
    figure, embed = MODES[mode]
    images = load_images(html) if images is None else images

    def replace(match):
        if match.group(1):
            image = images.get(int(match.group(1)))
            return str(figure(image, match.group(2), match.group(3))) if image else ""
        try:
            return str(embed(recognise(unescape(match.group(5)), provider=match.group(4))))
        except ValidationError:
            return ""

    return _PLACEHOLDER.sub(replace, html)
