"""A reader follows the footer to the alerts page, opts in to breaking-news alerts, gets one, and opts out.

Headless Chromium has no push service, so `pushManager.subscribe` is stubbed
in an init script with the subscription of a browser of the tests' local
push service; everything else is real: the service worker registers from
/sw.js, the page POSTs the subscription, and the alert an editor then sends
is pushed to that local service, which checks VAPID and decrypts it.
"""

import json

import pytest

from articles.alerts.keys import keypair_generate
from articles.alerts.models import PushSubscription
from articles.alerts.services import alert_send
from tests.articles.alerts.pushservice import PushService
from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations

ALERTS = "/alerts/"
STUB = """
(() => {
  const fake = %s;
  let current = null;
  PushManager.prototype.subscribe = function (options) {
    window.__subscribed = {userVisibleOnly: options.userVisibleOnly, keyBytes: options.applicationServerKey.byteLength};
    const unsubscribe = () => { current = null; return Promise.resolve(true); };
    current = {endpoint: fake.endpoint, toJSON: () => fake, unsubscribe};
    return Promise.resolve(current);
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
})();
"""


@pytest.fixture
def push_service(settings):
    public, private = keypair_generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = public, private
    settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
    settings.WEBPUSH_ALLOW_HTTP = True
    service = PushService(public).start()
    yield service
    service.stop()


def reader_page(open_context, browser, **options):
    context = open_context(permissions=["notifications"], **options)
    context.add_init_script(STUB % json.dumps(browser.subscription_json()))
    return context.new_page()


