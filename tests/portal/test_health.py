"""/healthz and /readyz, as a load balancer or the proxy's probe reads them."""

from unittest import mock

import pytest
from django.db import connection

from portal import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_checks_the_database_and_is_never_cached(client, page_cache):
    for _ in range(2):
        response = client.get("/readyz")
        assert response.status_code == 200 and response.content.decode().startswith("ok\ndatabase: ok\ncache: ok")
        assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response


def test_readyz_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=health_error()):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "database: unreachable" in response.content.decode()


def test_readyz_is_503_until_every_migration_is_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", set())
    with mock.patch("portal.health.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("articles", "0099_new")]
        response = client.get("/readyz")
    assert response.status_code == 503 and "migrations not applied" in response.content.decode()
    assert client.get("/readyz").status_code == 200  # applied now: looked up once, then remembered


def test_a_cache_outage_is_reported_but_keeps_the_instance_in_rotation(client):
    with mock.patch.object(health.cache, "set", side_effect=ConnectionError("redis down")):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert "cache: unreachable (pages render uncached)" in response.content.decode()


def health_error():
    from django.db import OperationalError

    return OperationalError("could not connect to server")
