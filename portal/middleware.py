"""Site-wide middleware."""

import unicodedata

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with inline *styles* allowed in the admin only.

    Django's admin widgets and the ProseMirror editor set `style` attributes
    from JavaScript; scripts stay nonce-only everywhere, and public pages keep
    the strict style policy from settings.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


#: Endpoints whose form posts are machine data (email providers' webhooks may
#: post whole messages, and ISO-2022-JP mail carries ESC characters).
MACHINE_POSTS = ("/anymail/",)
#: The read API (articles/api): its errors are JSON, like its answers.
API_PATHS = ("/api/",)
#: Whitespace a textarea (or a pasted search) legitimately holds.
TEXT_WHITESPACE = frozenset("\t\n\r")


def control_characters(value, *, allow=frozenset()):
    """True when `value` holds a control character (NUL, ESC, DEL, C1 ...) not in `allow`."""
    return any(c not in allow and unicodedata.category(c) == "Cc" for c in value)


def _bad_pairs(querydict):
    return any(
        control_characters(key) or any(control_characters(v, allow=TEXT_WHITESPACE) for v in values)
        for key, values in querydict.lists()
    )


def _bad_form(request):
    # Uploads' file names need no check: Django drops their non-printable characters.
    if request.method != "POST" or request.path.startswith(MACHINE_POSTS):
        return False
    return _bad_pairs(request.POST)


def reject_control_characters(get_response):
    """Answer 400 (the styled page) to control characters in the path, the query or a form's fields.

    No reader types them, PostgreSQL refuses NUL in text (a 500 wherever the
    value reaches a query), and the others break the XML of feeds and
    sitemaps once stored. Tabs and line breaks stay allowed in values: a
    textarea holds them. It runs before sessions and auth, so the page it
    sends is standalone (no menus, no database).
    """

    def middleware(request):
        if control_characters(request.path) or _bad_pairs(request.GET):
            if request.path.startswith(API_PATHS):
                detail = "The address or a parameter holds a control character; remove it and try again."
                return JsonResponse({"detail": detail}, status=400)
            return HttpResponseBadRequest(render_to_string("400.html"))
        if _bad_form(request):
            # Reading POST here parses the body once; the view gets the parsed copy.
            return HttpResponseBadRequest(render_to_string("400.html", {"form_fields": True}))
        return get_response(request)

    return middleware


def permissions_policy_header(policy):
    """PERMISSIONS_POLICY as the header's text: `camera=(), fullscreen=(self "https://…")`."""

    def allowlist(origins):
        return " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


def resource_policy_headers(get_response):
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response, unless a view set its own.

    Static files too (it sits outside WhiteNoise); uploads say `cross-origin`
    themselves (portal.views.media), because emails and feed readers show them.
    """
    permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response

    return middleware
