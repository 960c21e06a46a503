"""Structured logs that follow one request: the proxy's X-Request-ID, in every line.

`RequestIdMiddleware` takes the id the proxy sends (X-Request-ID), or makes
one, returns it in the response header and keeps it for the request's log
lines; `RequestIdFilter` adds it to every record as `request_id`. A task
enqueued during the request carries it into the worker (kept in the cache
under the task's id), so `grep <id>` finds the proxy's line, gunicorn's and
the worker's. With LOG_FORMAT=json, `JsonFormatter` writes one JSON object a
line.
"""

import contextlib
import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

HEADER = "X-Request-ID"
#: What we accept from the proxy: a token, not arbitrary text in our logs.
VALID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
TASK_KEY = "logs:task-request:{id}"
#: Seconds a queued task remembers the request that enqueued it.
TASK_KEY_SECONDS = 7 * 24 * 3600

request_id = contextvars.ContextVar("request_id", default="")
task_id = contextvars.ContextVar("task_id", default="")

access_logger = logging.getLogger("portal.requests")


def current_request_id():
    """The id of the request (or task) being served, "" outside one."""
    return request_id.get()


def new_request_id():
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later log line of the request carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        rid = given if VALID.match(given) else new_request_id()
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            if settings.LOG_REQUESTS:
                match = getattr(request, "resolver_match", None)
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.get_full_path()[:500],
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path[:500],
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "view": match.view_name if match else "",
                    },
                )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (and `task_id` in a worker) to every record."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get() or "-"
        if not getattr(record, "task_id", ""):
            record.task_id = task_id.get()
        return True


#: Attributes every LogRecord has; anything else came through `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, and any extra fields."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get() or "-",
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if not entry.get("task_id"):
            entry.pop("task_id", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The plain format: time, level, logger, the request id in brackets, the message."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def logging_config(fmt, level):
    """settings.LOGGING: one console handler at the root, every record with its request id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.web.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "portal.web.logs.JsonFormatter"},
            "text": {"()": "portal.web.logs.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's default config gives "django" its own console handler; one
            # handler at the root is enough, or every line is printed twice.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "INFO"},
        },
    }


# --- Tasks: the request id travels with the work it enqueued -------------------


def _remember_request(sender, task_result, **kwargs):
    rid = request_id.get()
    if not rid:
        return
    from django.core.cache import cache

    try:
        cache.set(TASK_KEY.format(id=task_result.id), rid, TASK_KEY_SECONDS)
    except Exception:  # a cache outage must not stop the work being queued
        logging.getLogger(__name__).debug("Could not remember the request of task %s", task_result.id)


_task_tokens = {}


def _task_started(sender, task_result, **kwargs):
    from django.core.cache import cache

    rid = ""
    try:
        rid = cache.get(TASK_KEY.format(id=task_result.id)) or ""
    except Exception:
        rid = ""
    tokens = [task_id.set(str(task_result.id))]
    if rid:
        tokens.append(request_id.set(rid))
    elif not request_id.get():
        tokens.append(request_id.set(f"task-{task_result.id}"))
    _task_tokens[str(task_result.id)] = tokens


def _task_finished(sender, task_result, **kwargs):
    for token in reversed(_task_tokens.pop(str(task_result.id), [])):
        with contextlib.suppress(ValueError):  # set in another context: nothing to undo here
            token.var.reset(token)


def connect_task_signals():
    """Carry request ids from the request that enqueued a task to the worker that runs it."""
    from django_tasks.signals import task_enqueued, task_finished, task_started

    task_enqueued.connect(_remember_request, dispatch_uid="portal.web.logs.enqueued")
    task_started.connect(_task_started, dispatch_uid="portal.web.logs.started")
    task_finished.connect(_task_finished, dispatch_uid="portal.web.logs.finished")
