"""Request ids and structured logs: one reader's request followed from the proxy to a task worker."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.web.logs import JsonFormatter, RequestIdFilter
from tests.portal.web.cluster import ROOT


@pytest.fixture
def json_lines():
    """Every log record of the test, formatted as production's LOG_FORMAT=json handler would."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_the_proxys_request_id_comes_back_and_a_missing_one_is_made(client):
    response = client.get("/", HTTP_X_REQUEST_ID="varnish-1234.abcd")
    assert response["X-Request-ID"] == "varnish-1234.abcd"
    made = client.get("/")["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/")["X-Request-ID"] != made, "a new one each request"
    # Not a token: replaced, so nobody writes arbitrary text into our logs.
    forged = client.get("/", HTTP_X_REQUEST_ID='x" level=ERROR\nfake line')["X-Request-ID"]
    assert len(forged) == 32 and "\n" not in forged
    # Errors carry it too.
    assert client.get("/no-such-section/nothing/", HTTP_X_REQUEST_ID="r-404")["X-Request-ID"] == "r-404"


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_id(client, settings, json_lines, article):
    settings.LOG_REQUESTS = True
    response = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="proxy-42")
    assert response.status_code == 200
    [line] = [entry for entry in json_lines() if entry["logger"] == "portal.requests"]
    assert line["request_id"] == "proxy-42"
    assert (line["method"], line["path"], line["status"], line["view"]) == (
        "GET",
        article.get_absolute_url(),
        200,
        "articles:article",
    )
    assert line["level"] == "INFO" and line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_an_error_is_one_json_object_with_its_traceback(client, json_lines, monkeypatch):
    logger = logging.getLogger("portal.test")
    try:
        raise ValueError("broken on purpose")
    except ValueError:
        logger.exception("Something failed for %s", "a reader", extra={"article_id": 7})
    [entry] = [line for line in json_lines() if line["logger"] == "portal.test"]
    assert entry["message"] == "Something failed for a reader" and entry["level"] == "ERROR"
    assert entry["article_id"] == 7 and entry["request_id"] == "-"
    assert "ValueError: broken on purpose" in entry["exception"]


@pytest.mark.django_db(transaction=True)  # the signup's on_commit enqueues inside the request, as in production
def test_a_task_enqueued_by_a_request_logs_in_the_worker_with_the_same_id(client, settings, json_lines):
    """A signup (one request) queues the confirmation mail; the worker's lines carry the request's id."""
    from django_tasks_db.models import DBTaskResult

    from tests.newsletter.factories import NewsletterListFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    newsletter = NewsletterListFactory()
    response = client.post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.com", "lists": [newsletter.pk], "source": "footer", "website": ""},
        HTTP_X_REQUEST_ID="signup-777",
    )
    assert response.status_code in (302, 303), response.content[:500]
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", stdout=io.StringIO())
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    worker = [line for line in json_lines() if line.get("task_id") == str(task.pk)]
    assert worker, json_lines()
    assert {line["request_id"] for line in worker} == {"signup-777"}


def test_log_format_json_makes_every_line_json():
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.pop("DATABASE_URL", None)
    code = "import logging; logging.getLogger('portal.check').warning('disk %s full', '90%')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert {"logger": "portal.check", "level": "WARNING", "message": "disk 90% full", "request_id": "-"}.items() <= (
        entries[-1].items()
    )
