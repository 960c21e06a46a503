"""Video stories: reading YouTube/Vimeo addresses, checking uploaded video
files by their content, and formatting durations. Plain functions, no models."""

import re
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

YOUTUBE = "youtube"
VIMEO = "vimeo"
UPLOAD = "upload"

#: The hosts the privacy-enhanced players are served from: exactly what the
#: Content Security Policy's frame-src allows (portal/settings/security.py).
PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}

BAD_ADDRESS = (
    "This is not a YouTube or Vimeo video address we can read. Paste the video's own address, e.g. "
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ, https://youtu.be/dQw4w9WgXcQ or https://vimeo.com/76979871."
)


class ProviderVideo(NamedTuple):
    provider: str
    video_id: str


def parse_video_url(url):
    """(provider, video id) of a YouTube or Vimeo address; ValidationError otherwise.

    Accepts watch?v=, youtu.be/, /shorts/, /embed/ (also youtube-nocookie),
    vimeo.com/<id> and player.vimeo.com/video/<id>. Only the id is kept, so
    what reaches the page is built by us, never an address an editor pasted.
    """
    text = (url or "").strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise ValidationError(BAD_ADDRESS, code="bad_video_url") from None
    if parts.scheme not in ("http", "https"):
        raise ValidationError(BAD_ADDRESS, code="bad_video_url")
    segments = [s for s in parts.path.split("/") if s]
    candidate, provider = None, None
    if host in _YOUTUBE_HOSTS:
        provider = YOUTUBE
        if segments == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("shorts", "embed", "live"):
            candidate = segments[1]
    elif host == "youtu.be":
        provider = YOUTUBE
        candidate = segments[0] if len(segments) == 1 else None
    elif host in _VIMEO_HOSTS:
        provider = VIMEO
        candidate = segments[0] if len(segments) == 1 else None
    elif host == "player.vimeo.com":
        provider = VIMEO
        candidate = segments[1] if len(segments) == 2 and segments[0] == "video" else None
    pattern = {YOUTUBE: _YOUTUBE_ID, VIMEO: _VIMEO_ID}.get(provider)
    if not candidate or not pattern or not pattern.match(candidate):
        raise ValidationError(BAD_ADDRESS, code="bad_video_url")
    return ProviderVideo(provider, candidate)


def embed_url(provider, video_id, autoplay=True):
    """The privacy-enhanced player; it starts at once, since the reader has just pressed play."""
    if provider == YOUTUBE:
        return f"https://www.youtube-nocookie.com/embed/{video_id}?" + ("autoplay=1&rel=0" if autoplay else "rel=0")
    if provider == VIMEO:
        return f"https://player.vimeo.com/video/{video_id}?dnt=1" + ("&autoplay=1" if autoplay else "")
    return ""


def watch_url(provider, video_id):
    """The video's page on the provider's site: where the no-JS link goes."""
    if provider == YOUTUBE:
        return f"https://www.youtube.com/watch?v={video_id}"
    if provider == VIMEO:
        return f"https://vimeo.com/{video_id}"
    return ""


def loaded_video(article):
    """The article's ArticleVideo if its queryset loaded it (select_related), else None.

    Never runs a query: cards, feeds and structured data built without the
    join simply show no video rather than costing one query per article.
    """
    if not type(article).video.is_cached(article):
        return None
    return getattr(article, "video", None)  # None when the join found no video


# --- uploaded files ---------------------------------------------------------

#: MP4 "major brands" (ISO/IEC 14496-12 ftyp box) of files browsers play as video/mp4.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_DOCTYPE_ID = b"\x42\x82"

NOT_A_VIDEO = "This file is not an MP4 or WebM video. Export the video as MP4 (H.264) or WebM and upload that."


def validate_video_file(upload):
    """Check an upload is an MP4 or WebM video by its first bytes; return its MIME type.

    The name and the browser's claimed type prove nothing (a renamed .exe
    is still an .exe), so only the content decides.
    """
    limit = settings.VIDEO_UPLOAD_MAX_MB * 1024 * 1024
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            "This video is %(size)s; uploads may be at most %(limit)s. "
            "Export a shorter or smaller file, or put it on YouTube or Vimeo and paste its address.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head.startswith(EBML_MAGIC) and _ebml_doctype(head) == b"webm":
        return "video/webm"
    raise ValidationError(NOT_A_VIDEO, code="not_a_video")


def _vint(data, pos):
    """An EBML variable-length integer at `pos`: (value, next position), or (None, pos)."""
    if pos >= len(data) or data[pos] == 0:
        return None, pos
    first = data[pos]
    length = 8 - first.bit_length() + 1
    if pos + length > len(data):
        return None, pos
    value = first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    return value, pos + length


def _ebml_doctype(head):
    """The DocType ("webm", "matroska") in an EBML header, or None."""
    size, pos = _vint(head, len(EBML_MAGIC))
    if size is None:
        return None
    end = min(len(head), pos + size)
    while pos + 3 <= end:
        # Every element of the EBML header has a two-byte id.
        element = head[pos : pos + 2]
        length, data_start = _vint(head, pos + 2)
        if length is None:
            return None
        if element == _DOCTYPE_ID:
            return head[data_start : data_start + length]
        pos = data_start + length
    return None


# --- durations ----------------------------------------------------------------


def format_duration(seconds):
    """3:25, or 1:02:03 past an hour; "" when unknown."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_duration(seconds):
    """ "3 minutes 25 seconds": what a screen reader should say for 3:25."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute"), (secs, "second")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)


def iso_duration(seconds):
    """ISO 8601 duration (PT3M25S), as schema.org's VideoObject wants; "" when unknown."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
