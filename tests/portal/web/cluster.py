"""Real processes for the scale-out tests: a PostgreSQL 15 primary with a streaming
replica (`pg_basebackup -R`), and gunicorn serving the site against them.

Everything runs on free ports of 127.0.0.1 with data in a temporary folder,
and is stopped by PID (`pg_ctl stop -m fast`, SIGTERM to gunicorn) at the end.
"""

import http.cookiejar
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.html import parse

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def need_postgres_binaries():
    """The server binaries, or a skip (a failure in CI, where nothing may skip)."""
    missing = [name for name in ("initdb", "pg_ctl", "pg_basebackup", "postgres") if not (PG_BIN / name).exists()]
    if missing:
        message = (
            f"PostgreSQL server binaries {', '.join(missing)} not found in {PG_BIN} (apt-get install postgresql-15)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class Cluster:
    """A throw-away primary and one streaming replica; `stop()` ends both."""

    def __init__(self):
        need_postgres_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="newsportal-pg-"))
        # initdb refuses to run as root: the servers run as the postgres user then.
        self.as_user = os.geteuid() == 0
        if self.as_user:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.primary_dir, self.replica_dir = self.root / "primary", self.root / "replica"
        self.primary_port, self.replica_port = free_port(), free_port()
        self.database = "newsportal_replicas"
        self.running = set()

    def _run(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_user else []
        return subprocess.run(
            [*prefix, *map(str, command)], check=check, capture_output=True, text=True, cwd=self.root, timeout=120
        )

    def start(self):
        self._run(PG_BIN / "initdb", "-D", self.primary_dir, "-U", "postgres", "-A", "trust", "--no-sync")
        with open(self.primary_dir / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.primary_port}\n"
                f"unix_socket_directories = '{self.root}'\nwal_level = replica\nmax_wal_senders = 5\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        with open(self.primary_dir / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self._pg_ctl(self.primary_dir, "start")
        self._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres", self.database)
        self._run(
            PG_BIN / "pg_basebackup",
            *("-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres"),
            *("-D", self.replica_dir, "-R", "-X", "stream", "--no-sync"),
        )
        with open(self.replica_dir / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\n")
        self.start_replica()
        return self

    def _pg_ctl(self, data_dir, action):
        log = self.root / f"{data_dir.name}.log"
        if action == "start":
            self._run(PG_BIN / "pg_ctl", "-D", data_dir, "-l", log, "-w", "-t", "60", "start")
            self.running.add(data_dir)
        else:
            self._run(PG_BIN / "pg_ctl", "-D", data_dir, "-m", "fast", "-w", "stop", check=False)
            self.running.discard(data_dir)

    def start_replica(self):
        self._pg_ctl(self.replica_dir, "start")

    def stop_replica(self):
        self._pg_ctl(self.replica_dir, "stop")

    def stop(self):
        for data_dir in (self.replica_dir, self.primary_dir):
            if data_dir in self.running:
                self._pg_ctl(data_dir, "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, port):
        return f"postgres://postgres@127.0.0.1:{port}/{self.database}"

    @property
    def primary_url(self):
        return self.url(self.primary_port)

    @property
    def replica_url(self):
        return self.url(self.replica_port)

    def sql(self, port, query, *params):
        import psycopg

        with psycopg.connect(self.url(port), autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def pause_replay(self):
        """Stop the replica applying what it receives: it now shows the past, which tells its reads apart."""
        # A fresh commit first: the replica's lag counts from the last transaction it replayed.
        import psycopg

        with psycopg.connect(self.url(self.primary_port).rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute("CREATE TABLE IF NOT EXISTS replica_probe (at timestamptz)")
            db.execute("INSERT INTO replica_probe VALUES (now())")
        self.wait_caught_up()
        self.sql(self.replica_port, "SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.sql(self.replica_port, "SELECT pg_wal_replay_resume()")
        self.wait_caught_up()

    def wait_caught_up(self, timeout=30):
        target = self.sql(self.primary_port, "SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sql(self.replica_port, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)[0][0]:
                return
            time.sleep(0.1)
        raise AssertionError("the replica did not catch up with the primary")


def node_env(workdir, **extra):
    """The environment of a production-like node (DEBUG off, no cache, immediate tasks, files in `workdir`)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "CACHE_", "PROMETHEUS_", "LOG_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="False",
        SECRET_KEY="replica-tests-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        WHITENOISE_USE_FINDERS="True",
        CACHE_URL="dummycache://",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_URL="dummymail://",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        IMPORT_ROOT=str(workdir / "imports"),
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        CONN_MAX_AGE="60",
        LOG_LEVEL="INFO",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def site_env(cluster, workdir, **extra):
    """A node using the cluster's primary and replica."""
    return node_env(workdir, DATABASE_URL=cluster.primary_url, DATABASE_REPLICA_URLS=cluster.replica_url, **extra)


def manage(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


class Node:
    """gunicorn with two workers serving the site; `stop()` ends it by PID."""

    def __init__(self, env, workdir, name="node", workers=2):
        self.port = free_port()
        self.workers = workers
        self.log_path = workdir / f"{name}.log"
        self.env = env
        self.process = None

    def start(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    *("-c", str(ROOT / "deploy" / "gunicorn.conf.py")),
                    "portal.wsgi",
                    *("--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "60"),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/robots.txt", timeout=5):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise AssertionError(f"gunicorn did not answer:\n{self.log()[-3000:]}")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Browser:
    """A person's browser: keeps cookies, follows redirects, submits forms with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path):
        return self.request(path)

    def cookie_names(self):
        return {cookie.name for cookie in self.cookies}

    def submit(self, path, overrides, form_selector):
        """Open the page, fill in the form as it is with `overrides`, and post it."""
        status, html, _ = self.get(path)
        assert status == 200, (path, status, html[:500])
        form = parse(html).cssselect(form_selector)[0]
        data = []
        for element in form.cssselect("input, select, textarea"):
            name = element.get("name")
            kind = (element.get("type") or "").lower()
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    data.append((name, element.get("value") or "on"))
            elif element.tag == "select":
                chosen = [
                    o.get("value", o.text or "") for o in element.cssselect("option") if o.get("selected") is not None
                ]
                data.extend((name, value) for value in chosen)
            elif element.tag == "textarea":
                data.append((name, element.text or ""))
            else:
                data.append((name, element.get("value") or ""))
        data = [(name, value) for name, value in data if name not in overrides] + list(overrides.items())
        return self.request(path, data, headers={"Referer": self.base + path})

    def log_in(self, username, password):
        status, html, _ = self.submit("/admin/login/", {"username": username, "password": password}, "form#login-form")
        assert status == 200 and "Log out" in html, html[:1000]
