"""Read replicas, end to end: a real PostgreSQL 15 primary and streaming replica, gunicorn in front.

The replica's replay is paused to tell its reads apart: a paused replica
shows the past, so a page that still shows the old text was read from it.
"""

import os
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.db import OperationalError, transaction
from django.urls import resolve

from articles.models import Category
from tests.html import parse, text
from tests.portal.web.cluster import Browser, Cluster, Node, manage, site_env

# They start their own primary and replica, and run with the PostgreSQL suite (CI's second run).
with_real_replica = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the replica tests run with the PostgreSQL suite (DATABASE_URL=postgres://…)",
    ),
]


def real_replica(test):
    for mark in with_real_replica:
        test = mark(test)
    return test


EDITOR, PASSWORD = "desk", "desk-pw-for-tests-only"
BEFORE = "Markets before the change."

SETUP = f"""
from django.contrib.auth import get_user_model
from articles.models import Category
get_user_model().objects.create_superuser("{EDITOR}", "desk@example.com", "{PASSWORD}")
Category.objects.create(name="Business", slug="business", description="{BEFORE}")
"""


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("replicas")


@pytest.fixture(scope="module")
def cluster(workdir):
    cluster = Cluster()
    try:
        cluster.start()
        env = site_env(cluster, workdir)
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", SETUP)
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def node(cluster, workdir):
    node = Node(site_env(cluster, workdir, REPLICA_MAX_LAG_SECONDS=120), workdir, "node")
    try:
        yield node.start()
    finally:
        node.stop()


def description(html):
    """The section description a reader sees at the top of the section page."""
    return text(parse(html).cssselect("main")[0])


def set_description(cluster, value):
    """A change made elsewhere (another node, the shell), straight on the primary."""
    cluster.sql(cluster.primary_port, "UPDATE articles_category SET description = %s WHERE slug = 'business'", value)


def section_pk(cluster):
    return cluster.sql(cluster.primary_port, "SELECT id FROM articles_category WHERE slug = 'business'")[0][0]


@real_replica
def test_readers_read_from_the_replica_and_an_editor_sees_their_own_change(cluster, node):
    reader = Browser(node.base)
    status, html, _ = reader.get("/business/")
    assert status == 200 and BEFORE in description(html)
    sessions = cluster.sql(
        cluster.replica_port, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'newsportal-replica_1'"
    )
    assert sessions[0][0] >= 1, "the site keeps a connection to the replica"

    editor = Browser(node.base)
    editor.log_in(EDITOR, PASSWORD)
    cluster.pause_replay()
    try:
        status, html, _ = editor.submit(
            f"/admin/articles/category/{section_pk(cluster)}/change/",
            {"description": "Markets after the editor's change."},
            "form#category_form",
        )
        assert status == 200 and "was changed successfully" in html
        # The editor's write pinned their reads to the primary: they see it at once.
        status, html, _ = editor.get("/business/")
        assert status == 200 and "Markets after the editor's change." in description(html)
        # A reader's page comes from the replica, which has not applied the change yet.
        status, html, _ = reader.get("/business/")
        assert status == 200 and BEFORE in description(html)
        assert not reader.cookie_names(), "readers who only read get no cookie"
    finally:
        cluster.resume_replay()
    # Replication is asynchronous: once replayed, a reader's next pages show the change (allow a moment).
    deadline = time.monotonic() + 10
    while True:
        status, html, _ = reader.get("/business/")
        if "Markets after the editor's change." in description(html) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert "Markets after the editor's change." in description(html), "the replica caught up"


@real_replica
def test_a_reader_who_sent_a_form_reads_their_own_write(cluster, node):
    reader = Browser(node.base)
    cluster.pause_replay()
    try:
        set_description(cluster, "Changed while the reader writes.")
        status, html, _ = reader.submit(
            "/contact/",
            {"name": "Ada Reader", "email": "ada@example.com", "subject": "A question", "message": "Hello."},
            "form.reader-form",
        )
        assert status == 200, html[:500]
        assert "np_primary" in reader.cookie_names(), "the write pinned this reader to the primary"
        cookie = next(c for c in reader.cookies if c.name == "np_primary")
        assert cookie.has_nonstandard_attr("HttpOnly"), "scripts cannot read the pin"
        status, html, _ = reader.get("/business/")
        assert "Changed while the reader writes." in description(html), "pinned: read from the primary"
        status, html, _ = Browser(node.base).get("/business/")
        assert "Changed while the reader writes." not in description(html), "others still read the replica"
    finally:
        cluster.resume_replay()


