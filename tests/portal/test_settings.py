"""Production settings refuse to start half-configured and pass check --deploy."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.com",
    "SECURE_HSTS_PRELOAD": "true",
    # Production shares one Redis (check --deploy warns about a per-process cache); no connection is made here.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY is not set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set")],
)
def test_debug_false_without_a_required_setting_stops_with_a_message(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_wildcard_host_is_refused():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "never '*'" in result.stderr


def readme_production_environment():
    """The variables README's "Running in production" exports; SECRET_KEY generated as its command does."""
    section = (ROOT / "README.md").read_text().split("## Running in production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    environment = {}
    for name, value in re.findall(r"^export (\w+)=(.*)$", block, re.M):
        environment[name] = secrets.token_urlsafe(50) if value.startswith('"$(') else value.strip("'\"")
    return environment


def test_check_deploy_is_clean_with_the_documented_production_environment():
    environment = readme_production_environment()
    assert environment["DEBUG"] == "False" and environment["STAFF_REQUIRE_2FA"] == "true"
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_while_administrators_can_sign_in_with_a_password_alone():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode != 0
    assert "portal.W001" in result.stderr and "STAFF_REQUIRE_2FA is off" in result.stderr


def test_check_deploy_warns_when_each_process_would_keep_its_own_cache():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env, REDIS_URL="", CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "newsportal.W001" in result.stderr and "Set REDIS_URL" in result.stderr


def test_security_headers_on_public_pages(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "sessionid" not in response.cookies, "readers get no session"


def test_filemail_with_an_absolute_folder_writes_there(tmp_path):
    """django-environ drops the leading slash of filemail:///abs/path: mail went under the working directory."""
    folder = tmp_path / "sent-mail"
    result = manage("sendtestemail", "reader@example.com", EMAIL_URL=f"filemail://{folder}")
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in folder.iterdir()] == [".log"]
    assert not (ROOT / str(folder).lstrip("/")).exists()


def test_filemail_with_a_relative_folder_is_under_the_project_and_without_one_stops():
    code = "from django.conf import settings; print(settings.EMAIL_FILE_PATH)"
    result = manage("shell", "-c", code, EMAIL_URL="filemail://sent-mail/today")
    assert result.stdout.strip().splitlines()[-1] == str(ROOT / "sent-mail" / "today")
    result = manage("check", EMAIL_URL="filemail://")
    assert result.returncode != 0 and "needs a folder" in result.stderr
