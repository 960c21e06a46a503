"""Read replicas: reader pages read from a healthy replica, everything else from the primary.

`ReplicaMiddleware` marks a request as a reader's read (GET or HEAD, outside
the admin and previews, not pinned) for `ReplicaRouter`, which then sends
its reads to a replica from settings.DATABASE_REPLICAS. Everything else goes
to the primary ("default"): writes, the admin, workers and commands (no
request), anything inside a transaction, and the models named in
REPLICA_PRIMARY_MODELS (sessions and users, the task queue, the newsletter
ledger, import jobs).

A request that wrote pins the client's reads to the primary for
REPLICA_PIN_SECONDS, so nobody misses their own change: in the session for
someone signed in, else in a signed cookie.

A replica that cannot be reached, or lags more than REPLICA_MAX_LAG_SECONDS,
is skipped (with a log line) and reads fall back to the primary. Each process
checks a replica's lag at most every REPLICA_CHECK_SECONDS; the result is the
process's own view, which is all a router needs.

This module imports no app: it works by app labels and model names.
"""

import contextvars
import logging
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
PIN_COOKIE = "np_primary"
PIN_SESSION_KEY = "_replica_pin_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: The lag of a replica in seconds: 0 while it has replayed all it received.
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


@dataclass
class RequestReads:
    """What the router needs to know about the request being served."""

    replica_allowed: bool
    wrote: bool = False
    chosen: str | None = None  # the replica this request reads from, once picked
    used: set = field(default_factory=set)


_request = contextvars.ContextVar("replica_request", default=None)


def replica_aliases():
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def replica_databases(urls, *, primary, connect_timeout=2):
    """DATABASES entries "replica_1", "replica_2", … for DATABASE_REPLICA_URLS."""
    import environ

    databases = {}
    for number, url in enumerate(urls, start=1):
        alias = f"replica_{number}"
        replica = environ.Env.db_url_config(url)
        replica.setdefault("CONN_MAX_AGE", primary.get("CONN_MAX_AGE", 0))
        replica["CONN_HEALTH_CHECKS"] = True
        options = replica.setdefault("OPTIONS", {})
        # A replica that does not answer is skipped quickly rather than holding a reader's page.
        options.setdefault("connect_timeout", connect_timeout)
        # Shows in pg_stat_activity on the replica.
        options.setdefault("application_name", f"newsportal-{alias}")
        # Tests (if ever run with replicas set) use the primary's test database.
        replica["TEST"] = {"MIRROR": "default"}
        databases[alias] = replica
    return databases


# --- Health -----------------------------------------------------------------


@dataclass
class Health:
    checked: float = 0.0
    healthy: bool = True
    reason: str = ""


_health = {}


def _check(alias):
    """Measure a replica's lag now; (healthy, reason)."""
    limit = settings.REPLICA_MAX_LAG_SECONDS
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = float(cursor.fetchone()[0] or 0)
    except DatabaseError as error:
        _close(alias)
        return False, f"unreachable ({_describe(error)})"
    if lag > limit:
        return False, f"lags {lag:.1f} s behind the primary (REPLICA_MAX_LAG_SECONDS={limit})"
    return True, ""


def _describe(error):
    """The error's class and the first line of its message, for a log line."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


def replica_healthy(alias, *, now=None):
    """Whether `alias` may serve reads, checked at most every REPLICA_CHECK_SECONDS in this process."""
    now = time.monotonic() if now is None else now
    state = _health.setdefault(alias, Health(checked=-1e9))
    if now - state.checked >= settings.REPLICA_CHECK_SECONDS:
        first = state.checked < 0
        healthy, reason = _check(alias)
        # One line when the replica is dropped or comes back, not one per check.
        if healthy != state.healthy:
            if healthy:
                logger.warning("Replica %s is back: reader pages read from it again", alias)
            else:
                logger.warning("Replica %s skipped, reads go to the primary: %s", alias, reason)
        if first or healthy != state.healthy:
            _record_state(alias, healthy)
        state.checked, state.healthy, state.reason = time.monotonic(), healthy, reason
    return state.healthy


def mark_unhealthy(alias, reason):
    """A query on the replica failed: skip it until the next check."""
    state = _health.setdefault(alias, Health())
    if state.healthy:
        logger.warning("Replica %s skipped, reads go to the primary: %s", alias, reason)
        _record_state(alias, False)
    state.checked, state.healthy, state.reason = time.monotonic(), False, reason


def forget_health():
    """Check every replica afresh on next use (tests, and after settings change)."""
    _health.clear()


def _record_state(alias, healthy):
    try:
        from portal.web import metrics

        metrics.replica_state(alias=alias, healthy=healthy)
    except Exception:  # metrics must never break routing
        logger.debug("Recording the replica state failed", exc_info=True)


def _close(alias):
    """Drop a broken connection to a replica (never raises: we are already handling an error)."""
    try:
        connections[alias].close()
    except Exception:
        logger.debug("Closing the connection to %s failed", alias, exc_info=True)


def _usable(alias):
    """Connect (or check the kept connection) before the first read of a request goes there."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _close(alias)
        mark_unhealthy(alias, f"unreachable ({_describe(error)})")
        return False
    return True


