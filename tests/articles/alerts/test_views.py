"""The reader's side: the footer's link, the alerts page's opt-in, the JSON opt-in and opt-out, the service worker."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from articles.alerts.models import PushSubscription
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("alerts:subscribe")
UNSUBSCRIBE = reverse("alerts:unsubscribe")
PAGE = reverse("alerts:page")


def post(client, url, data, **headers):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type=headers.pop("content_type", "application/json"), **headers)


def optin(response):
    found = html.fromstring(response.content).cssselect("section.alerts-optin")
    return found[0] if found else None


@pytest.fixture
def browser(push_service):
    return push_service.browser()


def footer_link(response):
    found = html.fromstring(response.content).cssselect(".site-footer a[href='/alerts/']")
    return found[0] if found else None


def test_the_footer_links_the_alerts_page_whose_opt_in_waits_for_the_script(client, vapid, section):
    CategoryFactory(name="Markets", slug="markets")
    home = client.get("/")
    assert footer_link(home).text_content() == "Breaking news alerts"
    assert optin(home) is None  # the box and its script load on the alerts page only
    page = client.get(PAGE)
    box = optin(page)
    assert box is not None and box.get("hidden") is not None  # without JS there is nothing to press
    assert box.get("data-alerts-key") == vapid
    assert box.get("data-alerts-subscribe") == SUBSCRIBE and box.get("data-alerts-worker") == "/sw.js"
    assert box.cssselect("button[type=submit]")[0].text_content() == "Get breaking news alerts"
    assert [i.get("value") for i in box.cssselect("input[name=section]")] == ["business", "markets"]
    doc = html.fromstring(page.content)
    words = " ".join(doc.cssselect(".alerts-page")[0].text_content().split())
    assert "No account, no email address and no cookie" in words
    note = doc.cssselect("[data-alerts-unsupported]")[0]  # what a reader without JS or push reads
    assert "a browser that allows notifications, with JavaScript on" in " ".join(note.text_content().split())
    assert doc.cssselect("script[src$='alerts.js']")
    assert "Set-Cookie" not in page.headers and "public" in page["Cache-Control"]


def test_no_key_pair_no_link_and_no_page(client, settings, section):
    settings.WEBPUSH_KEYS_FILE = None
    assert footer_link(client.get("/")) is None
    missing = client.get(PAGE)
    assert missing.status_code == 404


def test_development_makes_a_key_pair_once_and_keeps_it(client, settings, tmp_path):
    settings.WEBPUSH_KEYS_FILE = tmp_path / "keys" / "vapid.json"
    first = optin(client.get(PAGE)).get("data-alerts-key")
    assert len(first) == 87 and settings.WEBPUSH_KEYS_FILE.exists()
    stored = json.loads(settings.WEBPUSH_KEYS_FILE.read_text())
    assert stored["public"] == first and oct(settings.WEBPUSH_KEYS_FILE.stat().st_mode)[-3:] == "600"


def test_the_footer_link_costs_the_page_no_query(client, settings, vapid, article):
    url = article.get_absolute_url()
    client.get(url)  # warm the chrome's caches
    with CaptureQueriesContext(connection) as with_link:
        assert footer_link(client.get(url)) is not None
    settings.WEBPUSH_VAPID_PRIVATE_KEY = settings.WEBPUSH_VAPID_PUBLIC_KEY = ""
    settings.WEBPUSH_KEYS_FILE = None
    with CaptureQueriesContext(connection) as without:
        assert footer_link(client.get(url)) is None
    assert len(with_link) == len(without)


def test_the_alerts_page_costs_no_query_when_warm(client, vapid, section, django_assert_max_num_queries):
    client.get(PAGE)
    with django_assert_max_num_queries(1):  # the page cache's own bookkeeping at most
        assert client.get(PAGE).status_code == 200


def test_subscribing_stores_the_browser_and_its_sections(client, browser, section, django_assert_max_num_queries):
    markets = CategoryFactory(name="Markets", slug="markets")
    # The sections, the row (looked up, written in a savepoint), its sections (read, written), the release schedule.
    with django_assert_max_num_queries(11):
        response = post(client, SUBSCRIBE, {"subscription": browser.subscription_json(), "sections": ["markets"]})
    assert response.status_code == 201
    assert response.json() == {"ok": True, "message": "Alerts are on for Markets.", "sections": ["Markets"]}
    assert "no-store" in response["Cache-Control"] and "Set-Cookie" not in response.headers
    stored = PushSubscription.objects.get()
    assert (stored.endpoint, stored.p256dh) == (browser.endpoint, browser.p256dh)
    assert list(stored.sections.all()) == [markets]
    # The same browser again, choosing every section: updated, not duplicated.
    again = post(client, SUBSCRIBE, {"subscription": browser.subscription_json(), "sections": []})
    assert again.status_code == 200 and again.json()["message"] == "Alerts are on for every section."
    assert PushSubscription.objects.count() == 1 and not PushSubscription.objects.get().sections.exists()


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "That is not valid JSON."),
        ("[]", "Send the browser's push subscription as “subscription”."),
        ({"subscription": {"keys": {}}}, "The subscription has no endpoint."),
        ({"subscription": {"endpoint": "https://evil.example/push/1", "keys": {}}},
         "This browser's push service is not one we send to."),
        ({"subscription": {"endpoint": "http://10.0.0.1/x", "keys": {}}},
         "This browser's push service is not one we send to."),
        ("missing-keys", "The subscription has no keys."),
        ("short-auth", "The subscription's key “auth” has the wrong length."),
        ("bad-point", "The subscription's key “p256dh” is not a P-256 public key."),
        ("bad-sections", "“sections” must be a list of section names."),
        ("unknown-section", "One of the chosen sections does not exist."),
    ],
)  # fmt: skip
def test_a_bad_subscription_is_refused_with_a_message(client, browser, section, body, message):
    good = browser.subscription_json()
    cases = {
        "missing-keys": {"subscription": {"endpoint": good["endpoint"]}},
        "short-auth": {"subscription": {**good, "keys": {**good["keys"], "auth": "c2hvcnQ"}}},
        "bad-point": {"subscription": {**good, "keys": {**good["keys"], "p256dh": "BA" + "A" * 85}}},
        "bad-sections": {"subscription": good, "sections": "business"},
        "unknown-section": {"subscription": good, "sections": ["business", "nope"]},
    }
    response = post(client, SUBSCRIBE, cases.get(body, body) if isinstance(body, str) else body)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert not PushSubscription.objects.exists()


def test_only_json_from_our_own_site_is_taken(client, browser):
    data = {"subscription": browser.subscription_json()}
    form = client.post(SUBSCRIBE, {"subscription": "x"})
    assert form.status_code == 415 and "JSON" in form.json()["error"]
    cross = post(client, SUBSCRIBE, data, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403 and cross.json()["error"] == "Opt in to alerts on our own site."
    assert post(client, SUBSCRIBE, data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.get(SUBSCRIBE).status_code == 405
    assert not PushSubscription.objects.exists()
    assert post(client, SUBSCRIBE, data, HTTP_ORIGIN="http://testserver").status_code == 201


def test_unsubscribing_forgets_the_browser(client, browser):
    post(client, SUBSCRIBE, {"subscription": browser.subscription_json()})
    response = post(client, UNSUBSCRIBE, {"endpoint": browser.endpoint})
    assert response.status_code == 200 and response.json()["message"] == "Alerts are off in this browser."
    assert not PushSubscription.objects.exists()
    # The same answer for an address we do not have; a missing one is a 400.
    assert post(client, UNSUBSCRIBE, {"endpoint": browser.endpoint}).status_code == 200
    missing = post(client, UNSUBSCRIBE, {"nothing": 1})
    assert missing.status_code == 400 and "endpoint" in missing.json()["error"]


def test_a_network_that_opts_in_too_often_is_told_to_wait(client, settings, push_service):
    settings.WEBPUSH_SUBSCRIBES_PER_IP = 2
    answers = [post(client, SUBSCRIBE, {"subscription": push_service.browser().subscription_json()}) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == str(settings.WEBPUSH_SUBSCRIBE_WINDOW)
    assert "try again in a few minutes" in answers[2].json()["error"]
    assert PushSubscription.objects.count() == 2


def test_without_keys_the_endpoints_say_alerts_are_unavailable(client, settings, browser):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_KEYS_FILE = None
    response = post(client, SUBSCRIBE, {"subscription": browser.subscription_json()})
    assert response.status_code == 503 and "not available" in response.json()["error"]


def test_the_service_worker_is_served_from_the_root(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the site's release schedule, read by every response on a cold cache
        response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "max-age=0" in response["Cache-Control"]
    source = response.content.decode()
    assert 'addEventListener("push"' in source and "showNotification" in source and "openWindow" in source
    assert client.head("/sw.js").status_code == 200 and client.post("/sw.js").status_code == 405
