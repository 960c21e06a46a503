"""The processes a benchmark starts: gunicorn for a checkout, Varnish in front, nginx serving a file."""

import gzip
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"  # only ever load our own servers


def free_port():
    with socket.socket() as sock:  # a free port, so a running `make run` is never in the way
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:  # URLError, refused, reset, timeout: not up yet
            time.sleep(0.3)
    sys.exit(f"{url} did not answer. The log:\n{Path(log_path).read_text()[-3000:]}")


class Gunicorn:
    """gunicorn with 2 sync workers serving the checkout at `root` with `env`."""

    def __init__(self, root, env, log_path, workers=2):
        self.root, self.env, self.log_path, self.workers = root, env, Path(log_path), workers
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"

    def __enter__(self):
        self.log = self.log_path.open("w")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"{HOST}:{self.port}",
        ]
        # Own session: Ctrl-C reaches only the benchmark, which then stops gunicorn itself.
        self.process = subprocess.Popen(
            command, cwd=self.root, env=self.env, stdout=self.log, stderr=self.log, start_new_session=True
        )
        wait_until_up(self.base + "/", self.process, self.log_path)  # older revisions have no /healthz
        return self

    def __exit__(self, *exc):
        self.process.terminate()  # SIGTERM: the gunicorn master stops its workers, then itself
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


NGINX_CONF = """
daemon off;
worker_processes 1;
error_log {dir}/error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen {host}:{port};
        root {dir}/www;
        location / {{ default_type text/html; add_header Content-Encoding gzip; add_header Vary Accept-Encoding; }}
    }}
}}
"""


class StaticFile:
    """nginx serving one HTML file, gzipped: the ceiling any cache in front can reach on this machine.

    Gzipped as Varnish keeps a page (it asks the app for gzip and stores that), so both send the same bytes.
    """

    def __init__(self, workdir, html: bytes):
        self.dir = Path(workdir) / "nginx"
        (self.dir / "www").mkdir(parents=True, exist_ok=True)
        # nginx's workers run as an unprivileged user: they must be able to walk to the file (mkdtemp is 0700).
        for folder in (Path(workdir).parent, Path(workdir), self.dir, self.dir / "www"):
            folder.chmod(folder.stat().st_mode | 0o755)
        (self.dir / "www" / "page.html").write_bytes(gzip.compress(html, mtime=0))
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}/page.html"

    def __enter__(self):
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, host=HOST, port=self.port))
        log = self.dir / "run.log"
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf)], stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_until_up(self.url, self.process, log)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=15)
