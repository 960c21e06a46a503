"""Faults with real processes: `manage.py send_issue` killed with SIGKILL half-way and restarted,
and two workers at once on PostgreSQL.

Each test gets its own database (a SQLite file, or a fresh PostgreSQL database
when DATABASE_URL points to PostgreSQL) that the subprocesses share, and a real
SMTP server in this process that counts every message it receives, raw.
"""

import json
import os
import signal
import subprocess
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.helpers import requires_env
from tests.newsletter.smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
IS_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

SEED = """
from django.utils import timezone
from newsletter.models import Issue, NewsletterList, Subscriber, Subscription
from tests.factories import ArticleFactory
daily = NewsletterList.objects.create(name="Daily", slug="daily", is_default=True)
people = Subscriber.objects.bulk_create(
    [Subscriber(email=f"f{n:04d}@example.com", status="active", confirmed_at=timezone.now()) for n in range(COUNT)]
)
Subscription.objects.bulk_create([Subscription(subscriber=s, newsletter_list=daily) for s in people])
issue = Issue.objects.create(newsletter_list=daily, subject="Fault test")
issue.items.create(article=ArticleFactory(), position=1)
print(issue.pk)
"""

REPORT = """
import json
from newsletter.models import Delivery, Issue
issue = Issue.objects.get(pk={issue})
print(json.dumps({{"status": issue.status,
    "rows": dict(Delivery.objects.filter(issue=issue).values_list("status").annotate(
        n=__import__("django.db.models", fromlist=["Count"]).Count("pk")))}}))
"""


@pytest.fixture
def fault_env(tmp_path):
    """Environment for subprocesses: their own migrated database, mail to a real SMTP server here."""
    smtp = SMTPServer().start()
    admin_url = None
    if IS_POSTGRES:
        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        name = f"newsportal_faults_{uuid.uuid4().hex[:10]}"
        admin_url = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database_url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    else:
        database_url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))},
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "DEBUG": "True",
        "CACHE_URL": "locmemcache://faults",
        "NEWSLETTER_LEASE_SECONDS": "2",
        "NEWSLETTER_BATCH_SIZE": "5",
        "NEWSLETTER_RETRY_BASE_SECONDS": "1",
        "NEWSLETTER_FROM_EMAIL": "News <newsletter@news.example.com>",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    yield env, smtp
    smtp.stop()
    if admin_url:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def seed(env, n):
    return int(manage(env, "shell", "-c", SEED.replace("COUNT", str(n))).strip().splitlines()[-1])


def report(env, issue):
    return json.loads(manage(env, "shell", "-c", REPORT.format(issue=issue)).strip().splitlines()[-1])


def send_issue(env, issue, *extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_issue", str(issue), "--no-progress", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def by_recipient(messages):
    seen = defaultdict(list)
    for message in messages:
        seen[message["To"]].append(message["Message-ID"])
    return seen


def test_a_send_killed_twice_with_sigkill_resumes_and_everyone_gets_one_message_id(fault_env):
    env, smtp = fault_env
    subscribers = 60
    issue = seed(env, subscribers)
    kills = []
    current = {}

    def kill_mid_transaction(mailbox):
        # The server has the message (counted raw) but the sender never hears the 250:
        # the worst moment, the residual window of the README.
        if len(mailbox.messages) in (15, 35) and len(mailbox.messages) not in kills:
            kills.append(len(mailbox.messages))
            os.kill(current["process"].pid, signal.SIGKILL)

    smtp.mailbox.on_data = kill_mid_transaction
    for run in range(3):
        current["process"] = process = send_issue(env, issue, "--worker-id", f"run{run}")
        out, err = process.communicate(timeout=120)
        if run < 2:
            assert process.returncode == -signal.SIGKILL, (out, err)
        else:
            assert process.returncode == 0, err[-3000:]
    assert len(kills) == 2

    received = by_recipient(smtp.mailbox.messages)
    assert len(received) == subscribers  # everyone got their message
    assert all(len(set(ids)) == 1 for ids in received.values())  # exactly one Message-ID each
    duplicates = len(smtp.mailbox.messages) - subscribers
    assert 0 <= duplicates <= len(kills) * 1  # one message in flight per worker per kill
    state = report(env, issue)
    assert state == {"status": "sent", "rows": {"sent": subscribers}}


def test_unsubscribing_during_a_real_send_stops_further_mail(fault_env):
    env, smtp = fault_env
    issue = seed(env, 30)
    leave = (
        "from newsletter.models import Subscriber\n"
        "from newsletter.services.subscriptions import subscriber_unsubscribe\n"
        "subscriber_unsubscribe(subscriber=Subscriber.objects.get(email='f0025@example.com'), source='one-click')\n"
    )
    left = {}

    def unsubscribe_half_way(mailbox):
        if len(mailbox.messages) == 10 and not left:
            left["done"] = True
            manage(env, "shell", "-c", leave)

    smtp.mailbox.on_data = unsubscribe_half_way
    process = send_issue(env, issue, "--rate", "50")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    received = by_recipient(smtp.mailbox.messages)
    assert "f0025@example.com" not in received
    assert len(received) == 29
    assert report(env, issue)["rows"] == {"sent": 29, "suppressed": 1}


@requires_env("DATABASE_URL")
@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="DATABASE_URL is not PostgreSQL; SKIP LOCKED needs it")
def test_two_workers_at_once_on_postgresql_send_nothing_twice(fault_env):
    env, smtp = fault_env
    subscribers = 300
    issue = seed(env, subscribers)
    manage(env, "shell", "-c", f"from newsletter.models import Issue; Issue.objects.filter(pk={issue}).update("
           "status='sending'); from newsletter.services.delivery import deliveries_prepare; "
           f"deliveries_prepare(issue=Issue.objects.get(pk={issue}))")  # fmt: skip
    workers = [send_issue(env, issue, "--worker-id", f"w{n}", "--batch-size", "10") for n in range(2)]
    outputs = [w.communicate(timeout=180) for w in workers]
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-3000:]
    received = by_recipient(smtp.mailbox.messages)
    assert len(smtp.mailbox.messages) == subscribers  # no duplicate at all
    assert len(received) == subscribers and all(len(ids) == 1 for ids in received.values())
    sent_by = [int(out.split("Done: ")[1].split()[0]) for out, _ in outputs]
    assert sum(sent_by) == subscribers and all(sent_by), sent_by  # both workers took part
    assert report(env, issue) == {"status": "sent", "rows": {"sent": subscribers}}
