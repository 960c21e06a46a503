"""The processes of the rehearsal (scripts/cluster.py): each started on a free local port, each stopped by PID.

Real engines, no containers: Debian's PostgreSQL 15 server binaries (a
primary and a streaming replica made with pg_basebackup -R), redis-server,
moto's S3 server, gunicorn, Django's db_worker, varnishd and a small SMTP
sink that records which Message-ID reached which recipient.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PGBIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(check, what, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(interval)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def http_status(url, timeout=5.0, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Processes:
    """Every process the rehearsal starts, so that all of them are stopped, in reverse order, whatever happens."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.running = []  # (name, Popen)
        self.clusters = []  # PostgreSQL data directories, stopped with pg_ctl

    def start(self, name, args, *, env=None, cwd=ROOT):
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append((name, process))
        return process

    def kill(self, name, sig=signal.SIGKILL):
        for entry in list(self.running):
            if entry[0] == name:
                os.killpg(entry[1].pid, sig)
                entry[1].wait(timeout=30)
                self.running.remove(entry)

    def stop_all(self):
        for _name, process in reversed(self.running):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(process.pid, signal.SIGKILL)
        self.running.clear()
        for data in reversed(self.clusters):
            as_postgres([PGBIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], check=False)
        self.clusters.clear()


# --- PostgreSQL -----------------------------------------------------------------


def as_postgres(args, check=True):
    """Run a server binary as the postgres user when we are root (initdb and postgres refuse root)."""
    args = [str(a) for a in args]
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=check, capture_output=True, text=True)


def postgres_primary(procs, port):
    data = procs.workdir / "pg-primary"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(procs.workdir, "postgres", "postgres")
    as_postgres([PGBIN / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-instructions"])
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {port}\nlisten_addresses = '{HOST}'\nunix_socket_directories = '{procs.workdir}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nfsync = off\n"
            "max_connections = 200\nshared_buffers = 128MB\n"
        )
    start_cluster(procs, data)
    return data


def postgres_replica(procs, primary_port, port):
    data = procs.workdir / "pg-replica"
    as_postgres([PGBIN / "pg_basebackup", "-h", HOST, "-p", primary_port, "-U", "postgres", "-D", data, "-R", "-X",
                 "stream"])  # fmt: skip
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"port = {port}\n")
    start_cluster(procs, data)
    return data


def start_cluster(procs, data):
    as_postgres([PGBIN / "pg_ctl", "-D", data, "-l", data / "server.log", "-w", "start"])
    procs.clusters.append(data)


def stop_cluster(procs, data):
    as_postgres([PGBIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
    procs.clusters.remove(data)


# --- Redis, S3, SMTP, the app, the proxy ----------------------------------------------


def redis(procs, port):
    procs.start("redis", ["redis-server", "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"])
    wait_for(lambda: socket.create_connection((HOST, port), timeout=1).close() is None, "Redis")


def s3(procs, port):
    server = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    procs.start("s3", [server, "-H", HOST, "-p", str(port)])
    wait_for(lambda: http_status(f"http://{HOST}:{port}/") < 500, "the S3 server")


def smtp_sink(procs, port, record):
    procs.start("smtp", [sys.executable, __file__, "smtp-sink", str(port), str(record)])
    wait_for(lambda: socket.create_connection((HOST, port), timeout=1).close() is None, "the SMTP sink")


def gunicorn(procs, name, port, env, workers=2):
    args = [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--workers", str(workers), "--bind",
            f"{HOST}:{port}", "--access-logfile", "-", "--graceful-timeout", "5"]  # fmt: skip
    procs.start(name, args, env=env)
    wait_for(lambda: http_status(f"http://{HOST}:{port}/healthz") == 200, f"gunicorn {name}")


def db_worker(procs, name, env):
    args = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2",
            "--worker-id", name]  # fmt: skip
    procs.start(name, args, env=env)


def varnish(procs, port, backends):
    """varnishd with the shipped VCL, balancing `backends` [(name, port)], purges allowed from this machine."""
    includes = procs.workdir / "vcl"
    includes.mkdir(exist_ok=True)
    lines = []
    for name, backend_port in backends:
        lines.append(f'backend {name} {{ .host = "{HOST}"; .port = "{backend_port}"; .probe = np_readyz; }}')
    adds = "".join(f"    np_cluster.add_backend({name});\n" for name, _ in backends)
    (includes / "backends.vcl").write_text("\n".join(lines) + f"\nsub np_add_backends {{\n{adds}}}\n")
    (includes / "purge_acl.vcl").write_text(f'acl np_purgers {{ "{HOST}"; "::1"; }}\n')
    args = ["varnishd", "-F", "-j", "none", "-n", str(procs.workdir / "varnish"), "-a", f"{HOST}:{port}",
            "-T", f"{HOST}:0", "-f", str(ROOT / "deploy" / "varnish" / "newsportal.vcl"), "-s", "malloc,256m",
            "-p", f"vcl_path={includes}:/usr/share/varnish/vcl"]  # fmt: skip
    procs.start("varnish", args)
    wait_for(lambda: http_status(f"http://{HOST}:{port}/healthz") == 200, "Varnish", timeout=30)


def backend_health(procs):
    result = subprocess.run(["varnishadm", "-n", str(procs.workdir / "varnish"), "backend.list"],
                            capture_output=True, text=True)  # fmt: skip
    return result.stdout


def wrk(url, duration, connections):
    """{rps, p99 (ms), non2xx, errors} of one bounded wrk run against our own proxy or node."""
    import re

    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": p99,
        "non2xx": int(bad.group(1)) if bad else 0,
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


# --- The SMTP sink's own process ----------------------------------------------------


def run_smtp_sink(port, record):
    """Accept every message; append "recipient message-id" for each to `record` (one line each)."""
    out = open(record, "a", buffering=1)  # noqa: SIM115 - lives as long as the process

    async def session(reader, writer):
        writer.write(b"220 sink ESMTP\r\n")
        recipients = []
        while line := await reader.readline():
            command = line[:4].upper()
            if command == b"EHLO":
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif command == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                writer.write(b"250 ok\r\n")
            elif command == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                message = await reader.readuntil(b"\r\n.\r\n")
                headers = message.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
                found = [h.split(b":", 1)[1].strip() for h in headers if h.lower().startswith(b"message-id:")]
                message_id = found[0].decode() if found else ""
                for recipient in recipients:
                    out.write(f"{recipient} {message_id}\n")
                recipients = []
                writer.write(b"250 ok\r\n")
            elif command == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # HELO, MAIL, RSET, NOOP
                if command == b"RSET":
                    recipients = []
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(session, HOST, port, limit=2**22)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


if __name__ == "__main__" and sys.argv[1:2] == ["smtp-sink"]:
    run_smtp_sink(int(sys.argv[2]), sys.argv[3])
