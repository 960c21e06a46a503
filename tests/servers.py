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
