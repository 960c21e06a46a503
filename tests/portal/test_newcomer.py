"""What a newcomer meets first: `make run` links emails to its own port, and /favicon.ico answers."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
# A target that prints what every recipe of the Makefile sees as $SITE_URL.
PRINT_SITE_URL = "print-site-url: ; @echo $$SITE_URL"


def clean_environment(**env):
    # `make test` exports SITE_URL to the suite itself, so a nested make must not inherit it.
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    environment.update(env)
    return environment


def make_site_url(*args, **env):
    environment = clean_environment(**env)
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", PRINT_SITE_URL, "print-site-url", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_points_email_links_at_the_port_it_serves():
    assert make_site_url("PORT=8601") == "http://127.0.0.1:8601"
    assert make_site_url("HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"
    assert make_site_url() == "http://127.0.0.1:8000"


def test_an_explicit_site_url_wins_over_host_and_port():
    assert make_site_url("PORT=8601", SITE_URL="https://news.example.com") == "https://news.example.com"
    assert make_site_url("PORT=8601", "SITE_URL=https://staging.example.com") == "https://staging.example.com"


def test_make_run_says_where_email_links_point():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8601"],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert "links in emails start with http://127.0.0.1:8601" in dry
    assert "create_editor --site-url http://127.0.0.1:8601" in dry


@pytest.mark.django_db
def test_favicon_ico_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]
    # The site's mark (the yellow tile), not a blank square.
    icon.size = (32, 32)
    red, green, blue, *_ = icon.convert("RGBA").getpixel((3, 16))
    assert red > 200 and green > 150 and blue < 60


def test_favicon_ico_refuses_a_post(client):
    assert client.post("/favicon.ico").status_code == 405
