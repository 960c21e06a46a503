"""Hypothesis strategies for hostile input: path segments, query strings and form values."""

from urllib.parse import quote

from hypothesis import strategies as st

#: Input that has broken parsers, databases and templates somewhere: SQL, tsquery and
#: websearch operators, format strings, markup, encodings, signed-token look-alikes.
NASTY = [
    "'",
    '"',
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    "1) OR (1=1",
    "%",
    "_",
    "\\",
    "%s%s%s",
    "{0}{1}",
    "{{ 7*7 }}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "!(a & b) | c:* <-> d",
    "a:* & !b",
    "-" * 40,
    "- " * 40,
    '-"' * 30,
    "or " * 30,
    "((((((((((",
    "..",
    "../../etc/passwd",
    "%2e%2e%2f",
    "\u202e\u200b\ufeff",
    "\ud7ff\ue000\ue001\uffff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "👨‍👩‍👧",
    "زيادة",
    "日本経済",
    "İıſK",
    "a" * 5000,
    "9" * 40,
    "-1",
    "0",
    "00",
    "1e100",
    "NaN",
    "Infinity",
    "2.5",
    "0x10",
    "١٢٣",
    "²",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "9999-12",
    "0-0",
    "1-1",
    "2026-13",
    "abc:def",
    "a:b:c",
    "eyJhbGciOiJub25lIn0.e30.",
    "MQ:1tAbCd:xYz",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "%00",
    "%ff%fe",
    "+",
    "&",
    "=",
    "#",
    "?",
    ";",
]

#: Values that broke this site before (tsquery's operator stack, a calendar month with no
#: month after it, integers past 64 bits, NUL): every parameter-free page and every form
#: gets each as an explicit example, whatever the generated ones happen to be.
KILLERS = ["-" * 40, "9999-12", "9" * 25, "\x00"]

#: The query parameters the site's views and the admin read, and a few they do not (each admin
#: list's own filters and date hierarchy are read from its ModelAdmin: test_urls.page_parameters).
PARAMETERS = [
    "page",
    "q",
    "section",
    "start",
    "end",
    "sort",
    "month",
    "saved",
    "next",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "app_label",
    "model_name",
    "field_name",
    "term",
    "utm_source",
    "fmt",
    "format",
    "callback",
    "id__in",
    "pk",
    "token",
    "year",
    "List-Unsubscribe",
]

#: Control characters reach the middleware (which answers 400); most examples avoid them so
#: that the views behind it see the rest.
controls = st.sampled_from(["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\t", "\n", "\r"])

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=300),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), controls, st.text(max_size=8)),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def segment(pattern_regex, real_values):
    """A path segment: a real value, one the converter accepts, or anything at all."""
    options = [st.from_regex(pattern_regex, fullmatch=True).filter(lambda v: len(v) < 400), text]
    if real_values:
        options.insert(0, st.sampled_from(real_values))
    return st.one_of(*options)


def quote_segment(value, *, keep_slashes=False):
    return quote(value, safe="/" if keep_slashes else "")


def query_pairs(names=()):
    """Up to four (name, value) pairs: the site's parameters, `names` (a page's own), or any."""
    return st.lists(st.tuples(st.one_of(st.sampled_from([*PARAMETERS, *names]), text), text), max_size=4)


raw_query = st.one_of(
    st.just(""),
    st.sampled_from(["%zz", "&&==&", "a=%", "page=1&page=2&page=", "q", "=x", "%E0%A4%A", "a[]=1&a[b]=2"]),
)
