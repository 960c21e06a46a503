"""The embeds a body may hold: strict address patterns per provider.

Only ids are read from a pasted address; every address that reaches a page
(the link to the original, the frame loaded after the click) is rebuilt here
from them, never copied from what an editor pasted.
"""

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from articles.video.media import VIMEO, YOUTUBE, embed_url, parse_video_url, watch_url

#: Provider key -> the name readers see.
PROVIDERS = {
    YOUTUBE: "YouTube",
    VIMEO: "Vimeo",
    "x": "X",
    "instagram": "Instagram",
    "bluesky": "Bluesky",
    "datawrapper": "Datawrapper",
    "flourish": "Flourish",
}
#: Video providers play in the site's video player (articles/video, static/js/video.js).
VIDEO_PROVIDERS = {YOUTUBE, VIMEO}
#: Where the frames of the other providers load from, after the click: exactly the
#: Content Security Policy's extra frame-src (portal/settings/security.py; a test compares).
FRAME_ORIGINS = (
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://embed.bsky.app",
    "https://datawrapper.dwcdn.net",
    "https://flo.uri.sh",
)

UNKNOWN = (
    "This address is not one we can embed. Paste the address of a YouTube or Vimeo video, a post on X, "
    "Instagram or Bluesky, or a Datawrapper or Flourish chart, e.g. https://x.com/Reuters/status/1234567890 "
    "or https://datawrapper.dwcdn.net/AbC12/3/."
)


class Embed(NamedTuple):
    provider: str
    url: str  # the original, on the provider's site: the link readers follow without JavaScript
    frame: str  # what loads after the reader asks

    @property
    def name(self):
        return PROVIDERS[self.provider]

    @property
    def is_video(self):
        return self.provider in VIDEO_PROVIDERS


_X_HOSTS = {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com"}
_X_USER = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_DIGITS = re.compile(r"^[0-9]{1,20}$")
_INSTAGRAM_CODE = re.compile(r"^[A-Za-z0-9_-]{5,40}$")
_BSKY_ACTOR = re.compile(r"^(did:plc:[a-z2-7]{24}|(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+)$")
_BSKY_RKEY = re.compile(r"^[a-z2-7]{13}$")
_DATAWRAPPER_ID = re.compile(r"^[A-Za-z0-9]{5}$")
_DATAWRAPPER_VERSION = re.compile(r"^[0-9]{1,4}$")


def _split(url):
    text = (url or "").strip()
    if len(text) > 500 or any(c.isspace() for c in text):
        raise ValidationError(UNKNOWN, code="unknown_embed")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise ValidationError(UNKNOWN, code="unknown_embed") from None
    if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
        raise ValidationError(UNKNOWN, code="unknown_embed")
    return host, [s for s in parts.path.split("/") if s]


def _x(host, path):
    if (
        host in _X_HOSTS
        and len(path) == 3
        and path[1] == "status"
        and _X_USER.match(path[0])
        and _DIGITS.match(path[2])
    ):
        user, status = path[0], path[2]
        return Embed("x", f"https://x.com/{user}/status/{status}",
                     f"https://platform.twitter.com/embed/Tweet.html?id={status}&dnt=true")  # fmt: skip
    return None


def _instagram(host, path):
    if host not in ("instagram.com", "www.instagram.com") or len(path) not in (2, 3) or path[0] not in ("p", "reel"):
        return None
    if not _INSTAGRAM_CODE.match(path[1]) or path[2:] not in ([], ["embed"]):
        return None
    kind, code = path[0], path[1]
    return Embed("instagram", f"https://www.instagram.com/{kind}/{code}/",
                 f"https://www.instagram.com/{kind}/{code}/embed/")  # fmt: skip


def _bluesky(host, path):
    if host == "bsky.app" and len(path) == 4 and path[0] == "profile" and path[2] == "post":
        actor, rkey = path[1].lower(), path[3]
        if _BSKY_ACTOR.match(actor) and _BSKY_RKEY.match(rkey):
            return Embed("bluesky", f"https://bsky.app/profile/{actor}/post/{rkey}",
                         f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}")  # fmt: skip
    return None


def _datawrapper(host, path):
    chart = version = None
    if host == "datawrapper.dwcdn.net" and len(path) in (1, 2) and _DATAWRAPPER_ID.match(path[0]):
        chart, version = path[0], (path[1] if len(path) == 2 else "")
        if version and not _DATAWRAPPER_VERSION.match(version):
            return None
    elif host in ("datawrapper.de", "www.datawrapper.de") and len(path) == 2 and path[0] == "_":
        chart, version = (path[1], "") if _DATAWRAPPER_ID.match(path[1]) else (None, "")
    if not chart:
        return None
    address = f"https://datawrapper.dwcdn.net/{chart}/" + (f"{version}/" if version else "")
    return Embed("datawrapper", address, address)


def _flourish(host, path):
    if host == "public.flourish.studio" and len(path) == 2 and path[0] in ("visualisation", "story"):
        kind, number = path
    elif host == "flo.uri.sh" and len(path) == 3 and path[0] in ("visualisation", "story") and path[2] == "embed":
        kind, number = path[0], path[1]
    else:
        return None
    if not _DIGITS.match(number):
        return None
    return Embed("flourish", f"https://public.flourish.studio/{kind}/{number}/",
                 f"https://flo.uri.sh/{kind}/{number}/embed")  # fmt: skip


def recognise(url, provider=None):
    """The Embed of a pasted address; ValidationError (UNKNOWN) for any other address.

    With `provider`, the address must be that provider's (a stored
    placeholder says which it is, and both must agree).
    """
    try:
        video = parse_video_url(url)
    except ValidationError:
        video = None
    if video:
        found = Embed(video.provider, watch_url(*video), embed_url(*video, autoplay=True))
    else:
        host, path = _split(url)
        found = next(
            (e for e in (r(host, path) for r in (_x, _instagram, _bluesky, _datawrapper, _flourish)) if e), None
        )
    if found is None or (provider is not None and found.provider != provider):
        raise ValidationError(UNKNOWN, code="unknown_embed")
    return found
