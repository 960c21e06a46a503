"""The reader's side of alerts: the alerts page, opt in and out (JSON), the service worker at the site root.

CSRF: the opt-in sits on public pages that shared caches keep, so the page
cannot carry a per-reader CSRF token, and a CSRF cookie would mean a cookie
(and Vary: Cookie) on every page; the endpoints are csrf_exempt and defend
themselves instead. They take only `Content-Type: application/json`, which
no cross-site form can send (a cross-site fetch with it needs a CORS
preflight, which the site never grants); they refuse posts the browser
marks cross-site (Sec-Fetch-Site, Origin); and what a forged request could
do is bounded: subscribing needs a push subscription the forger made
themselves, unsubscribing needs the endpoint, a secret only the browser
and its push service know.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from articles.alerts.keys import vapid_keys
from articles.alerts.services import SubscriptionInvalid, subscription_parse, subscription_remove, subscription_save
from portal.web import changes
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.cache import cache_never
from portal.web.network import client_ip, rate_attempt
from portal.web.pagecache import surrogate_keys_add
from portal.web.views import PublicPageMixin

MAX_BODY = 8192


class AlertsPageView(PublicPageMixin, TemplateView):
    """/alerts/: what the alerts are, and the opt-in; the footer links here when the site has a key pair.

    One page rather than a box on every page: one call to action per region,
    and the reader pages stay within their weight (the box and its script load here only).
    """

    template_name = "articles/alerts/page.html"

    def get(self, request, *args, **kwargs):
        if vapid_keys() is None:
            raise Http404("This site sends no breaking-news alerts.")
        surrogate_keys_add(request, changes.SECTIONS)  # its section choice is the menu's
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        crumbs = [home_crumb(), Crumb("Breaking news alerts", reverse("alerts:page"))]
        return super().get_context_data(breadcrumbs=crumbs, **kwargs)


def answer(status, **data):
    return cache_never(JsonResponse(data, status=status))


def refusal(request):
    """The answer to a post we do not process, or None to go on."""
    if vapid_keys() is None:
        return answer(503, error="Breaking-news alerts are not available on this site at the moment.")
    if request.content_type != "application/json":
        return answer(415, error="Send the subscription as JSON (Content-Type: application/json).")
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site" or foreign_origin(request):
        return answer(403, error="Opt in to alerts on our own site.")
    if len(request.body) > MAX_BODY:
        return answer(413, error="That request is too large to be a push subscription.")
    return None


def foreign_origin(request) -> bool:
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null" or origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc != request.get_host()


def read_json(request):
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SubscriptionInvalid("That is not valid JSON.") from None


def limited(request):
    """Count one opt-in or opt-out of the reader's network (the per-address limit every reader form uses)."""
    return rate_attempt(
        scope="alerts:subscribe-rate",
        ip=client_ip(request),
        limit=settings.WEBPUSH_SUBSCRIBES_PER_IP,
        window=settings.WEBPUSH_SUBSCRIBE_WINDOW,
    )


def too_many():
    response = answer(429, error="Many alert requests came from your network. Please try again in a few minutes.")
    response["Retry-After"] = str(settings.WEBPUSH_SUBSCRIBE_WINDOW)
    return response


@csrf_exempt
@require_POST
def subscribe(request):
    """Store this browser's subscription and its chosen sections (a second call updates them)."""
    refused = refusal(request)
    if refused:
        return refused
    with limited(request) as allowed:
        if not allowed:
            return too_many()
        try:
            _, created, chosen = subscription_save(subscribing=subscription_parse(read_json(request)))
        except SubscriptionInvalid as error:
            return answer(400, error=str(error))
    sections = sorted(section.name for section in chosen)
    text = f"Alerts are on for {', '.join(sections)}." if sections else "Alerts are on for every section."
    return answer(201 if created else 200, ok=True, message=text, sections=sections)


@csrf_exempt
@require_POST
def unsubscribe(request):
    """Forget this browser: the same answer whether or not it was subscribed."""
    refused = refusal(request)
    if refused:
        return refused
    with limited(request) as allowed:
        if not allowed:
            return too_many()
        try:
            data = read_json(request)
        except SubscriptionInvalid as error:
            return answer(400, error=str(error))
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not isinstance(endpoint, str) or not endpoint:
            return answer(400, error="Send the subscription's “endpoint” to stop its alerts.")
        subscription_remove(endpoint=endpoint)
    return answer(200, ok=True, message="Alerts are off in this browser.")


@require_safe
def service_worker(request):
    """The service worker, at the site root so its scope is the whole site; browsers re-check it on every visit."""
    response = HttpResponse(
        render_to_string("articles/alerts/sw.js", {"site_name": settings.SITE_NAME}),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
