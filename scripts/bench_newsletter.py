#!/usr/bin/env python
"""Benchmark the newsletter send: N subscribers, one issue, W worker processes, a local SMTP sink.

Seeds N active subscribers in bulk SQL, starts an SMTP sink (aiosmtpd, offering
PIPELINING) in a separate process on 127.0.0.1, prepares the issue's delivery
rows, then starts W `manage.py send_issue` processes at once (the same
pipeline as the task workers) and reports messages per second over the whole
send, each worker's peak memory (ru_maxrss), and the machine's load. Uses a
throw-away SQLite file unless DATABASE_URL is set (PostgreSQL: the database is
created if missing).

    make bench-newsletter
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsportal_bench make bench-newsletter \\
        BENCH_NEWSLETTER_ARGS="--scale 100000,1000000 --workers 1,4"
    # today's code against another checkout's, on the same subscribers:
    .venv/bin/python scripts/bench_newsletter.py --scale 100000 --workers 1,4 --compare /work/old-checkout
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.benchlib.smtpsink import HOST, run_sink  # noqa: E402

EMAIL_DOMAIN = "bench.invalid"


def counts(text):
    return [int(float(part)) for part in text.split(",") if part.strip()]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        "--subscribers",
        dest="scale",
        type=counts,
        default=[100_000],
        help="subscriber counts, comma-separated (default 100000; e.g. 100000,1000000)",
    )
    parser.add_argument("--workers", type=counts, default=[1], help="worker processes per send, e.g. 1,4 (default 1)")
    parser.add_argument("--also", type=int, default=0, help="first send to this many too, to compare memory")
    parser.add_argument("--batch-size", type=int, default=200, help="rows per claim / SMTP connection")
    parser.add_argument("--smtp", choices=("aiosmtpd", "minimal"), default="aiosmtpd", help="the SMTP sink")
    parser.add_argument("--compare", type=Path, help="also send with the send_issue of this checkout (e.g. main's)")
    parser.add_argument(
        "--async-commit",
        action="store_true",
        help="NEWSLETTER_ASYNC_COMMIT for the workers: what waiting for the disk at each commit costs",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        help="stop each send after this long (a time-boxed run: msg/s of what was sent by then)",
    )
    parser.add_argument("--profile", type=Path, help="write each worker's cProfile output into this folder")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)  # internal: run the SMTP sink on this port
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(tmp, port):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench_newsletter.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        EMAIL_URL=f"smtp://{HOST}:{port}",
        SITE_URL="https://news.example.com",
        NEWSLETTER_RATE_LIMIT="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)  # the sender's rate limit and lists need no shared cache here
    return env


def clear_bench_rows():
    """Remove earlier runs' subscribers in plain SQL (the ORM's cascade would load a million rows)."""
    from django.db import connection

    from newsletter.models import Delivery, Subscriber, Subscription

    people = f"SELECT id FROM {Subscriber._meta.db_table} WHERE email LIKE %s"
    like = [f"%@{EMAIL_DOMAIN}"]
    with connection.cursor() as cursor:
        for model in (Delivery, Subscription):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE subscriber_id IN ({people})", like)
        cursor.execute(f"DELETE FROM {Subscriber._meta.db_table} WHERE email LIKE %s", like)


def seed(count):
    """`count` active subscribers on a fresh list, in bulk SQL; returns the list."""
    from django.db import connection
    from django.utils import timezone

    from newsletter.models import NewsletterList, Subscriber, Subscription

    clear_bench_rows()
    stamp = secrets.token_hex(3)
    bench_list = NewsletterList.objects.create(name=f"Bench {stamp}", slug=f"bench-{stamp}")
    now = timezone.now()
    people, subs = Subscriber._meta.db_table, Subscription._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {people} (email, status, key, created_at, confirmed_at) "
                "SELECT 's' || lpad(n::text, 7, '0') || %s, 'active', gen_random_uuid(), %s, %s "
                "FROM generate_series(0, %s - 1) AS n",
                [f".{stamp}@{EMAIL_DOMAIN}", now, now, count],
            )
            cursor.execute(
                f"INSERT INTO {subs} (subscriber_id, newsletter_list_id, share_clicks, created_at) "
                f"SELECT id, %s, false, %s FROM {people} WHERE email LIKE %s",
                [bench_list.pk, now, f"%.{stamp}@{EMAIL_DOMAIN}"],
            )
            cursor.execute(f"ANALYZE {people}; ANALYZE {subs}")
        return bench_list
    for start in range(0, count, 10_000):
        batch = Subscriber.objects.bulk_create(
            [
                Subscriber(email=f"s{n:07d}.{stamp}@{EMAIL_DOMAIN}", status="active", confirmed_at=now)
                for n in range(start, min(count, start + 10_000))
            ]
        )
        Subscription.objects.bulk_create([Subscription(subscriber=p, newsletter_list=bench_list) for p in batch])
    return bench_list


def new_issue(bench_list):
    """An issue of five articles on the list, started and prepared (its delivery rows written)."""
    from articles.models import Article, Category
    from newsletter.models import Issue, IssueArticle
    from newsletter.services.delivery import deliveries_prepare
    from newsletter.services.issues import issue_email, issue_send

    stamp = secrets.token_hex(3)
    section, _ = Category.objects.get_or_create(slug="bench-newsletter", defaults={"name": "Bench newsletter"})
    articles = [
        Article.objects.create(
            headline=f"Bench story {stamp} {n}",
            slug=f"bench-story-{stamp}-{n}",
            category=section,
            summary="Shares rose and bonds fell as investors weighed the central bank's next step.",
            body="<p>Stocks rose on Monday.</p>",
            status=Article.Status.PUBLISHED,
        )
        for n in range(5)
    ]
    issue = Issue.objects.create(newsletter_list=bench_list, subject=f"Bench issue {stamp}", intro="Hello.")
    IssueArticle.objects.bulk_create([IssueArticle(issue=issue, article=a, position=n) for n, a in enumerate(articles)])
    issue = issue_send(issue=issue, enqueue=False)
    issue_email(issue)  # stores the issue's links once, as the first worker would
    deliveries_prepare(issue=issue)
    return issue.pk


def stop_after(processes, seconds):
    """SIGTERM the workers still running `seconds` from now (a time-boxed run); True if any was stopped."""

    def running():  # without reaping them: wait4 collects their memory and CPU afterwards
        return [p for p in processes if os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None]

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and running():
        time.sleep(0.5)
    late = running()
    for process in late:
        process.send_signal(signal.SIGTERM)
    return bool(late)


def send(env, issue_id, batch_size, workers, code_root, profile=None, max_seconds=None):
    """Run `workers` send_issue processes at once; (seconds, [peak RSS MiB of each], their CPU seconds, stopped)."""
    python = [sys.executable]
    if profile:
        profile.mkdir(parents=True, exist_ok=True)
        python += ["-m", "cProfile", "-o", str(profile / f"issue{issue_id}-w{{n}}.prof")]
    started = time.monotonic()
    processes = []
    for n in range(workers):
        command = [part.format(n=n) for part in python]
        command += ["manage.py", "send_issue", str(issue_id), "--no-progress", "--batch-size", str(batch_size)]
        command += ["--worker-id", f"bench-{n}"]
        processes.append(subprocess.Popen(command, cwd=code_root, env=env, stdout=subprocess.DEVNULL))
    stopped = stop_after(processes, max_seconds) if max_seconds else False
    peaks, cpu, failed = [], [], False
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        failed |= os.waitstatus_to_exitcode(status) != 0
        peaks.append(usage.ru_maxrss / 1024)  # Linux reports KiB
        cpu.append(usage.ru_utime + usage.ru_stime)
    elapsed = time.monotonic() - started
    if failed and not stopped:
        sys.exit("send_issue failed")
    return elapsed, peaks, sum(cpu), stopped


def sent_count(issue_id):
    from newsletter.models import Delivery

    return Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.SENT).count()


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def run(args, env):
    from django.db import connection

    codes = [("this", ROOT)] + ([("compare", args.compare.resolve())] if args.compare else [])
    rows, seeding = [], []
    for count in [n for n in (args.also, *args.scale) if n]:
        started = time.monotonic()
        bench_list = seed(count)
        seeding.append((count, time.monotonic() - started))
        for workers in args.workers:
            for label, code_root in codes:
                started = time.monotonic()
                issue_id = new_issue(bench_list)
                prepared = time.monotonic() - started
                connection.close()
                before = load()
                seconds, peaks, cpu, stopped = send(
                    env, issue_id, args.batch_size, workers, code_root, args.profile, args.max_seconds
                )
                done = sent_count(issue_id)
                if stopped:
                    label += f" ({done} sent, stopped)"
                rate, cpu_ms = done / seconds, cpu / max(done, 1) * 1000
                figures = (seconds, rate, cpu_ms, peaks, before, load())
                rows.append((label, count, workers, prepared, *figures, done, stopped))
                print(f"  {label} {count} x{workers}: {rate:.0f} msg/s, {max(peaks):.1f} MiB", flush=True)
    return rows, seeding


def main():
    args = parse_args()
    if args.sink:
        run_sink(args.smtp, args.sink)
        return
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = environment(tmp, port)
        if args.async_commit:
            env["NEWSLETTER_ASYNC_COMMIT"] = "true"
        from scripts.benchlib.inprocess import migrated_django

        migrated_django(env)
        from django.db import connection

        sink = subprocess.Popen(
            [sys.executable, __file__, "--smtp", args.smtp, "--sink", str(port)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert sink.stdout.readline().strip() == "ready"
        try:
            rows, seeding = run(args, env)
        finally:
            sink.send_signal(signal.SIGTERM)
            received = int(sink.communicate(timeout=60)[0].strip() or 0)
        commits = "asynchronous commits" if args.async_commit else "synchronous commits"
        print(f"\nNewsletter send benchmark ({connection.vendor}, {commits}, batch {args.batch_size}, {args.smtp} sink "
              f"on {HOST}, {os.cpu_count()} CPUs)")  # fmt: skip
        if args.compare:
            print(f"'compare' is the send_issue of {args.compare}, on the same subscribers")
        print(f"{'code':>8} {'subscribers':>12} {'workers':>8} {'prep s':>7} {'send s':>8} {'msg/s':>7} "
              f"{'worker CPU ms/msg':>18} {'peak MiB/worker':>16} {'load before':>16} {'load after':>16}")  # fmt: skip
        for label, count, workers, prepared, seconds, rate, cpu, peaks, before, after, *_ in rows:
            print(f"{label:>8} {count:>12} {workers:>8} {prepared:>7.1f} {seconds:>8.1f} {rate:>7.0f} "
                  f"{cpu:>18.2f} {max(peaks):>16.1f} {before:>16} {after:>16}")  # fmt: skip
        for count, seconds in seeding:
            print(f"Seeding {count} subscribers took {seconds:.1f}s.")
        expected = sum(row[-2] for row in rows)
        # A worker stopped mid-send may have had one message accepted but not yet marked sent.
        spare = sum(row[2] for row in rows if row[-1])
        print(f"The sink received {received} messages (expected {expected}, +{spare} at most for stopped sends).")
        if not expected <= received <= expected + spare:
            sys.exit(1)


if __name__ == "__main__":
    main()
