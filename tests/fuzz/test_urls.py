"""Every URL pattern of the project, read from the resolver (a new view is covered without
editing this file), fuzzed with generated path segments and query strings, as an
anonymous reader and as a contributor: no 5xx, no traceback.

The root URLconf is loaded with the optional patterns mounted too (the email
provider's webhooks, locally served media), as tests/portal/test_urls.py does.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as fz
from tests.fuzz.conftest import FUZZ, examples, fetch
from tests.portal.test_urls import production_urlconf

pytestmark = [
    pytest.mark.django_db,
    # Requests to the providers anymail no longer supports (SendGrid, SendinBlue) say so; we do not use them.
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailWarning"),
]

#: Examples per pattern and person, bounded so the whole suite stays within CI's budget
#: (anonymous requests to the admin only meet its login redirect).
EXAMPLES = {"public": 7, "admin": 3, "anonymous-admin": 1}
WEBHOOK_SECRET = "fuzz:webhook-secret"

URLCONF = production_urlconf(ANYMAIL={**django_settings.ANYMAIL, "WEBHOOK_SECRET": WEBHOOK_SECRET}, MEDIA_URL="/media/")
_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    """A route with its converters, or a regex, and where it is mounted."""

    route: str  # e.g. "feeds/sections/<slug:slug>/<feedformat:fmt>/"
    regex: str | None  # a RegexPattern's own regex (after its route prefix)
    converters: tuple  # ((name, converter), ...) in order
    name: str | None = field(default=None, compare=False)
    callback: object = field(default=None, compare=False, repr=False)

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    def __str__(self):
        return self.route + (self.regex or "")


def walk(resolver, prefix="", converters=()):
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        found = dict(converters)
        if isinstance(pattern, RoutePattern):
            route, regex = prefix + str(pattern), None
            found.update(pattern.converters)
        elif isinstance(pattern, RegexPattern):
            route, regex = prefix, str(pattern)
        else:  # pragma: no cover - Django has only these two
            raise AssertionError(f"unknown pattern type {pattern!r}")
        if isinstance(entry, URLResolver):
            if regex is not None:
                raise AssertionError(f"an include under a regex ({regex}): extend this walk")
            yield from walk(entry, route, tuple(found.items()))
        elif isinstance(entry, URLPattern):
            yield Pattern(route, regex, tuple(found.items()), entry.name, entry.callback)


PATTERNS = sorted(set(walk(get_resolver(URLCONF))), key=str)


def converter_kind(converter):
    return {
        "IntConverter": "int",
        "StringConverter": "str",
        "SlugConverter": "slug",
        "PathConverter": "path",
        "UnicodeSlugConverter": "uslug",
        "FeedFormatConverter": "feedformat",
    }.get(type(converter).__name__, "")


def urls_for(pattern, site):
    """Paths for `pattern`: each converter filled with a real value, a valid one or anything."""
    if pattern.regex is not None:
        body = pattern.regex.lstrip("^").rstrip("$")
        tail = st.one_of(st.from_regex(f"^{body}$", fullmatch=True), fz.text)
        return tail.map(lambda value: "/" + pattern.route + fz.quote_segment(value, keep_slashes=True))
    converters = dict(pattern.converters)
    pieces, last = [], 0
    for match in _PART.finditer(pattern.route):
        pieces.append(st.just(pattern.route[last : match.start()]))
        converter = converters[match.group("name")]
        kind = converter_kind(converter)
        values = site.values.get(kind, [])
        keep = kind == "path"
        strategy = fz.segment(converter.regex, values).map(lambda v, keep=keep: fz.quote_segment(v, keep_slashes=keep))
        pieces.append(strategy)
        last = match.end()
    pieces.append(st.just(pattern.route[last:]))
    return st.tuples(*pieces).map(lambda parts: "/" + "".join(parts))


def page_parameters(pattern):
    """The query parameters an admin list reads, from its ModelAdmin: its filters and date hierarchy."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        return ()
    names = []
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    for item in model_admin.list_filter:
        if isinstance(item, str):
            names += [f"{item}__exact", f"{item}__id__exact", f"{item}__isnull"]
        elif isinstance(item, tuple | list):
            names.append(f"{item[0]}__exact")
        elif getattr(item, "parameter_name", None):
            names.append(item.parameter_name)
    return tuple(names)


def queries(names):
    pairs = fz.query_pairs(names)
    return st.one_of(
        pairs.map(urlencode),
        fz.raw_query,
        st.builds(lambda chosen, raw: f"{urlencode(chosen)}&{raw}", pairs, fz.raw_query),
    )


@pytest.fixture
def urlconf(settings):
    settings.ROOT_URLCONF = URLCONF
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": WEBHOOK_SECRET}


def test_the_walk_sees_every_kind_of_pattern():
    routes = {str(p) for p in PATTERNS}
    expected = {"search/", "<slug:section>/<slug:slug>/", "preview/<str:token>/", "media/<path:path>"}
    assert expected <= routes
    assert any(p.is_admin and "<path:object_id>" in str(p) for p in PATTERNS), "the admin's change forms"
    assert any(str(p).startswith("anymail/") for p in PATTERNS), "the optionally mounted webhooks"
    assert len(PATTERNS) > 150


@pytest.mark.parametrize("who", ["anonymous", "contributor"])
@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_no_url_pattern_answers_5xx(fuzz_site, clients, urlconf, pattern, who):
    kind = "public" if not pattern.is_admin else ("admin" if who == "contributor" else "anonymous-admin")
    client = clients[who]

    def check(path, query, method):
        fetch(client, who, method, f"{path}?{query}" if query else path)

    methods = st.sampled_from(["get", "get", "get", "head"])
    names = page_parameters(pattern)
    run = given(path=urls_for(pattern, fuzz_site), query=queries(names), method=methods)(check)
    if not pattern.converters and pattern.regex is None and kind != "anonymous-admin":
        # A page without path parameters: every parameter it might read, set to each killer value
        # (but `page` and the admin's `_to_field`, which would answer 404 or 400 before the rest is read).
        for value in fz.KILLERS:
            query = urlencode({n: value for n in (*fz.PARAMETERS, *names) if n not in ("page", "_to_field")})
            run = example(path="/" + pattern.route, query=query, method="get")(run)
    settings(FUZZ, max_examples=examples(EXAMPLES[kind]))(run)()
