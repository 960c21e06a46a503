#!/usr/bin/env python
"""Rehearse the production shape on one machine, with real processes, and prove it holds (`make cluster`).

Starts a PostgreSQL primary and a streaming replica, Redis, an S3-compatible
endpoint (moto), two gunicorn nodes, two task workers and Varnish balancing
the nodes; seeds the demo content; then runs the seven checks below, printing
each result. Stops everything it started, by PID, and exits non-zero if any
check failed.

    make cluster                       # 10,000 articles
    make cluster CLUSTER_ARGS="--articles 2000 --subscribers 5000"
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster_procs as cp  # noqa: E402
from cluster_client import AdminSession, create_editor, seed_issue  # noqa: E402

ROOT = cp.ROOT
HOST = cp.HOST
MEDIA_BUCKET, PRIVATE_BUCKET = "np-media", "np-private"
MEDIA_DOMAIN = "media.newsportal.test"  # the same public media address whichever bucket serves it


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="demo articles (default 10000)")
    parser.add_argument("--subscribers", type=int, default=20_000, help="newsletter recipients (default 20000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load per page (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs, data) afterwards")
    return parser.parse_args()


def storage_url(bucket, endpoint, *, public):
    query = f"endpoint_url={endpoint}&region=us-east-1"
    return f"s3://{bucket}?{query}" + (f"&custom_domain={MEDIA_DOMAIN}" if public else "")


def environment(ports, workdir, *, database="newsportal", media_bucket=MEDIA_BUCKET):
    endpoint = f"http://{HOST}:{ports['s3']}"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="False",
        SECRET_KEY="cluster-rehearsal-" + "k" * 40,  # the same on every node, as in production
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",
        # Plain HTTP on 127.0.0.1: a browser (and the rehearsal's cookie jar) never sends Secure cookies back.
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=f"postgres://postgres@{HOST}:{ports['primary']}/{database}",
        DATABASE_REPLICA_URLS=f"postgres://postgres@{HOST}:{ports['replica']}/{database}",
        REDIS_URL=f"redis://{HOST}:{ports['redis']}/0",
        MEDIA_STORAGE_URL=storage_url(media_bucket, endpoint, public=True),
        PRIVATE_STORAGE_URL=storage_url(PRIVATE_BUCKET, endpoint, public=False),
        AWS_ACCESS_KEY_ID="rehearsal",
        AWS_SECRET_ACCESS_KEY="rehearsal",
        CACHE_PURGE_URLS=f"http://{HOST}:{ports['varnish']}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_URL=f"smtp://{HOST}:{ports['smtp']}",
        NEWSLETTER_SEND_TASKS="2",
        NEWSLETTER_LEASE_SECONDS="10",  # a killed worker's rows are taken over after 10 s
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    for name in ("MEDIA_ROOT", "CACHE_URL"):
        env.pop(name, None)
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def make_buckets(ports, *names):
    import boto3

    client = boto3.client("s3", endpoint_url=f"http://{HOST}:{ports['s3']}", region_name="us-east-1",
                          aws_access_key_id="rehearsal", aws_secret_access_key="rehearsal")  # fmt: skip
    for name in names:
        client.create_bucket(Bucket=name)
    return client


class Rehearsal:
    def __init__(self, args, workdir):
        self.args, self.workdir = args, Path(workdir)
        self.procs = cp.Processes(workdir)
        self.ports = {name: cp.free_port() for name in ("primary", "replica", "redis", "s3", "smtp", "a", "b", "c",
                                                        "varnish")}  # fmt: skip
        self.env = environment(self.ports, self.workdir)
        self.results = []  # (check, ok, detail)
        self.sent_log = self.workdir / "sent.txt"

    @property
    def proxy(self):
        return f"http://{HOST}:{self.ports['varnish']}"

    def node(self, name):
        return f"http://{HOST}:{self.ports[name]}"

    # --- setting up --------------------------------------------------------

    def start(self):
        step = self.say
        step("PostgreSQL primary and streaming replica")
        self.primary = cp.postgres_primary(self.procs, self.ports["primary"])
        subprocess.run(["createdb", "-h", HOST, "-p", str(self.ports["primary"]), "-U", "postgres", "newsportal"],
                       check=True)  # fmt: skip
        self.replica = cp.postgres_replica(self.procs, self.ports["primary"], self.ports["replica"])
        step("Redis, S3 (moto), SMTP sink")
        cp.redis(self.procs, self.ports["redis"])
        cp.s3(self.procs, self.ports["s3"])
        self.s3 = make_buckets(self.ports, MEDIA_BUCKET, PRIVATE_BUCKET)
        cp.smtp_sink(self.procs, self.ports["smtp"], self.sent_log)
        step(f"migrate, collectstatic, seed {self.args.articles:,} articles (pictures go to the bucket)")
        # Nothing to purge yet: Varnish starts after the seed.
        seeding = {**self.env, "CACHE_PURGE_URLS": ""}
        manage(seeding, "migrate", "--noinput", "-v", "0")
        manage(seeding, "collectstatic", "--noinput", "-v", "0")
        manage(seeding, "seed_demo", "--articles", str(self.args.articles))
        manage(seeding, "seed_pages")
        manage(seeding, "seed_newsletter")
        step("two gunicorn nodes, two task workers, Varnish in front")
        cp.gunicorn(self.procs, "node-a", self.ports["a"], self.env)
        cp.gunicorn(self.procs, "node-b", self.ports["b"], self.env)
        cp.db_worker(self.procs, "worker-1", self.env)
        cp.db_worker(self.procs, "worker-2", self.env)
        cp.varnish(self.procs, self.ports["varnish"], [("node_a", self.ports["a"]), ("node_b", self.ports["b"])])
        os.environ.update(self.env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def say(self, text):
        print(f"  - {text}", flush=True)

    def record(self, name, ok, detail):
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)

    def check(self, name, function):
        try:
            ok, detail = function()
        except Exception as error:  # one failed check must not hide the others
            traceback.print_exc()
            ok, detail = False, f"{type(error).__name__}: {error}"
        self.record(name, ok, detail)

    # --- the checks -------------------------------------------------------------

    def sample_articles(self, count=50):
        from articles.models import Article

        return list(Article.objects.published().select_related("category").order_by("-publish_at")[:count])

    def wrk_with_purges(self):
        """1. wrk on home and an article through Varnish, warm, while an editor publishes every second."""
        from articles.models import Article

        article = self.sample_articles(1)[0]
        stop = threading.Event()
        edits = [0]

        def editor():
            other = Article.objects.published().exclude(pk=article.pk).order_by("-publish_at")[5]
            while not stop.wait(1.0):
                other.summary = f"{other.summary.split(' [')[0]} [edit {edits[0]}]"
                other.save()  # announces the change; the app purges the proxy by surrogate key
                edits[0] += 1

        thread = threading.Thread(target=editor, daemon=True)
        thread.start()
        lines, ok = [], True
        try:
            for label, path in (("home", "/"), ("article", article.get_absolute_url())):
                urllib.request.urlopen(self.proxy + path).read()  # warm
                result = cp.wrk(self.proxy + path, self.args.duration, 64)
                ok &= result["non2xx"] == 0 and result["errors"] == 0
                lines.append(
                    f"{label} {result['rps']:,.0f} req/s p99 {result['p99']:.1f} ms non-2xx {result['non2xx']}"
                )
        finally:
            stop.set()
            thread.join()
        return ok, "; ".join(lines) + f"; {edits[0]} edits published meanwhile"

    def edit_visible_everywhere(self):
        """2. An edit made through node A is visible through node B and the proxy within 1 s."""
        from articles.models import Article

        article = self.sample_articles(1)[0]
        url = article.get_absolute_url()
        for base in (self.node("b"), self.proxy):
            urllib.request.urlopen(base + url).read()  # cached everywhere first
        marker = f"Rehearsal headline {secrets.token_hex(3)}"
        session = AdminSession(self.node("a"))
        session.login()
        saving = time.monotonic()
        session.rename_article(article.pk, marker)
        started = time.monotonic()  # the editor's "saved": the change has committed
        seen = {}
        deadline = started + 5
        while len(seen) < 2 and time.monotonic() < deadline:
            for name, base in (("node B", self.node("b")), ("proxy", self.proxy)):
                if name not in seen and marker.encode() in urllib.request.urlopen(base + url).read():
                    seen[name] = time.monotonic() - started
            time.sleep(0.05)
        ok = len(seen) == 2 and max(seen.values()) <= 1.0
        Article.objects.filter(pk=article.pk).update(headline=article.headline)  # put it back (no purge needed)
        shown = ", ".join(f"{name} after {seconds * 1000:.0f} ms" for name, seconds in seen.items()) or "not seen"
        return ok, f"saved on node A in {(started - saving) * 1000:.0f} ms; then {shown}"

    def newsletter_with_a_killed_worker(self):
        """3. A send to N subscribers with both workers, one killed with kill -9 mid-send: one Message-ID each."""
        from newsletter.models import Delivery, Issue
        from newsletter.services.issues import issue_send

        issue = seed_issue(self.args.subscribers)
        issue_send(issue=issue)
        cp.wait_for(lambda: self.sent_lines() > self.args.subscribers // 5, "the first fifth sent", timeout=300)
        self.procs.kill("worker-1")  # SIGKILL: no clean-up, its claimed rows stay leased
        cp.wait_for(lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT, "the send to finish",
                    timeout=600, interval=1)  # fmt: skip
        ids = defaultdict(set)
        for line in self.sent_log.read_text().splitlines():
            recipient, message_id = line.split(" ", 1)
            if recipient.endswith("@rehearsal.example"):
                ids[recipient].add(message_id)
        sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
        one_each = len(ids) == self.args.subscribers and all(len(v) == 1 for v in ids.values())
        messages = sum(1 for line in self.sent_log.read_text().splitlines() if "@rehearsal.example" in line)
        return one_each and sent == self.args.subscribers, (
            f"{len(ids):,} recipients reached, {messages:,} messages accepted by the server, "
            f"{sum(len(v) for v in ids.values()):,} distinct Message-IDs, {sent:,} deliveries marked sent"
        )

    def sent_lines(self):
        return sum(1 for _ in self.sent_log.open()) if self.sent_log.exists() else 0

    def node_a_killed(self):
        """4. Node A killed: the proxy keeps serving from node B, 0 non-2xx once the probe marks A sick."""
        self.procs.kill("node-a")
        sick = re.compile(r"node_a\b.*\bsick\b", re.I)
        cp.wait_for(lambda: sick.search(cp.backend_health(self.procs)), "the probe to mark node A sick", timeout=20)
        statuses = [cp.http_status(self.proxy + a.get_absolute_url()) for a in self.sample_articles(60)[10:]]
        result = cp.wrk(self.proxy + "/", 5, 32)
        bad = sum(1 for s in statuses if s != 200) + result["non2xx"] + result["errors"]
        return bad == 0, f"{len(statuses)} uncached articles all 200 through the proxy; home {result['rps']:,.0f} req/s"

    def replica_stopped(self):
        """5. The replica stopped: pages stay 200."""
        cp.stop_cluster(self.procs, self.replica)
        statuses = [cp.http_status(self.node("b") + a.get_absolute_url()) for a in self.sample_articles(50)[20:40]]
        statuses.append(cp.http_status(self.node("b") + "/latest/?page=3"))
        return all(s == 200 for s in statuses), f"{len(statuses)} uncached pages from node B: {sorted(set(statuses))}"

    def image_across_nodes(self):
        """6. An image uploaded on node A appears, with its renditions, on node B."""
        from articles.demo.pictures import chart_picture
        from articles.models import Image

        cp.gunicorn(self.procs, "node-a", self.ports["a"], self.env)  # A is back after check 4
        session = AdminSession(self.node("a"))
        session.login()
        alt = f"Rehearsal upload {secrets.token_hex(3)}"
        session.upload_image(chart_picture(7, "Rehearsal").read(), alt)
        image = Image.objects.get(alt_text=alt)
        page = AdminSession(self.node("b"))
        page.login()
        html = page.get(f"/admin/articles/image/{image.pk}/change/")
        # {"webp": {"640": "images/…/x-640.webp", …}, "jpeg": {…}}: every one must be in the bucket.
        keys = [path for fmt in ("webp", "jpeg") for path in (image.renditions.get(fmt) or {}).values()]
        fetched = [self.fetch_media(key) for key in keys]
        ok = alt in html and bool(fetched) and all(fetched)
        shown = "node B shows the image" if alt in html else "node B does not show the image"
        return ok, f"{len(keys)} renditions recorded; {shown}; {sum(fetched)} of them fetched from the bucket"

    def fetch_media(self, key):
        try:
            return bool(self.s3.get_object(Bucket=MEDIA_BUCKET, Key=key)["Body"].read())
        except self.s3.exceptions.NoSuchKey:
            return False

    def backup_and_restore(self):
        """7. pg_dump plus the media bucket, restored into a fresh database and bucket, serve the same article."""
        dump = self.workdir / "newsportal.dump"
        port = str(self.ports["primary"])
        subprocess.run(
            ["pg_dump", "-h", HOST, "-p", port, "-U", "postgres", "-Fc", "-f", dump, "newsportal"], check=True
        )
        subprocess.run(["createdb", "-h", HOST, "-p", port, "-U", "postgres", "newsportal_restored"], check=True)
        subprocess.run(["pg_restore", "-h", HOST, "-p", port, "-U", "postgres", "-d", "newsportal_restored",
                        "--no-owner", dump], check=True)  # fmt: skip
        self.s3.create_bucket(Bucket="np-media-restored")
        copied = 0
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=MEDIA_BUCKET):
            for item in page.get("Contents", []):
                self.s3.copy_object(Bucket="np-media-restored", Key=item["Key"],
                                    CopySource={"Bucket": MEDIA_BUCKET, "Key": item["Key"]})  # fmt: skip
                copied += 1
        env = environment(self.ports, self.workdir, database="newsportal_restored", media_bucket="np-media-restored")
        env.update(DATABASE_REPLICA_URLS="", CACHE_PURGE_URLS="", REDIS_URL=f"redis://{HOST}:{self.ports['redis']}/5")
        cp.gunicorn(self.procs, "node-c", self.ports["c"], env)
        article = self.sample_articles(1)[0]
        # The same site name on both, as behind one proxy: links carry the host the reader asked for.
        same_host = {"Host": "localhost"}
        original, restored = (
            urllib.request.urlopen(
                urllib.request.Request(self.node(name) + article.get_absolute_url(), headers=same_host)
            ).read()
            for name in ("b", "c")
        )
        if original == restored:
            return True, f"{copied} media objects copied; article {len(restored):,} bytes, identical"
        at = next(n for n, (a, b) in enumerate(zip(original, restored, strict=False)) if a != b) if restored else 0
        return False, (
            f"{copied} media objects copied; the article differs at byte {at:,} of {len(original):,}: "
            f"{original[max(0, at - 80) : at + 80]!r} against {restored[max(0, at - 80) : at + 80]!r}"
        )

    def run(self):
        for name, function in (
            ("1 wrk through Varnish with purges every second", self.wrk_with_purges),
            ("2 an edit on node A visible on node B and the proxy within 1 s", self.edit_visible_everywhere),
            ("3 newsletter with one worker killed mid-send", self.newsletter_with_a_killed_worker),
            ("4 node A killed, the proxy serves from node B", self.node_a_killed),
            ("5 replica stopped, pages stay 200", self.replica_stopped),
            ("6 an image uploaded on node A, seen on node B", self.image_across_nodes),
            ("7 backup and restore serve the same article", self.backup_and_restore),
        ):
            self.check(name, function)
        return all(ok for _, ok, _ in self.results)


def main():
    args = parse_args()
    for tool in ("varnishd", "redis-server", "wrk", "pg_dump"):
        if not __import__("shutil").which(tool):
            sys.exit(f"make cluster needs {tool} (apt-get install varnish varnish-modules redis-server wrk postgresql)")
    if not (cp.PGBIN / "initdb").exists():
        sys.exit(f"make cluster needs PostgreSQL 15's server binaries in {cp.PGBIN} (apt-get install postgresql-15)")
    workdir = tempfile.mkdtemp(prefix="newsportal-cluster-")
    rehearsal = Rehearsal(args, workdir)
    ok = False
    print(f"Rehearsal in {workdir} (load {os.getloadavg()[0]:.1f})")
    try:
        rehearsal.start()
        create_editor()
        ok = rehearsal.run()
    except Exception:
        traceback.print_exc()
    finally:
        rehearsal.procs.stop_all()
        if not args.keep and ok:
            __import__("shutil").rmtree(workdir, ignore_errors=True)
    passed = sum(1 for _, good, _ in rehearsal.results if good)
    print(f"\n{passed} passed, {len(rehearsal.results) - passed} failed (load {os.getloadavg()[0]:.1f})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
