"""Real services a test starts and stops on purpose: a redis-server, a throwaway PostgreSQL cluster,
and Django's connection pointed at a database nobody serves.

Each runs on its own free port and is stopped by its PID. A missing binary
skips the test with the reason, except in CI (`CI` set), where it fails.
"""

import contextlib
import copy
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(path_or_name, why):
    """The binary's path; skip (or fail in CI) when it is not installed."""
    found = shutil.which(path_or_name) or (path_or_name if os.path.exists(path_or_name) else None)
    if found:
        return found
    message = f"{path_or_name} is not installed; {why}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so this must not skip)", pytrace=False)
    pytest.skip(message)


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


class RedisServer:
    """`redis-server` on its own port, no persistence; `stop()`, `pause()` (hung) and `start()` again."""

    def __init__(self, port=None):
        self.binary = require("redis-server", "the degrade tests stop a Redis of their own on purpose")
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)
        return self

    def stop(self):
        """Stop it (SIGTERM to its PID): connections are refused from now on."""
        if self.process and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self):
        """Freeze it (SIGSTOP): the kernel still accepts connections, nothing ever answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)


def postgres_bin(name):
    """A PostgreSQL server binary (Debian keeps them in /usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return require(found[-1] if found else name, "the degrade test stops a PostgreSQL cluster of its own")


class PostgresCluster:
    """A throwaway PostgreSQL cluster (initdb) on its own port: `stop()` mid-test, `start()` again.

    As root the server runs as the `postgres` user (PostgreSQL refuses root).
    """

    def __init__(self):
        self.initdb, self.pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        self.port = free_port()
        self.root = tempfile.mkdtemp(prefix="np-degrade-pg-")
        self.data = os.path.join(self.root, "data")
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres")
        self._run(self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args):
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", self.data, "-o", options, "-l", os.path.join(self.root, "log"), "-w", "start")
        return self

    def stop(self):
        """Stop it the way an outage does: open connections terminated, new ones refused."""
        self._run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")

    def destroy(self):
        subprocess.run([*self.as_user, self.pg_ctl, "-D", self.data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def unreachable_database(alias="default"):
    """For the block, Django's connection `alias` points at a database nobody serves: every query fails for real.

    PostgreSQL: a closed port (the driver's "connection refused"); SQLite: a
    file in a folder that does not exist ("unable to open database file").
    The test's own connection, with its data, is put back afterwards.
    """
    from django.db import connections

    original = connections[alias]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    elif original.vendor == "sqlite":
        folder = os.path.join(tempfile.gettempdir(), "np-no-such-folder")
        assert not os.path.exists(folder), f"{folder} must not exist: it stands for a database nobody serves"
        settings_dict["NAME"] = os.path.join(folder, "db.sqlite3")
    else:
        raise NotImplementedError(f"no unreachable {original.vendor} database to point at")
    broken = type(original)(settings_dict, alias)
    connections[alias] = broken
    try:
        yield
    finally:
        broken.close()
        connections[alias] = original


class LiveServerGate:
    """Counts the live server's requests in flight, and turns away those that come after the test.

    A page left with unsaved edits sends its autosave as a beacon when its tab
    closes (static/js/admin-desk.js). Arriving while the test database is
    flushed, such a request deadlocked the flush on PostgreSQL and left the
    rows to the next test. So the teardown closes the gate, waits for what is
    in flight, and anything later is answered 503 without touching the database.
    """

    def __init__(self, app):
        self.app = app
        self.open = True
        self.in_flight = 0
        self.last_seen = time.monotonic()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            if not self.open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"the test is over"]
            self.in_flight += 1
            self.last_seen = time.monotonic()
        try:
            # The body is read whole here (and the response closed, which ends Django's
            # request), so the request is over when this returns.
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            with self.lock:
                self.in_flight -= 1
                self.last_seen = time.monotonic()

    @classmethod
    def around(cls, live_server):
        """The gate in front of pytest-django's live server, put there the first time it is asked for."""
        httpd = live_server.thread.httpd
        gate = httpd.get_app()
        if not isinstance(gate, cls):
            gate = cls(gate)
            httpd.set_app(gate)
        return gate

    def close(self, quiet=0.3, limit=10.0):
        """Wait until nothing has been in flight for `quiet` seconds (at most `limit`), then shut."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                if not self.in_flight and time.monotonic() - self.last_seen >= quiet:
                    self.open = False
                    return
            time.sleep(0.05)
        with self.lock:
            self.open = False
