"""What a reader typed, made safe to search for.

Any input gives a page: control characters (NUL included, which PostgreSQL
refuses in text), format and private-use characters become spaces, runs of
space collapse, and anything past MAX_QUERY_CHARS is cut at a word boundary.
"""

import re
import string
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
#: Words and phrases a search uses at most, on both engines: the SQLite
#: fallback turns each into LIKE clauses, and PostgreSQL's
#: websearch_to_tsquery overflows its operator stack ("tsquery stack too
#: small", a 500) on 33 dashes in a row; a rebuilt query of at most this many
#: terms holds at most this many operators.
MAX_TERMS = 12
#: Private-use characters: ts_headline wraps matches in them, and
#: `highlight.py` turns them into <mark> after escaping everything else.
MARK_START, MARK_STOP = "\ue000", "\ue001"

_UNWANTED = {"Cc", "Cf", "Cs", "Co", "Cn"}
_TRIM = string.punctuation.replace("&", "").replace("$", "").replace("%", "") + "“”‘’«»„…"
_TOKEN = re.compile(r'(-)?"([^"]*)(?:"|$)|(\S+)')


@dataclass(frozen=True)
class CleanQuery:
    text: str
    was_cut: bool


def clean_query(raw) -> CleanQuery:
    """Normalise the reader's input; `was_cut` says it was longer than allowed."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(" " if unicodedata.category(c) in _UNWANTED else c for c in text)
    text = " ".join(text.split())
    if len(text) <= MAX_QUERY_CHARS:
        return CleanQuery(text, False)
    cut = text[: MAX_QUERY_CHARS + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_CHARS]
    return CleanQuery(cut[:MAX_QUERY_CHARS].strip(), True)


@dataclass(frozen=True)
class Term:
    text: str
    exclude: bool = False


def parse_terms(text) -> list[list[Term]]:
    """The web-search syntax PostgreSQL's websearch_to_tsquery reads, for the fallback.

    `"exact phrase"`, `-without`, `either or other`. Returns OR-groups of
    terms that must all match (or, for excluded terms, must not).
    """
    groups, count = [[]], 0
    for match in _TOKEN.finditer(text):
        exclude, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                if groups[-1]:
                    groups.append([])
                continue
            exclude = word.startswith("-") and len(word) > 1
            term = word[1:] if exclude else word
        else:
            term = " ".join(phrase.split())
        term = term.strip(_TRIM)
        if term and count < MAX_TERMS:
            groups[-1].append(Term(term, bool(exclude)))
            count += 1
    # A group of only exclusions would match nearly everything: drop it.
    return [group for group in groups if any(not t.exclude for t in group)]


def websearch_text(text) -> str:
    """The reader's search rebuilt from its parsed terms, for websearch_to_tsquery.

    The same words, phrases, exclusions and "or" the reader meant (and the
    fallback reads), with operators bounded: no runs of "-", no stray
    quotes, at most MAX_TERMS terms. "" when nothing searchable is left.
    """
    groups = []
    for group in parse_terms(text):
        parts = []
        for term in group:
            words = " ".join(term.text.replace('"', " ").split())
            if not words:
                continue
            value = f'"{words}"' if " " in words else words
            parts.append(f"-{value}" if term.exclude else value)
        if parts:
            groups.append(" ".join(parts))
    return " or ".join(groups)


def positive_terms(text):
    """The words and phrases to highlight."""
    seen = []
    for group in parse_terms(text):
        for term in group:
            if not term.exclude and term.text.lower() not in (t.lower() for t in seen):
                seen.append(term.text)
    return seen
