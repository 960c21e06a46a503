"""Development: the confirmation link is one line of the server log, not lost in the MIME dump."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^Confirmation link for reader@example\.com: (https://news\.example\.com/newsletter/confirm/\S+/)$")


def signup(client, daily):
    return client.post("/newsletter/subscribe/", {"email": "Reader@Example.com", "source": "page", "lists": [daily.pk]})


def test_the_log_shows_the_confirmation_link_on_one_line_and_it_works(
    client, daily, settings, caplog, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_LOG_CONFIRM_LINKS = True
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        assert signup(client, daily).status_code == 303
    lines = [LINE.match(record.getMessage()) for record in caplog.records]
    links = [match.group(1) for match in lines if match]
    assert len(links) == 1
    page = client.get(links[0].removeprefix("https://news.example.com"))
    assert page.status_code == 200 and "Confirm" in page.content.decode()


def test_no_link_in_the_log_when_it_is_off(client, daily, settings, caplog, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_LOG_CONFIRM_LINKS = False
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        signup(client, daily)
    assert not any("Confirmation link" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "True", "EMAIL_URL": "consolemail://"}, "True"),
        ({"DEBUG": "True", "EMAIL_URL": "smtp://mail.example.com:25"}, "False"),
    ],
)
def test_on_by_default_only_where_mail_stays_on_the_machine(env, expected):
    environment = {k: v for k, v in os.environ.items() if k not in ("NEWSLETTER_LOG_CONFIRM_LINKS", "EMAIL_URL")}
    environment.update(env)
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.NEWSLETTER_LOG_CONFIRM_LINKS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
