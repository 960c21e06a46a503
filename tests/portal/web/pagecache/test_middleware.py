"""The page cache as a reader, an editor and a client with a copy see it: hits, bypasses, 304s, gzip."""

import gzip
from unittest import mock

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import readership
from portal.web.cache import cache_never, cache_public, cache_signed_in
from portal.web.pagecache import PageCacheMiddleware, surrogate_keys_add
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"
PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"


def test_a_second_reader_gets_the_page_from_the_cache_without_a_query(
    client, page_cache, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200 and second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert int(second["Age"]) >= 0 and second["Cache-Control"] == PUBLIC
    assert "Oil prices climb" in second.content.decode()


def test_a_hit_returns_before_the_view_runs(client, page_cache, article):
    url = article.get_absolute_url()
    client.get(url)
    with mock.patch("articles.views.ArticleDetailView.get", side_effect=AssertionError("the view ran")):
        assert client.get(url)["X-Page-Cache"] == "HIT"


def test_every_reader_page_type_is_served_from_the_cache(client, page_cache, article, django_assert_num_queries):
    urls = [
        "/",
        article.category.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "oil"}),
        article.authors.first().get_absolute_url(),
        reverse("articles:latest"),
        reverse("articles:search") + "?q=oil",
        reverse("articles:feed", args=["rss"]),
        reverse("portal:sitemap_xml"),
        reverse("articles:tags"),
        reverse("newsletter:index"),
    ]
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "MISS", url
    for url in urls:
        with django_assert_num_queries(0):
            assert client.get(url)["X-Page-Cache"] == "HIT", url


def test_a_head_request_is_answered_from_the_same_entry(client, page_cache, article):
    url = article.get_absolute_url()
    full = client.get(url)
    head = client.head(url)
    assert head["X-Page-Cache"] == "HIT" and head.content == b""
    assert head["Content-Length"] == str(len(full.content))


@pytest.mark.parametrize(
    "query",
    ["?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR0abc", "?gclid=xyz&utm_campaign=spring", "?UTM_Source=x"],
)
def test_tracking_parameters_do_not_split_the_cache(client, page_cache, article, query):
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url + query)["X-Page-Cache"] == "HIT"


def test_the_rest_of_the_query_is_part_of_the_key_in_any_order(client, page_cache, article):
    search = reverse("articles:search")
    client.get(search + "?q=oil&sort=newest")
    assert client.get(search + "?sort=newest&q=oil&utm_source=x")["X-Page-Cache"] == "HIT"
    assert client.get(search + "?q=gas&sort=newest")["X-Page-Cache"] == "MISS"


@pytest.mark.parametrize(
    "cookies", [{"_ga": "GA1.2.12345.678", "_gid": "GA1.2.9"}, {"consent": "all"}, {"csrftoken": "a" * 32}]
)
def test_a_reader_with_other_cookies_gets_the_cached_page(client, page_cache, article, cookies):
    url = article.get_absolute_url()
    Client().get(url)
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(url)
    assert response["X-Page-Cache"] == "HIT" and not response.cookies


def test_a_reader_page_sets_no_cookie_and_does_not_vary_on_cookie(client, page_cache, article):
    for response in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url())):
        assert not response.cookies
        assert response["Vary"] == "Accept-Encoding"


def test_staff_are_never_served_a_cached_page(editor_client, page_cache, article):
    url = article.get_absolute_url()
    Client().get(url)  # a reader's copy is in the cache
    response = editor_client.get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    assert "Surrogate-Key" not in response and "Content-Encoding" not in response


def test_what_staff_see_is_never_kept_for_readers(editor_client, page_cache, article):
    draft = ArticleFactory(headline="Embargoed merger", status="draft", category=article.category)
    url = draft.get_absolute_url()
    assert editor_client.get(url).status_code == 200  # the editor's preview
    reader = Client().get(url)
    assert reader.status_code == 404
    editor_client.get(article.get_absolute_url())
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "MISS"  # the editor's view was not stored


