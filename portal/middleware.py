"""Site-wide middleware."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpResponseBadRequest
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


def reject_null_bytes(get_response):
    """Answer 400 to a query string with a NUL byte.

    No reader needs one, and PostgreSQL refuses NUL in text, which would
    otherwise surface as a 500 wherever a parameter reaches a query.
    """

    def middleware(request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            # A page, not a bare message: a reader may have pasted a damaged link or search.
            # Standalone (no menus, no database): it runs before sessions and auth.
            return HttpResponseBadRequest(render_to_string("400.html"))
        return get_response(request)

    return middleware
