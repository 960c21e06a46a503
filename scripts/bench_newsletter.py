#!/usr/bin/env python
"""Benchmark the newsletter send: N subscribers, one issue, a local SMTP sink.

Seeds N active subscribers in bulk, starts a minimal SMTP sink in a separate
process on 127.0.0.1, runs `manage.py send_issue` (the same pipeline as the
workers) and reports messages per second and the sender's peak memory (the
ru_maxrss of the sending process). Uses a throw-away SQLite file unless
DATABASE_URL is set (PostgreSQL: the database is created if missing).

    make bench-newsletter
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsportal_bench make bench-newsletter
    .venv/bin/python scripts/bench_newsletter.py --subscribers 10000 --also 1000
"""

import argparse
import asyncio
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
HOST = "127.0.0.1"  # the sink listens on loopback only
EMAIL_DOMAIN = "bench.invalid"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000, help="recipients (default 100000)")
    parser.add_argument("--also", type=int, default=0, help="first send to this many too, to compare memory")
    parser.add_argument("--batch-size", type=int, default=200, help="rows per claim / SMTP connection")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)  # internal: run the SMTP sink on this port
    return parser.parse_args()


# --- The SMTP sink (a separate process) -----------------------------------


async def smtp_session(reader, writer, counter):
    """Just enough SMTP for Django's client: greet, accept everything, count DATA."""
    writer.write(b"220 sink ESMTP\r\n")
    while line := await reader.readline():
        command = line[:4].upper()
        if command == b"EHLO":
            writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        elif command == b"DATA":
            writer.write(b"354 go ahead\r\n")
            await writer.drain()
            await reader.readuntil(b"\r\n.\r\n")  # the whole message in one read, not line by line
            counter[0] += 1
            writer.write(b"250 ok\r\n")
        elif command == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:  # HELO, MAIL, RCPT, RSET, NOOP
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()


def run_sink(port):
    counter = [0]

    async def main():
        server = await asyncio.start_server(lambda r, w: smtp_session(r, w, counter), HOST, port, limit=2**22)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        print("ready", flush=True)
        async with server:
            await stop.wait()
        print(counter[0], flush=True)

    asyncio.run(main())


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- The benchmark ----------------------------------------------------------


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


def seed(count):
    """Bulk-create `count` active subscribers on a fresh list, and an issue with five articles."""
    from django.utils import timezone

    from articles.models import Article, Category
    from newsletter.models import Issue, IssueArticle, NewsletterList, Subscriber, Subscription

    stamp = secrets.token_hex(3)
    Subscriber.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
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
    bench_list = NewsletterList.objects.create(name=f"Bench {stamp}", slug=f"bench-{stamp}")
    issue = Issue.objects.create(newsletter_list=bench_list, subject=f"Bench issue {stamp}", intro="Hello.")
    IssueArticle.objects.bulk_create([IssueArticle(issue=issue, article=a, position=n) for n, a in enumerate(articles)])
    now = timezone.now()
    batch = 10_000
    for start in range(0, count, batch):
        people = Subscriber.objects.bulk_create(
            [
                Subscriber(email=f"s{n:07d}.{stamp}@{EMAIL_DOMAIN}", status="active", confirmed_at=now)
                for n in range(start, min(count, start + batch))
            ]
        )
        Subscription.objects.bulk_create([Subscription(subscriber=p, newsletter_list=bench_list) for p in people])
    return issue.pk


def send(env, issue_id, batch_size):
    """Run send_issue; return (seconds, peak RSS in MiB of that process)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "send_issue", str(issue_id), "--no-progress", "--batch-size", str(batch_size)],
        cwd=ROOT,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("send_issue failed")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def main():
    args = parse_args()
    if args.sink:
        run_sink(args.sink)
        return
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = environment(tmp, port)
        sys.path.insert(0, str(ROOT))
        from scripts.benchlib.inprocess import migrated_django

        migrated_django(env)
        from django.db import connection

        sink = subprocess.Popen(
            [sys.executable, __file__, "--sink", str(port)], stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert sink.stdout.readline().strip() == "ready"
        rows = []
        try:
            for count in [n for n in (args.also, args.subscribers) if n]:
                started = time.monotonic()
                issue_id = seed(count)
                seeded = time.monotonic() - started
                connection.close()
                seconds, peak = send(env, issue_id, args.batch_size)
                rows.append((count, seeded, seconds, count / seconds, peak))
        finally:
            sink.send_signal(signal.SIGTERM)
            received = int(sink.communicate(timeout=30)[0].strip() or 0)
        engine = connection.vendor
        print(f"\nNewsletter send benchmark ({engine}, batch {args.batch_size}, SMTP sink on {HOST})")
        print(f"{'subscribers':>12} {'seed s':>8} {'send s':>8} {'msg/s':>8} {'peak RSS MiB':>13}")
        for count, seeded, seconds, rate, peak in rows:
            print(f"{count:>12} {seeded:>8.1f} {seconds:>8.1f} {rate:>8.0f} {peak:>13.1f}")
        expected = sum(row[0] for row in rows)
        print(f"The sink received {received} messages (expected {expected}).")
        if received != expected:
            sys.exit(1)


if __name__ == "__main__":
    main()