@real_replica
def test_a_replica_that_lags_is_skipped(cluster, workdir):
    lagging = Node(
        site_env(cluster, workdir, REPLICA_MAX_LAG_SECONDS=1, REPLICA_CHECK_SECONDS=0.2), workdir, "lagging"
    ).start()
    try:
        reader = Browser(lagging.base)
        assert reader.get("/business/")[0] == 200
        cluster.pause_replay()
        try:
            set_description(cluster, "Written while the replica lags.")
            time.sleep(2)
            status, html, _ = reader.get("/business/")
            assert status == 200 and "Written while the replica lags." in description(html), "read from the primary"
            assert "Replica replica_1 skipped, reads go to the primary: lags" in lagging.log()
        finally:
            cluster.resume_replay()
        deadline = time.monotonic() + 20
        while "Replica replica_1 is back" not in lagging.log() and time.monotonic() < deadline:
            reader.get("/business/")
            time.sleep(0.3)
        assert "Replica replica_1 is back" in lagging.log()
    finally:
        lagging.stop()


@real_replica
def test_pages_stay_up_when_the_replica_stops(cluster, node):
    reader = Browser(node.base)
    assert reader.get("/business/")[0] == 200
    set_description(cluster, "Written before the replica went down.")
    cluster.wait_caught_up()
    cluster.stop_replica()
    try:
        for _ in range(6):  # both gunicorn workers, several times
            status, html, _ = reader.get("/business/")
            assert status == 200, html[:500]
            assert "Written before the replica went down." in description(html)
        assert "Replica replica_1 skipped, reads go to the primary: unreachable" in node.log()
        assert "Internal Server Error" not in node.log()
    finally:
        cluster.start_replica()


# --- In process: the router's rules and the fallback when a replica fails mid-page ---------


@pytest.fixture
def replica_request(settings):
    from portal.web import dbrouter

    settings.DATABASE_REPLICAS = ["replica_1"]
    dbrouter.forget_health()
    yield dbrouter
    dbrouter.forget_health()


def test_workers_transactions_and_primary_only_models_read_the_primary(replica_request, db):
    router, dbrouter = replica_request.ReplicaRouter(), replica_request
    # No request: a worker, a command, the shell.
    assert router.db_for_read(Category) == "default"
    reads = dbrouter.RequestReads(replica_allowed=True, chosen="replica_1")
    token = dbrouter._request.set(reads)
    try:
        assert router.db_for_read(Session) == "default", "sessions and users: always the primary"
        with transaction.atomic():
            pass
        # The test itself runs in a transaction: the router keeps reads on the primary.
        assert router.db_for_read(Category) == "default"
        assert router.db_for_write(Category) == "default" and reads.wrote
    finally:
        dbrouter._request.reset(token)
    assert router.allow_migrate("replica_1", "articles") is False and router.allow_migrate("default", "articles")


def test_a_replica_failing_mid_page_is_skipped_and_the_page_served_from_the_primary(replica_request, rf, db, caplog):
    dbrouter = replica_request
    request = rf.get("/")
    request.resolver_match = resolve("/")
    request.user = AnonymousUser()
    reads = dbrouter.RequestReads(replica_allowed=True, chosen="replica_1", used={"replica_1"})
    token = dbrouter._request.set(reads)
    try:
        response = dbrouter.ReplicaMiddleware(lambda r: None).process_exception(
            request, OperationalError("server closed the connection unexpectedly")
        )
    finally:
        dbrouter._request.reset(token)
    assert response.status_code == 200 and b"<html" in response.content, "the reader gets the page, not an error"
    assert reads.chosen == "" and dbrouter._health["replica_1"].healthy is False
    assert "Replica replica_1 skipped, reads go to the primary: a query failed (OperationalError)" in caplog.text
