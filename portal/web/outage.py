"""The database down: the styled 503 page with Retry-After instead of a 500, and one log line a minute.

Two ways in, so no request can escape with a 500: `DatabaseOutageMiddleware`
catches what a view or its template raises, and `server_error` (the site's
handler500) what a middleware raises (a session saved on the way out, the
legacy-redirect lookup on a 404). Pages that need no database (a page-cache
hit, robots.txt, static files) are unaffected; a proxy in front serves its
stale copies of the rest (`stale-if-error`, Varnish's grace).

Recovery needs no restart: Django drops a kept connection that failed
(CONN_HEALTH_CHECKS) and the next request connects afresh.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from portal.web.cache import cache_never
from portal.web.throttledlog import ThrottledLog

log = ThrottledLog("portal.outage")

#: PostgreSQL SQLSTATEs (prefixes) that mean "cannot serve now", not "bad query": connection
#: exceptions (08), insufficient resources such as too many connections (53), shutdown, terminated
#: backend or a server still starting (57P01-57P03), a statement cancelled by statement_timeout (57014).
POSTGRES_UNAVAILABLE = ("08", "53", "57P01", "57P02", "57P03", "57014")
#: SQLite result codes (prefixes, extended codes included) for a file that is locked, missing or failing.
SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL")


def database_unavailable(error) -> bool:
    """True when `error` says the database cannot be reached or cannot serve now (not a bug in a query)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate:
        return sqlstate.startswith(POSTGRES_UNAVAILABLE)
    name = getattr(cause, "sqlite_errorname", None)
    if name:
        return name.startswith(SQLITE_UNAVAILABLE)  # "no such table" (SQLITE_ERROR) stays a 500: it is a bug
    # psycopg's failures to connect, or on a connection that was closed, carry no
    # SQLSTATE; other drivers' OperationalError is about the database's operation.
    return True


def service_unavailable(request, error=None):
    """The 503 page: standalone (no menus, no database, no cache call), Retry-After, kept by no cache."""
    if error is not None:
        cause = error.__cause__ or error
        log.warning(
            "database",
            "Database unavailable (%s: %s); answering 503 to %s %s.",
            type(cause).__name__,
            str(cause).strip().splitlines()[0] if str(cause).strip() else "",
            request.method,
            request.path,
        )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    cache_never(response)
    # The line above, once a minute, replaces Django's "Service Unavailable" line per request.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """A view or template that finds the database down answers the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return service_unavailable(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the 503 page when the error being handled is the database being down, else the 500 page."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return service_unavailable(request, error)
    return defaults.server_error(request, template_name)
