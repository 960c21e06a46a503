"""gunicorn settings for Newsportal: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

With several workers, /metrics adds up every worker's figures through
prometheus-client's multiprocess mode: PROMETHEUS_MULTIPROC_DIR names an
empty folder that only this gunicorn uses. It is emptied at start (old
workers' files would count twice), and a worker that exits has its live
gauges removed.
"""

import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# The app logs one line per request with its X-Request-ID (LOG_REQUESTS); gunicorn's own access log would repeat it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