def test_a_reader_opts_in_for_a_section_gets_an_alert_and_opts_out(
    open_context, console, newsroom, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.browser()
    page = reader_page(open_context, browser)
    page.goto(ALERTS)
    box = page.get_by_role("region", name="Alerts in this browser")
    box.get_by_role("button", name="Get breaking news alerts").wait_for()
    assert box.get_by_role("button", name="Stop alerts").is_hidden()
    box.get_by_text("Only some sections (optional)").click()
    box.get_by_role("checkbox", name="Business").check()
    box.get_by_role("button", name="Get breaking news alerts").click()
    status = box.locator(".alerts-optin__status")
    status.filter(has_text="Alerts are on for Business.").wait_for()
    assert page.evaluate("window.__subscribed") == {"userVisibleOnly": True, "keyBytes": 65}
    stored = PushSubscription.objects.get()
    assert stored.endpoint == browser.endpoint and [s.slug for s in stored.sections.all()] == ["business"]
    worker = page.evaluate("navigator.serviceWorker.ready.then(r => [r.scope, r.active.scriptURL])")
    site = page.url.removesuffix(ALERTS) + "/"
    assert worker == [site, site + "sw.js"]  # the whole site is its scope
    assert box.get_by_role("button", name="Stop alerts").is_visible()

    with django_capture_on_commit_callbacks(execute=True):
        alert_send(article=newsroom["article"], title="Oil jumps 8%", body="Talks collapse.", user=None)
    assert push_service.errors == []
    assert [push.payload["url"] for push in browser.received] == [newsroom["article"].get_absolute_url()]
    assert browser.titles() == ["Oil jumps 8%"]

    box.get_by_role("button", name="Stop alerts").click()
    status.filter(has_text="Alerts are off in this browser.").wait_for()
    assert not PushSubscription.objects.exists()
    assert box.get_by_role("button", name="Get breaking news alerts").is_visible()
    assert page.context.cookies() == []
    console.assert_clean()


def test_a_refusal_of_notifications_is_explained(open_context, console, newsroom, push_service):
    context = open_context()  # no permission granted: headless Chromium denies it
    page = context.new_page()
    page.goto(ALERTS)
    box = page.get_by_role("region", name="Alerts in this browser")
    box.get_by_role("button", name="Get breaking news alerts").click()
    box.locator(".alerts-optin__status").filter(has_text="Notifications are blocked for this site").wait_for()
    assert not PushSubscription.objects.exists()
    console.assert_clean()


def test_a_push_service_that_fails_is_explained_in_plain_words(open_context, console, newsroom, push_service):
    context = open_context(permissions=["notifications"])
    context.add_init_script("""
      PushManager.prototype.getSubscription = () => Promise.resolve(null);
      PushManager.prototype.subscribe = () =>
        Promise.reject(new DOMException("Registration failed - push service error", "AbortError"));
    """)
    page = context.new_page()
    page.goto(ALERTS)
    box = page.get_by_role("region", name="Alerts in this browser")
    box.get_by_role("button", name="Get breaking news alerts").click()
    box.locator(".alerts-optin__status").filter(has_text="This browser could not set up alerts").wait_for()
    assert "Registration failed" not in box.inner_text()
    assert not PushSubscription.objects.exists()
    console.assert_clean()


def test_without_javascript_no_opt_in_is_offered_and_the_page_says_what_is_needed(open_context, newsroom, push_service):
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.get_by_role("link", name="Breaking news alerts").click()
    assert page.url.endswith(ALERTS)
    assert page.locator("section.alerts-optin").count() == 1
    assert page.get_by_role("button", name="Get breaking news alerts").is_hidden()
    assert page.get_by_text("open this page in a browser that allows notifications").is_visible()


def test_the_opt_in_is_accessible_and_valid(open_context, browser_tools, client, newsroom, push_service, tmp_path):
    for width in (1280, 390):
        for scheme in ("light", "dark"):
            page = reader_page(
                open_context, push_service.browser(), viewport={"width": width, "height": 900}, bypass_csp=True,
                color_scheme=scheme,
            )  # fmt: skip
            page.goto(ALERTS)
            box = page.get_by_role("region", name="Alerts in this browser")
            box.get_by_role("button", name="Get breaking news alerts").wait_for()
            assert page.get_by_text("open this page in a browser that allows notifications").is_hidden()
            box.get_by_text("Only some sections (optional)").click()
            box.get_by_role("checkbox", name="Finance").wait_for()
            violations = serious_axe_violations(page)
            assert not violations, axe_report(f"the alerts page at {width}px in {scheme} mode", violations)
    documents = {"alerts": client.get(ALERTS).content, "home": client.get("/").content}
    assert b'class="alerts-optin"' in documents["alerts"] and b'href="/alerts/"' in documents["home"]
    assert_valid_html(documents, tmp_path)


# The notifications shown, once one links to `url` (the push is handled in the worker, asynchronously; bounded).
NOTIFICATIONS = """async (url) => {
  const registration = await navigator.serviceWorker.ready;
  let shown = [];
  for (let i = 0; i < 200; i += 1) {
    const notifications = await registration.getNotifications();
    shown = notifications.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}));
    if (shown.some((n) => n.url === url)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return shown;
}"""


def deliver_to_worker(page, payload):
    """Hand the worker a push message as its push service would (DevTools' "Push", over CDP)."""
    session = page.context.new_cdp_session(page)
    registrations = []
    session.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    session.send("ServiceWorker.enable")
    for _ in range(200):  # bounded wait for the registration event
        if registrations:
            break
        page.wait_for_timeout(50)
    origin = page.url.split("/", 3)
    message = {"origin": "/".join(origin[:3]), "registrationId": registrations[0]["registrationId"]}
    session.send("ServiceWorker.deliverPushMessage", {**message, "data": json.dumps(payload)})


def test_the_service_worker_shows_the_alert_it_receives(
    open_context, console, newsroom, push_service, django_capture_on_commit_callbacks
):
    browser = push_service.browser()
    page = reader_page(open_context, browser)
    page.goto(ALERTS)
    box = page.get_by_role("region", name="Alerts in this browser")
    box.get_by_role("button", name="Get breaking news alerts").click()
    box.locator(".alerts-optin__status").filter(has_text="Alerts are on for every section.").wait_for()
    with django_capture_on_commit_callbacks(execute=True):
        alert = alert_send(article=newsroom["article"], title="Oil jumps 8%", body="Talks collapse.", user=None)
    (push,) = browser.received
    deliver_to_worker(page, push.payload)  # exactly what the local push service decrypted
    site = page.url.removesuffix(ALERTS) + "/"
    story_url = site.rstrip("/") + newsroom["article"].get_absolute_url()
    assert page.evaluate(NOTIFICATIONS, story_url) == [
        {"title": "Oil jumps 8%", "body": "Talks collapse.", "tag": f"alert-{alert.pk}", "url": story_url}
    ]
    # The same alert again replaces its notification; a link off the site is taken back to the front page.
    deliver_to_worker(page, {**push.payload, "url": "https://evil.example/"})
    shown = page.evaluate(NOTIFICATIONS, site)
    assert [n["url"] for n in shown] == [site]
    console.assert_clean()
