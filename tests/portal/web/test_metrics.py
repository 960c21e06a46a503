"""/metrics: what Prometheus scrapes, who may scrape it, and the figures adding up across gunicorn workers."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from portal.web import metrics
from tests.portal.web.cluster import Node, node_env

METRICS = "/metrics"
LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}


def scrape(client, **meta):
    response = client.get(METRICS, **{**LOOPBACK, **meta})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse_samples(response.content.decode())


def parse_samples(text):
    """{(sample name, frozenset of labels): value}."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0)


def growth(before, after, name, **labels):
    return value(after, name, **labels) - value(before, name, **labels)


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status_and_timed(client, article):
    before = scrape(client)
    for _ in range(2):
        assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/no-such-section/no-such-story/").status_code == 404
    after = scrape(client)

    def grew(name, **labels):
        return growth(before, after, name, **labels)

    assert grew("newsportal_http_requests_total", view="home", method="GET", status="200") == 2
    assert grew("newsportal_http_requests_total", view="articles:article", method="GET", status="200") == 1
    assert (
        sum(
            v - before.get(k, 0)
            for k, v in after.items()
            if k[0] == "newsportal_http_requests_total" and ("status", "404") in k[1]
        )
        == 1
    )
    assert grew("newsportal_http_request_duration_seconds_count", view="home") == 2
    assert grew("newsportal_http_request_duration_seconds_bucket", view="home", le="+Inf") == 2
    # One series per view, never per address: no article slug in any label.
    assert not any(article.slug in str(labels) for _name, labels in after)


@pytest.mark.django_db
def test_only_allowed_addresses_get_metrics_and_nothing_caches_them(client, settings):
    for meta in (
        {"REMOTE_ADDR": "203.0.113.9"},
        # Relayed by the proxy on this machine: loopback, but a reader's request.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"},
    ):
        response = client.get(METRICS, **meta)
        assert response.status_code == 403, meta
        assert "newsportal_" not in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get(METRICS, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(METRICS, **LOOPBACK).status_code == 403
    response = client.get(METRICS, REMOTE_ADDR="10.20.3.4")
    assert "no-store" in response["Cache-Control"]
    assert reverse("metrics") == METRICS


@pytest.mark.django_db
def test_page_cache_hits_and_purges_are_counted_through_the_api(client):
    before = scrape(client)
    metrics.page_cache(hit=True)
    metrics.page_cache(hit=True)
    metrics.page_cache(hit=False)
    metrics.cache_purge(keys=3)
    metrics.cache_purge(keys=1, ok=False)
    after = scrape(client)
    assert growth(before, after, "newsportal_page_cache_requests_total", result="hit") == 2
    assert growth(before, after, "newsportal_page_cache_requests_total", result="miss") == 1
    assert growth(before, after, "newsportal_cache_purges_total", result="ok") == 3
    assert growth(before, after, "newsportal_cache_purges_total", result="failed") == 1


@pytest.mark.django_db
def test_task_queue_depth_and_age_come_from_the_queue_table(client, settings):
    from django_tasks_db.models import DBTaskResult

    from newsletter.tasks import send_confirmation

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    empty = scrape(client)
    assert value(empty, "newsportal_task_queue_depth", queue="default") == 0
    for consent_id in (1, 2, 3):
        send_confirmation.enqueue(consent_id)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at").first().pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    samples = scrape(client)
    assert value(samples, "newsportal_task_queue_depth", queue="default") == 3
    assert 590 <= value(samples, "newsportal_task_queue_oldest_age_seconds", queue="default") <= 700
    assert value(samples, "newsportal_tasks_running", queue="default") == 0
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now())
    samples = scrape(client)
    assert value(samples, "newsportal_tasks_failed_last_hour", queue="default") == 3
    assert value(samples, "newsportal_task_queue_depth", queue="default") == 0


def test_every_gunicorn_worker_counts_into_one_scrape(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR: four workers, one answer adding them all up."""
    env = node_env(tmp_path, PROMETHEUS_MULTIPROC_DIR=tmp_path / "prometheus")
    node = Node(env, tmp_path, "metrics", workers=4).start()

    def robots_txt(_):
        with urllib.request.urlopen(f"{node.base}/robots.txt", timeout=10) as response:
            return response.status

    sent = 0
    try:
        # Eight at a time, so that more than one worker answers; on a busy machine the other workers may
        # still be booting, so go on (bounded) until two of them have counted something.
        with ThreadPoolExecutor(max_workers=8) as pool:
            for _ in range(25):
                assert set(pool.map(robots_txt, range(8))) == {200}
                sent += 8
                pids = {path.name for path in (tmp_path / "prometheus").glob("counter_*.db")}
                if sent >= 40 and len(pids) >= 2:
                    break
        with urllib.request.urlopen(f"{node.base}{METRICS}", timeout=10) as response:
            samples = parse_samples(response.read().decode())
    finally:
        node.stop()
    # The readiness probe of Node.start() asked for robots.txt too, once or more.
    robots = value(samples, "newsportal_http_requests_total", view="portal:robots", method="GET", status="200")
    assert sent + 1 <= robots <= sent + 5
    assert len(pids) >= 2, "several workers answered, each with its own file"
    # The database has no tables here: the queue collector is reported failing, and the scrape still works.
    assert value(samples, "newsportal_metrics_collector_errors", collector="task_queue") == 1
