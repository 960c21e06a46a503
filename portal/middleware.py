"""Site-wide middleware."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
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
