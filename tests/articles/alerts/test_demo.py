"""The demo: the opt-in on the site, a sent alert in the admin, both after `make run`'s seeders; safe to run again."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from articles.alerts.models import Alert
from articles.breaking.demo import demo_story

pytestmark = pytest.mark.django_db
WIRE = Path(__file__).resolve().parents[3] / "articles" / "demo" / "wire"


def test_the_demo_shows_the_opt_in_and_a_sent_alert(client, editor_client):
    out = io.StringIO()
    call_command("seed_demo", articles=30, verbosity=0)
    call_command("import_ninjs", str(WIRE), section="headlines", stdout=out)
    call_command("seed_breaking", stdout=out)
    call_command("seed_alerts", stdout=out)
    call_command("seed_alerts", stdout=out)
    assert "Demo alert recorded" in out.getvalue() and "Demo alert: kept as it is." in out.getvalue()
    assert "Readers opt in to alerts at /alerts/ (linked from the footer)" in out.getvalue()
    alert = Alert.objects.get()
    story = demo_story()
    assert (alert.article, alert.url, alert.state) == (story, story.get_absolute_url(), Alert.State.SENT)
    assert html.fromstring(client.get("/").content.decode()).cssselect("footer a[href='/alerts/']")
    box = html.fromstring(client.get(reverse("alerts:page")).content.decode()).cssselect("section.alerts-optin")
    assert len(box) == 1 and len(box[0].cssselect("input[name=section]")) > 3
    listing = editor_client.get(reverse("admin:articles_alert_changelist")).content.decode()
    assert alert.title in listing