def test_a_stale_session_cookie_bypasses_the_cache_without_a_session_query(client, page_cache, article):
    url = article.get_absolute_url()
    Client().get(url)
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_forms_with_a_csrf_token_are_never_cached_nor_compressed(client, page_cache):
    for _ in range(2):
        response = client.get(reverse("portal:contact"), HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "Content-Encoding" not in response


def test_posts_are_not_cached(client, page_cache):
    first = client.post(reverse("newsletter:subscribe"), {"email": "not an address"})
    second = client.post(reverse("newsletter:subscribe"), {"email": "not an address"})
    assert first.status_code == second.status_code == 400
    assert "X-Page-Cache" not in second


def test_not_found_and_redirects_are_not_cached(client, page_cache, article):
    old_url = article.get_absolute_url()
    article.slug = "oil-prices-climb-again"
    article.save()  # the old address now redirects
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/business/no-such-story/")
        redirect = client.get(old_url)
        assert redirect.status_code == 301 and "X-Page-Cache" not in redirect


def reader_view(change=None):
    """A public page (a view of our own), changed by `change(request, response)` before it goes out."""

    def view(request):
        response = cache_public(HttpResponse("<p>Markets</p>" * 40))
        surrogate_keys_add(request, "home")
        if change:
            change(request, response)
        return response

    return view


@pytest.mark.parametrize(
    "change",
    [
        lambda request, response: response.set_cookie("ab-test", "b"),
        lambda request, response: cache_signed_in(response),
        lambda request, response: cache_never(response),
        lambda request, response: request.META.update(CSRF_COOKIE_USED=True),
        lambda request, response: response.__setitem__("Content-Security-Policy", "script-src 'nonce-abc'"),
        lambda request, response: response.__setitem__("Vary", "Accept-Language"),
    ],
    ids=["sets a cookie", "private", "no-store", "reads the CSRF cookie", "carries a nonce", "varies on language"],
)
def test_pages_that_are_not_the_same_for_everyone_are_not_kept(page_cache, rf, change):
    middleware = PageCacheMiddleware(reader_view(change))
    middleware(rf.get("/somewhere/"))
    assert middleware(rf.get("/somewhere/")).get("X-Page-Cache") != "HIT"
    control = PageCacheMiddleware(reader_view())
    control(rf.get("/elsewhere/"))
    assert control(rf.get("/elsewhere/"))["X-Page-Cache"] == "HIT"


# --- Conditional GET -----------------------------------------------------------


def test_a_page_has_a_strong_etag_and_last_modified(client, page_cache, article):
    response = client.get(article.get_absolute_url())
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Last-Modified"].endswith(" GMT")


def test_a_client_with_a_current_copy_gets_304_from_the_cache_without_rendering(
    client, page_cache, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"] == PUBLIC and response["X-Page-Cache"] == "HIT"


def test_the_gzip_etag_and_a_weakened_one_also_match(client, page_cache, article):
    url = article.get_absolute_url()
    etag = client.get(url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert etag.endswith('-gzip"')
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_gets_304_when_nothing_newer_is_shown(client, page_cache, article):
    url = article.get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_validators_and_304s_work_with_the_page_cache_off(client, article):
    url = article.get_absolute_url()
    first = client.get(url)
    assert "X-Page-Cache" not in first and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# --- Compression -------------------------------------------------------------


def test_pages_are_gzipped_for_clients_that_accept_it(client, page_cache, article):
    url = article.get_absolute_url()
    plain = client.get(url)
    for response in (
        client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br"),
        client.get(url, HTTP_ACCEPT_ENCODING="gzip"),
    ):
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
        assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 2
    assert "Content-Encoding" not in client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, br")
    assert "Content-Encoding" not in plain


def test_feeds_and_sitemaps_are_gzipped_too(client, page_cache, article):
    ArticleFactory.create_batch(10, category=article.category)
    for url in (reverse("articles:feed", args=["rss"]), reverse("portal:sitemap_section", args=["articles"])):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip", url
        assert gzip.decompress(response.content).startswith(b"<?xml"), url


# --- Cache-Control ---------------------------------------------------------------


def test_reader_pages_say_how_long_browsers_and_shared_caches_may_keep_them(client, settings, article):
    settings.PUBLIC_CACHE_SECONDS, settings.SHARED_CACHE_SECONDS = 45, 120
    settings.STALE_WHILE_REVALIDATE_SECONDS, settings.STALE_IF_ERROR_SECONDS = 10, 3600
    response = client.get(article.get_absolute_url())
    expected = "public, max-age=45, s-maxage=120, stale-while-revalidate=10, stale-if-error=3600"
    assert response["Cache-Control"] == expected


# --- The cache down, views counted ----------------------------------------------


def test_a_failing_cache_renders_the_page_uncached(client, page_cache, article, caplog):
    url = article.get_absolute_url()
    down = ConnectionError("cache unreachable")
    with (
        mock.patch("portal.web.pagecache.middleware.lookup", side_effect=down),
        mock.patch("portal.web.pagecache.middleware.clock_read", side_effect=down),
    ):
        response = client.get(url)
    assert response.status_code == 200 and "Oil prices climb" in response.content.decode()
    assert "pages are rendered uncached" in caplog.text


def test_a_view_served_from_the_cache_is_still_counted(client, page_cache, settings, article):
    settings.VIEW_COUNTS_FLUSH_SECONDS = 0
    url = article.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER)
    hit = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert hit["X-Page-Cache"] == "HIT"
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")  # a crawler: not a view
    readership.flush_view_counts()
    assert article.daily_views.get().views == 2


def test_the_page_cache_off_renders_every_time(client, article):
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert "X-Page-Cache" not in response and len(queries) > 0
