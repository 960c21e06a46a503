"""The body's allow-list: the newsroom's rich text plus exactly two placeholders.

    <figure data-image="12" data-caption="…" data-credit="…"></figure>
    <div data-embed="youtube" data-url="https://www.youtube.com/watch?v=…"></div>

nh3 cleans everything first (so what follows reads well-formed, escaped
HTML); then each <figure> and <div> is either a valid placeholder, written
back in one canonical form with the embed's address rebuilt from its ids, or
unwrapped (its cleaned content kept, the element gone). Placeholders never
keep content, and no other attribute survives on them.
"""

import re
from functools import lru_cache
from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.body.providers import PROVIDERS, recognise
from portal.web.fields import RICH_TEXT_EXTENSIONS

CAPTION_MAX = 300
CREDIT_MAX = 120
_IMAGE_ID = re.compile(r"^[1-9][0-9]{0,9}$")
_PLACEHOLDER_ATTRS = {"figure": {"data-image", "data-caption", "data-credit"}, "div": {"data-embed", "data-url"}}
# nh3 writes every attribute as name="value" with &, ", < and > escaped, so a value never holds a quote.
_TAG = re.compile(r'<(/?)(figure|div)((?:\s+[\w:-]+="[^"]*")*)\s*>')
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')


def _attribute_filter(tag, attribute, value):
    if tag == "figure":
        if attribute == "data-image":
            return value if _IMAGE_ID.match(value) else None
        limit = CAPTION_MAX if attribute == "data-caption" else CREDIT_MAX
        return " ".join(value.split())[:limit] or None
    if tag == "div" and attribute == "data-embed":
        return value if value in PROVIDERS else None
    return value


def _options(link_rel=None):
    options = allowlist_from_extensions(expand_extensions(RICH_TEXT_EXTENSIONS))
    options["tags"] = set(options["tags"]) | set(_PLACEHOLDER_ATTRS)
    attributes = {tag: set(attrs) for tag, attrs in options["attributes"].items()}
    for tag, attrs in _PLACEHOLDER_ATTRS.items():
        attributes[tag] = attributes.get(tag, set()) | attrs
    if link_rel:
        attributes["a"] = attributes.get("a", set()) - {"rel"}  # nh3 then writes rel itself
        options["link_rel"] = link_rel
    options["attributes"] = attributes
    options["attribute_filter"] = _attribute_filter
    return options


@lru_cache(maxsize=2)
def _cleaner(link_rel=None):
    return nh3.Cleaner(**_options(link_rel))


def placeholder(tag, attrs):
    """The canonical placeholder for a start tag's attributes, or None when they do not make a valid one."""
    if tag == "figure":
        if not _IMAGE_ID.match(attrs.get("data-image", "")):
            return None
        extra = "".join(
            f' {name}="{escape(attrs[name])}"' for name in ("data-caption", "data-credit") if attrs.get(name)
        )
        return f'<figure data-image="{attrs["data-image"]}"{extra}></figure>'
    try:
        embed = recognise(attrs.get("data-url", ""), provider=attrs.get("data-embed") or "")
    except ValidationError:
        return None
    return f'<div data-embed="{embed.provider}" data-url="{escape(embed.url)}"></div>'


def _placeholders(html, problems=None):
    """Rewrite each outermost <figure>/<div> as its canonical placeholder, or unwrap it."""
    out, pos, depth, start = [], 0, 0, None
    for match in _TAG.finditer(html):
        closing, tag = match.group(1), match.group(2)
        if not closing:
            if depth == 0:
                out.append(html[pos : match.start()])
                start = match
            depth += 1
            continue
        depth = max(0, depth - 1)
        if depth or start is None:
            continue
        attrs = {name: unescape(value) for name, value in _ATTR.findall(start.group(3))}
        made = placeholder(start.group(2), attrs) if start.group(2) == tag else None
        if made is None:
            if problems is not None and start.group(2) == "div" and (attrs.get("data-url") or attrs.get("data-embed")):
                problems.append(attrs.get("data-url") or attrs.get("data-embed"))
            inner = html[start.end() : match.start()]
            made = _placeholders(inner, problems)
        out.append(made)
        pos, start = match.end(), None
    out.append(html[pos:] if start is None else html[start.end() :])
    return "".join(out)


def _actually_empty(html):
    # ProseMirror always sends one empty paragraph; an empty body stays "".
    return "" if re.match(r"^<(?P<tag>\w+)></(?P=tag)>$", html) else html


def clean_body(html, *, sponsored=False):
    """The stored form of a body: nh3's allow-list, then validated placeholders.

    `sponsored` marks every link rel="sponsored noopener" (commercial pieces, at render time).
    """
    cleaner = _cleaner("sponsored noopener" if sponsored else None)
    return _actually_empty(_placeholders(cleaner.clean(html or "")))


def embed_problems(html):
    """The embed addresses in `html` the sanitizer would drop, so the form can say which (not silently lose them)."""
    problems = []
    _placeholders(_cleaner(None).clean(html or ""), problems)
    return problems
