"""Sections live at the site root (/business/), after every other pattern: a
section whose slug is another page's first path segment could never be
reached, so every fixed first segment of the root URLconf must be reserved."""

import importlib.util

from django.conf import settings
from django.test import override_settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from articles.models.sections import RESERVED_SLUGS


def first_segments(resolver, prefix=""):
    """The first path segment of every pattern under `resolver`, as routes spell them.

    Includes are followed only while no segment is complete yet (the
    `path("", include(...))` of the portal's pages and of the articles);
    everything an include under "newsletter/" holds starts with "newsletter".
    """
    for pattern in resolver.url_patterns:
        assert isinstance(pattern.pattern, RoutePattern), f"a regex pattern at the root: {pattern!r}; extend this walk"
        route = prefix + str(pattern.pattern)
        if "/" in route:
            yield route.split("/", 1)[0]
        elif isinstance(pattern, URLResolver):
            yield from first_segments(pattern, route)
        elif route:
            yield route


def fixed(segments):
    """The segments a section slug could take. A segment with a parameter
    ("<slug:slug>", the sections themselves) is not fixed; one with a dot is
    a file (robots.txt, sitemap.xml), which the slug converter never matches."""
    return {s for s in segments if "<" not in s and "." not in s}


def assert_reserved(segments):
    missing = segments - RESERVED_SLUGS
    assert missing == set(), "section slugs that would shadow a page: add them to RESERVED_SLUGS"


def test_every_fixed_first_segment_at_the_root_is_a_reserved_section_slug():
    segments = fixed(first_segments(get_resolver()))
    assert {"admin", "pages", "newsletter", "search", "feeds"} <= segments, "the walk missed patterns"
    assert_reserved(segments)


def production_urlconf(**changes):
    """The root URLconf run afresh under changed settings (it reads them at import time)."""
    spec = importlib.util.find_spec(settings.ROOT_URLCONF)
    module = importlib.util.module_from_spec(spec)
    with override_settings(**changes):
        spec.loader.exec_module(module)
    return module


def test_the_segments_mounted_by_settings_are_reserved_too():
    """What the webhook secret and a local MEDIA_URL add to the root patterns."""
    urlconf = production_urlconf(ANYMAIL={**settings.ANYMAIL, "WEBHOOK_SECRET": "user:secret"}, MEDIA_URL="/media/")
    segments = fixed(first_segments(get_resolver(urlconf)))
    assert {"anymail", "media"} <= segments, "the optional patterns are not mounted; this test checks nothing more"
    assert_reserved(segments)


def test_an_unconfigured_providers_webhook_is_a_404_not_a_500(client, settings, db):
    """anymail mounts every provider's endpoints; those of providers without settings raised a 500 (fuzz suite)."""
    urlconf = production_urlconf(ANYMAIL={**settings.ANYMAIL, "WEBHOOK_SECRET": "user:secret"})
    settings.ROOT_URLCONF = urlconf
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "user:secret"}
    for url in ("/anymail/mailgun/tracking/", "/anymail/brevo/inbound/", "/anymail/postal/tracking/"):
        assert client.post(url, "{}", content_type="application/json").status_code == 404, url
    # A provider that needs no settings of its own is still there (and refuses a post without the basic auth).
    assert client.post("/anymail/postmark/tracking/", "{}", content_type="application/json").status_code == 400
