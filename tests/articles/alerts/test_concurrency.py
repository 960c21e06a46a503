"""Two workers at once, each on its own database connection (threads), on PostgreSQL: SKIP LOCKED and the
conditional claim share the ledger between them, and no browser gets an alert twice, whatever the interleaving."""

import os
import threading

import pytest
from django.db import connection

from articles.alerts.delivery import alert_deliver
from articles.alerts.models import Alert, AlertDelivery
from tests.articles.alerts.support import subscribe
from tests.helpers import requires_env

IS_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@requires_env("DATABASE_URL")
@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="DATABASE_URL is not PostgreSQL; SKIP LOCKED needs it")
def test_two_workers_at_once_push_nothing_twice(transactional_db, article, push_service):
    browsers = [push_service.browser() for _ in range(60)]
    for browser in browsers:
        subscribe(browser)
    alert = Alert.objects.create(article=article, category=article.category, title="Rates cut", url="/x/")
    results, errors = {}, []
    start = threading.Barrier(2, timeout=30)

    def work(name):
        try:
            start.wait()
            results[name] = alert_deliver(alert=Alert.objects.get(pk=alert.pk), worker_id=name, batch_size=3)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and not any(thread.is_alive() for thread in threads)
    assert [len(browser.received) for browser in browsers] == [1] * 60
    assert results["w1"].sent + results["w2"].sent == 60
    assert AlertDelivery.objects.filter(alert=alert, status="sent").count() == 60
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.SENT
