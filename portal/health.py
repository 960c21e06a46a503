"""/healthz and /readyz: what load balancers and the proxy's probes ask.

`healthz` answers whether the process is alive: no database, no cache, so a
restart loop never follows from a database outage. `readyz` answers whether
this instance can serve pages: the database answers and every migration is
applied (a new release that has not migrated yet is kept out of the
rotation). The cache is reported but does not fail readiness: every
instance shares the same Redis, so failing them all together would turn a
cache outage, which the site survives by rendering uncached, into an outage
behind the proxy.

Neither is ever cached, by the page cache or a proxy.
"""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from portal.web.cache import cache_never

logger = logging.getLogger(__name__)
PROBE_KEY = "health:readyz"
#: Once every migration is applied, a running process need not look again (the code does not change under it).
_migrated = set()


def _text(lines, status=200):
    response = HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8")
    return cache_never(response)


@require_safe
def healthz(request):
    """The process answers: nothing else is checked."""
    return _text(["ok"])


def database_ready(alias=DEFAULT_DB_ALIAS):
    """ "ok", or what is wrong with the database: unreachable, or migrations not applied."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("readyz: the database does not answer (%s: %s)", type(error).__name__, error)
        return "unreachable"
    if alias not in _migrated:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "migrations not applied"
        _migrated.add(alias)
    return "ok"


def cache_ready():
    """ "ok" when the cache stores and returns a value, "unreachable" otherwise."""
    try:
        cache.set(PROBE_KEY, 1, timeout=10)
        return "ok" if cache.get(PROBE_KEY) == 1 else "unreachable"
    except Exception as error:
        logger.warning("readyz: the cache does not answer (%s: %s)", type(error).__name__, error)
        return "unreachable"


@require_safe
def readyz(request):
    """200 when this instance can serve pages (database up, migrated); 503 otherwise. The cache is reported."""
    database, cached = database_ready(), cache_ready()
    lines = [f"database: {database}", f"cache: {cached}" + ("" if cached == "ok" else " (pages render uncached)")]
    ready = database == "ok"
    return _text(["ok" if ready else "not ready", *lines], status=200 if ready else 503)
