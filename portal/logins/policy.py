"""What a signed-in staff member still owes before the admin opens: nothing, a code, or an enrolment."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

READY = "ready"  # nothing owed: signed in with a code, or no second factor asked of them
CODE = "code"  # has an authenticator app, but this session has not given a code from it
ENROL = "enrol"  # STAFF_REQUIRE_2FA, and they manage accounts but have no authenticator app yet

# Who manages accounts may make anyone anything; the Administrator role
# (portal.roles) and superusers hold it. A permission, as everywhere in the admin.
REQUIRED_FOR_PERMISSION = "auth.change_user"


def confirmed_device(user):
    """The user's authenticator app (a confirmed TOTP device), or None."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def two_factor_required(user):
    """Whether this person must enrol before using the admin (STAFF_REQUIRE_2FA)."""
    return bool(settings.STAFF_REQUIRE_2FA) and user.has_perm(REQUIRED_FOR_PERMISSION)


def two_factor_state(request):
    """READY, CODE or ENROL for the signed-in user; worked out once per request."""
    state = getattr(request, "_two_factor_state", None)
    if state is None:
        user = request.user
        if user.is_verified():
            state = READY
        elif confirmed_device(user) is not None:
            state = CODE
        elif two_factor_required(user):
            state = ENROL
        else:
            state = READY
        request._two_factor_state = state
    return state