def pick_replica(reads):
    """The replica this request reads from, or None for the primary."""
    if reads.chosen is not None:
        return reads.chosen or None
    candidates = [alias for alias in replica_aliases() if replica_healthy(alias)]
    random.shuffle(candidates)  # spread readers over the replicas
    for alias in candidates:
        if _usable(alias):
            reads.chosen = alias
            return alias
    reads.chosen = ""  # none today: the primary for the rest of the request
    return None


# --- The router ---------------------------------------------------------------


class ReplicaRouter:
    """DATABASE_ROUTERS entry: readers' reads to a replica, the rest to the primary."""

    def db_for_read(self, model, **hints):
        reads = _request.get()
        if reads is None or not reads.replica_allowed or reads.wrote:
            return PRIMARY
        if _primary_only(model) or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        alias = pick_replica(reads)
        if alias is None:
            return PRIMARY
        reads.used.add(alias)
        return alias

    def db_for_write(self, model, **hints):
        reads = _request.get()
        if reads is not None:
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _primary_only(model):
    meta = model._meta
    names = settings.REPLICA_PRIMARY_MODELS
    return meta.app_label in names or meta.label_lower in names


# --- The middleware -------------------------------------------------------------


def _pinned(request):
    """True while this client's reads must see the primary (it wrote a moment ago)."""
    if PIN_COOKIE in request.COOKIES:
        try:
            signing.get_cookie_signer(salt=PIN_COOKIE).unsign(
                request.COOKIES[PIN_COOKIE], max_age=settings.REPLICA_PIN_SECONDS
            )
            return True
        except signing.BadSignature:
            pass
    if settings.SESSION_COOKIE_NAME in request.COOKIES and hasattr(request, "session"):
        until = request.session.get(PIN_SESSION_KEY)
        return bool(until and until > time.time())
    return False


def _reader_path(path):
    return not any(path.startswith(prefix) for prefix in settings.REPLICA_PRIMARY_PATHS)


def _pin(request, response):
    seconds = settings.REPLICA_PIN_SECONDS
    if seconds <= 0:
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        request.session[PIN_SESSION_KEY] = time.time() + seconds
        return
    value = signing.get_cookie_signer(salt=PIN_COOKIE).sign("1")
    response.set_cookie(
        PIN_COOKIE,
        value,
        max_age=seconds,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class ReplicaMiddleware:
    """Tell the router whether this request may read from a replica; pin the client after a write.

    Sits after SessionMiddleware and AuthenticationMiddleware, so a signed-in
    editor's pin lives in their session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        allowed = request.method in SAFE_METHODS and _reader_path(request.path_info) and not _pinned(request)
        reads = RequestReads(replica_allowed=allowed)
        token = _request.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if reads.wrote:
            _pin(request, response)
        return response

    def process_exception(self, request, exception):
        """A replica that failed mid-request: skip it, and serve the same read from the primary."""
        reads = _request.get()
        if reads is None or not reads.used or not isinstance(exception, DatabaseError):
            return None
        for alias in reads.used:
            _close(alias)
            mark_unhealthy(alias, f"a query failed ({type(exception).__name__})")
        reads.used.clear()
        reads.chosen = ""  # the primary for the rest of this request
        match = request.resolver_match
        if request.method not in SAFE_METHODS or match is None:
            return None
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        except Exception:
            logger.exception("Serving %s again from the primary failed", request.path)
            return None
        return response
