"""`manage.py check --deploy` warns when administrators may sign in with a password alone."""

from django.conf import settings
from django.core import checks


def two_factor_required_in_production(app_configs=None, **kwargs):
    """A warning unless STAFF_REQUIRE_2FA is on."""
    if settings.STAFF_REQUIRE_2FA:
        return []
    return [
        checks.Warning(
            "STAFF_REQUIRE_2FA is off: Administrators and superusers can use the admin with a password alone.",
            hint="Set STAFF_REQUIRE_2FA=True; they then enrol an authenticator app at their next sign-in.",
            id="portal.W001",
        )
    ]
