"""django-axes with the newsroom's limits: one for an account at one address, one for an address.

axes compares a single failure count with AXES_FAILURE_LIMIT. The handler
measures each lockout criterion (AXES_LOCKOUT_PARAMETERS) against its own
limit and reports the worst on AXES_FAILURE_LIMIT's scale, so axes' own
checks, signals and lockout flow work unchanged.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from portal.web.network import client_ip


def client_address(request):
    """The client's address as the whole site reads it (portal.web.network), None when unknown.

    None rather than "": axes stores it in an IP address column, where PostgreSQL
    cannot match an empty string, so unknown clients would never be counted.
    """
    return client_ip(request) or None


def criterion_limit(criterion):
    """Failures allowed for one entry of AXES_LOCKOUT_PARAMETERS."""
    fields = [criterion] if isinstance(criterion, str) else list(criterion)
    if fields == ["ip_address"]:
        return settings.STAFF_LOGIN_ADDRESS_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class StaffLoginHandler(AxesDatabaseHandler):
    """axes' database handler, with a limit per criterion and a reset that forgets only the account's own failures."""

    def _counted(self, request, credentials):
        """(criterion's limit, its recent attempts) for each criterion."""
        criteria = settings.AXES_LOCKOUT_PARAMETERS
        attempts = self.get_user_attempts(request, credentials)
        return [(criterion_limit(criterion), queryset) for criterion, queryset in zip(criteria, attempts, strict=True)]

    def get_failures(self, request, credentials=None) -> int:
        """The worst criterion's failures, scaled so that reaching its own limit reaches AXES_FAILURE_LIMIT."""
        scale = settings.AXES_FAILURE_LIMIT
        worst = 0
        for limit, attempts in self._counted(request, credentials):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * scale // max(limit, 1))
        return worst

    def lock_ends_at(self, request, credentials=None):
        """When the current lockout ends: a cool-off after the last failure that counted; None if not locked."""
        ends = None
        for limit, attempts in self._counted(request, credentials):
            totals = attempts.aggregate(total=Sum("failures_since_start"), last=Max("attempt_time"))
            if (totals["total"] or 0) >= limit:
                end = totals["last"] + get_cool_off(request)
                ends = end if ends is None else max(ends, end)
        return ends if ends and ends > timezone.now() else None

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in forget that account's failures from that address, and no more.

        axes would delete every criterion's attempts, the address's included:
        one valid login (a contributor's own) would then wipe the count of a
        password-spraying address.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
