"""The sign-in audit and unlock in the admin; authenticator apps seen (and removed) by administrators.

django-axes registers its three lists (Access attempts: the current counts
that lock; Access failures: every failed sign-in, kept; Access logs:
successful ones). Only the Administrator role and superusers hold their
permissions (portal.roles), so contributors and editors see none of it.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.web.admin import BoundedDateHierarchyMixin

for model in (AccessAttempt, AccessFailureLog, AccessLog, TOTPDevice):
    admin.site.unregister(model)


# axes' lists filter by date: bounded, so a year out of range is a bad filter, not a 500.
@admin.register(AccessLog)
class StaffAccessLogAdmin(BoundedDateHierarchyMixin, AccessLogAdmin):
    """Successful sign-ins."""


@admin.register(AccessFailureLog)
class StaffAccessFailureLogAdmin(BoundedDateHierarchyMixin, AccessFailureLogAdmin):
    """Every failed sign-in, kept for the audit."""


@admin.register(AccessAttempt)
class StaffAccessAttemptAdmin(BoundedDateHierarchyMixin, AccessAttemptAdmin):
    """axes' list of current failure counts, with "Unlock" as the action an administrator looks for."""

    actions = ["unlock", "cleanup_expired_attempts"]

    @admin.action(description="Unlock: forget these failed attempts", permissions=["delete"])
    def unlock(self, request, queryset):
        who = sorted({f"{attempt.username or '(no name)'} from {attempt.ip_address or 'an unknown address'}"
                      for attempt in queryset})  # fmt: skip
        queryset.delete()
        self.message_user(request, f"Unlocked: {', '.join(who)}. They may sign in again now.")


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(TOTPDeviceAdmin):
    """Who has an authenticator app, and removing a lost one; only its owner adds one (Two-factor sign-in)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
