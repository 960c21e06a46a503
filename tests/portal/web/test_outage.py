"""Telling "the database is down" from "this query is wrong", with errors the drivers really raise,
and the 503 page that answers the first."""

import copy
import logging
import sqlite3

import pytest
from django.db import DatabaseError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.test import RequestFactory

from portal.web import resilientcache
from portal.web.outage import database_unavailable, service_unavailable
from tests.helpers import requires_env
from tests.servers import free_port, unreachable_database

IS_POSTGRES = connection.vendor == "postgresql"


def raised(run):
    with pytest.raises(DatabaseError) as caught:
        run()
    return caught.value


def sqlite_wrapper(path, **options):
    """A Django SQLite connection of its own on `path` (whatever the default database is)."""
    return SQLiteWrapper({**copy.deepcopy(connection.settings_dict), "NAME": str(path), "OPTIONS": options}, "extra")


@pytest.mark.django_db
def test_a_database_that_cannot_be_reached_is_unavailable():
    with unreachable_database():
        error = raised(connection.ensure_connection)
    assert database_unavailable(error), repr(error.__cause__)


@pytest.mark.django_db
def test_a_query_against_a_missing_table_is_a_bug_not_an_outage():
    def query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_anywhere")

    assert not database_unavailable(raised(query))


def test_a_locked_sqlite_file_is_unavailable_but_its_missing_table_is_not(tmp_path, django_db_blocker):
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiting = sqlite_wrapper(path, timeout=0)
    with django_db_blocker.unblock():
        locked = raised(lambda: waiting.cursor().execute("SELECT * FROM t"))
        assert locked.__cause__.sqlite_errorname == "SQLITE_BUSY"
        assert database_unavailable(locked)
        holder.execute("ROLLBACK")
        assert not database_unavailable(raised(lambda: waiting.cursor().execute("SELECT * FROM missing")))
    waiting.close()
    holder.close()


def test_other_errors_are_not_outages():
    assert not database_unavailable(ValueError("bad page number"))
    assert not database_unavailable(None)


@requires_env("DATABASE_URL")
@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_errors_by_sqlstate():
    assert IS_POSTGRES, "DATABASE_URL must point to PostgreSQL for this test"

    def statement_timeout():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 10")
            cursor.execute("SELECT pg_sleep(1)")

    def tsquery_stack():  # issue 14's search of 33 dashes: a bad input, not an outage
        with connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery('english', %s)", ["-" * 40])

    timed_out = raised(statement_timeout)
    assert timed_out.__cause__.sqlstate == "57014" and database_unavailable(timed_out)
    assert not database_unavailable(raised(tsquery_stack))


def test_the_503_page_is_styled_standalone_and_kept_by_no_cache(settings, caplog):
    """Rendered with the database and the cache both unreachable: no query, no cache call, no wait."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    resilientcache.reset()
    request = RequestFactory().get("/business/")
    with caplog.at_level(logging.INFO), unreachable_database():
        response = service_unavailable(request)
    assert not [r for r in caplog.records if r.name == "portal.cache"]
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER) == "30"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>This page is briefly unavailable</h1>" in html
    assert "If you were sending a form, it did not arrive" in html
    assert "/static/css/site.css" in html


def test_retry_after_follows_the_setting(settings):
    settings.OUTAGE_RETRY_AFTER = 120
    assert service_unavailable(RequestFactory().get("/"))["Retry-After"] == "120"
