"""Prometheus metrics at /metrics: requests, latency, caches, replicas, queues.

Counters and histograms are kept by prometheus-client in each process; under
gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (an empty folder
per start) so every worker writes its figures there and a scrape adds them
up (`deploy/gunicorn.conf.py` removes a dead worker's live gauges). Figures
that live in the database (task queue, newsletter sends) are read at scrape
time by collectors, so they are the same whichever worker answers.

For other parts of the site (call them; they never raise):
- `page_cache(hit=True)`: the page cache served a page from the cache (or
  `hit=False`, it had to render it); the hit ratio is
  `rate(newsportal_page_cache_requests_total{result="hit"}[5m]) / rate(newsportal_page_cache_requests_total[5m])`.
- `cache_purge(keys=3, ok=True)`: a purge of surrogate keys was sent to the proxy (or failed).
- `register_collector(func)`: `func()` yields metric families at scrape time
  (the newsletter registers its send progress this way).
"""

import ipaddress
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseForbidden
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

from portal.web.cache import cache_never

logger = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "newsportal_http_requests_total", "Requests answered, by view, method and status.", ["view", "method", "status"]
)
LATENCY = Histogram(
    "newsportal_http_request_duration_seconds", "Time to answer a request, by view.", ["view"], buckets=LATENCY_BUCKETS
)
PAGE_CACHE = Counter("newsportal_page_cache_requests_total", "Page cache lookups, by result (hit, miss).", ["result"])
PURGES = Counter(
    "newsportal_cache_purges_total", "Surrogate keys purged at the proxy, by result (ok, failed).", ["result"]
)
REPLICA_HEALTHY = Gauge(
    "newsportal_db_replica_healthy",
    "1 while this process reads from the replica, 0 while it skips it (down or lagging).",
    ["alias"],
    multiprocess_mode="livemin",
)
REPLICA_SKIPS = Counter("newsportal_db_replica_skipped_total", "Times a replica was found down or lagging.", ["alias"])

_collectors = []


def page_cache(*, hit):
    """Count one page cache lookup: `hit=True` served from the cache, False rendered."""
    _safely(PAGE_CACHE.labels(result="hit" if hit else "miss").inc)


def cache_purge(*, keys=1, ok=True):
    """Count surrogate keys purged at the proxy (or a purge that failed)."""
    _safely(PURGES.labels(result="ok" if ok else "failed").inc, keys)


def replica_state(*, alias, healthy):
    """Record that this process reads from (or skips) a replica."""
    _safely(REPLICA_HEALTHY.labels(alias=alias).set, 1 if healthy else 0)
    if not healthy:
        _safely(REPLICA_SKIPS.labels(alias=alias).inc)


def register_collector(func):
    """Call `func()` at every scrape; it yields prometheus_client metric families (read from the database)."""
    if func not in _collectors:
        _collectors.append(func)
    return func


def _safely(method, *args):
    try:
        method(*args)
    except Exception:  # a metric must never break a page
        logger.debug("Recording a metric failed", exc_info=True)


# --- Requests -----------------------------------------------------------------


class MetricsMiddleware:
    """Counts every response by view and status, and times it (after the request id, before the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The route's name, never the raw path: one series per view, however many articles.
        view = match.view_name if match else "<unmatched>"
        _safely(LATENCY.labels(view=view).observe, time.perf_counter() - started)
        _safely(REQUESTS.labels(view=view, method=_method(request.method), status=str(response.status_code)).inc)
        return response


def _method(method):
    return method if method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") else "other"


# --- Scrape-time figures from the database ------------------------------------------


def task_queue():
    """Tasks waiting (depth, age of the oldest), running and failed in the last hour, per queue."""
    from datetime import UTC, datetime, timedelta

    from django.apps import apps
    from django.db.models import Count, Min, Q
    from django.utils import timezone

    model = apps.get_model("django_tasks_database", "DBTaskResult")
    now = timezone.now()
    depth = GaugeMetricFamily("newsportal_task_queue_depth", "Tasks waiting to run, per queue.", labels=["queue"])
    age = GaugeMetricFamily(
        "newsportal_task_queue_oldest_age_seconds", "Age of the oldest task due to run, per queue.", labels=["queue"]
    )
    running = GaugeMetricFamily("newsportal_tasks_running", "Tasks a worker is running, per queue.", labels=["queue"])
    failed = GaugeMetricFamily(
        "newsportal_tasks_failed_last_hour", "Tasks that failed in the last hour, per queue.", labels=["queue"]
    )
    never = datetime(9999, 1, 1, tzinfo=UTC)  # django_tasks_db's "no run_after"
    waiting = Q(status="READY", run_after=never)  # due since it was enqueued
    deferred = Q(status="READY", run_after__lte=now) & ~Q(run_after=never)  # due since its run_after
    rows = (
        model.objects.values("queue_name")
        .annotate(
            ready=Count("pk", filter=waiting | deferred),
            oldest_waiting=Min("enqueued_at", filter=waiting),
            oldest_deferred=Min("run_after", filter=deferred),
            running=Count("pk", filter=Q(status="RUNNING")),
            failed=Count("pk", filter=Q(status="FAILED", finished_at__gte=now - timedelta(hours=1))),
        )
        .order_by("queue_name")
    )
    for row in rows:
        queue = row["queue_name"]
        depth.add_metric([queue], row["ready"])
        due = [when for when in (row["oldest_waiting"], row["oldest_deferred"]) if when]
        age.add_metric([queue], (now - min(due)).total_seconds() if due else 0)
        running.add_metric([queue], row["running"])
        failed.add_metric([queue], row["failed"])
    yield from (depth, age, running, failed)


register_collector(task_queue)


class _ScrapeCollector:
    """Runs the registered collectors; one that fails is reported, not fatal."""

    def collect(self):
        errors = GaugeMetricFamily(
            "newsportal_metrics_collector_errors", "Collectors that failed in this scrape.", labels=["collector"]
        )
        for func in list(_collectors):
            try:
                families = list(func())
            except (DatabaseError, LookupError) as error:
                logger.warning("Metrics collector %s failed: %s", func.__qualname__, error)
                errors.add_metric([func.__qualname__], 1)
                continue
            yield from families
        yield errors


def _allowed(request):
    """From an allowed address, and straight to us (not relayed by the proxy, which would look like loopback)."""
    if any(request.META.get(header) for header in ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS has an entry that is not an address or network: %r", allowed)
    return False


class _ThisProcess:
    """This process's own metrics (no PROMETHEUS_MULTIPROC_DIR: one process serves them all)."""

    def collect(self):
        yield from REGISTRY.collect()


def render(accept=""):
    """(body, content type) of every metric: all workers' (multiprocess mode) or this process's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_ScrapeCollector())
    encoder, content_type = choose_encoder(accept)
    return encoder(registry), content_type


def metrics_view(request):
    """GET /metrics for Prometheus; 403 unless from METRICS_ALLOWED_IPS; never cached."""
    if not _allowed(request):
        return cache_never(
            HttpResponseForbidden("Metrics are served only to the monitoring addresses.\n", content_type="text/plain")
        )
    body, content_type = render(request.headers.get("Accept", ""))
    return cache_never(HttpResponse(body, content_type=content_type))
