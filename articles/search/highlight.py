"""Highlighted headlines and snippets that are safe to mark as HTML.

Everything is escaped first; only the <mark> elements made here are markup.
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.search.query import MARK_START, MARK_STOP

_PAIR = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")
SNIPPET_WORDS = 32


def from_sentinels(text, *, unescape=False):
    """Turn PostgreSQL's ts_headline output (matches between sentinels) into safe HTML.

    `unescape`: the text came from stored HTML, whose entities (&amp;) must
    become characters before escaping, or readers would see "&amp;".
    """
    text = text or ""
    if unescape:
        text = html.unescape(text)
    # Escaping leaves the sentinels alone; unpaired ones (stored text could
    # hold such characters) are dropped rather than opening a stray <mark>.
    escaped = _PAIR.sub(lambda m: f"<mark>{m.group(1)}</mark>" if m.group(1).strip() else m.group(1), escape(text))
    return mark_safe(escaped.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308 - escaped above


def _pattern(terms):
    if not terms:
        return None
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def mark_terms(text, terms):
    """Escape `text` and wrap each occurrence of the terms in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def plain_text(stored_html):
    """Readable text of sanitized stored HTML."""
    return " ".join(html.unescape(strip_tags((stored_html or "").replace("<", " <"))).split())


def snippet(text, terms, words=SNIPPET_WORDS):
    """About `words` words of `text` around the first match, highlighted; "" without a match."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    before = text[: match.start()].split()
    after = text[match.start() :].split()
    lead = before[-(words // 3) :] if before else []
    chosen = lead + after[: words - len(lead)]
    excerpt = " ".join(chosen)
    prefix = "… " if len(lead) < len(before) else ""
    suffix = " …" if len(lead) + len(after) > len(chosen) else ""
    return mark_safe(escape(prefix) + mark_terms(excerpt, terms) + escape(suffix))  # noqa: S308
