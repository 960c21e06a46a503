"""The database unreachable under the whole site: the styled 503 with Retry-After for every page that
needs it (never a 500), pages that need none still served, forms not counted against the reader.

Django's connection is pointed at a database nobody serves (tests.servers.unreachable_database): on
PostgreSQL a closed port, on SQLite a missing folder, so the drivers raise their real errors.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from newsletter.models import Subscriber
from portal.models import Submission
from tests.portal.degrade import BROWSER, contact, reader_pages, signup
from tests.servers import unreachable_database

pytestmark = pytest.mark.django_db


def assert_outage_page(response, what):
    assert response.status_code == 503, f"{what} answered {response.status_code}"
    assert response["Retry-After"] == "30", what
    assert "no-store" in response["Cache-Control"], what
    html = response.content.decode()
    assert "This page is briefly unavailable" in html and "site.css" in html, what
    assert "OperationalError" not in html and "Traceback" not in html and "sqlite" not in html.lower(), what


def outage_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "portal.outage"]


def test_reader_pages_answer_the_styled_503_while_the_database_is_unreachable(client, reader_site, caplog):
    pages = reader_pages(reader_site)
    for url in pages.values():
        assert client.get(url).status_code == 200, url  # the chrome is now cached: the pages still need the database
    with caplog.at_level(logging.INFO), unreachable_database():
        for name, url in pages.items():
            assert_outage_page(client.get(url, headers={"user-agent": BROWSER}), f"{name} ({url})")
        assert client.head(pages["home"]).status_code == 503
        # Django's own "Service Unavailable: <path>" line per request is replaced by one line a minute.
        assert not [r for r in caplog.records if r.name == "django.request"]
    [line] = outage_lines(caplog)
    assert line.startswith("Database unavailable (OperationalError: ")
    # Back: the same pages, the same process, nothing left stuck or cached.
    for url in pages.values():
        assert client.get(url).status_code == 200, url


def test_what_needs_no_database_is_still_served(client, reader_site):
    with unreachable_database():
        robots = client.get(reverse("portal:robots"))
        css = client.get("/static/css/site.css")
    assert robots.status_code == 200 and "Sitemap:" in robots.content.decode()
    assert css.status_code == 200


def test_an_outage_met_by_a_middleware_is_a_503_too(reader_site, caplog):
    """A path no view serves is looked up in the legacy redirects, by a middleware, after the 404."""
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO), unreachable_database():
        assert_outage_page(client.get("/old-wordpress/2019/05/some-story/"), "a legacy address")
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert len(outage_lines(caplog)) == 1


def test_an_editor_in_the_admin_gets_the_503_page(editor_client):
    editor_client.get(reverse("admin:index"))
    with unreachable_database():
        assert_outage_page(editor_client.get(reverse("admin:articles_article_changelist")), "the article list")
        assert_outage_page(editor_client.post(reverse("admin:articles_category_add"), {"name": "New"}), "a save")
    assert editor_client.get(reverse("admin:index")).status_code == 200  # still signed in afterwards


def test_a_signup_during_the_outage_answers_503_and_keeps_the_readers_allowance(client, reader_site, settings):
    settings.NEWSLETTER_SIGNUPS_PER_IP = 1
    with unreachable_database():
        for n in range(3):
            assert_outage_page(signup(client, reader_site, f"during{n}@example.com"), "a signup")
    # Issue 14, finding 9: the failed signups used up nothing; the first real one goes through.
    assert signup(client, reader_site, "after@example.com").status_code == 303
    assert Subscriber.objects.filter(email="after@example.com").exists()
    assert not Subscriber.objects.filter(email__startswith="during").exists()
    assert signup(client, reader_site, "again@example.com").status_code == 429  # the limit itself still holds


def test_a_contact_message_during_the_outage_answers_503_and_keeps_the_allowance(client, reader_site, settings):
    settings.SUBMISSIONS_PER_IP = 1
    settings.SUBMISSIONS_NOTIFY_EMAILS = ["desk@example.com"]
    with unreachable_database():
        for _ in range(3):
            assert_outage_page(contact(client), "a contact message")
    assert contact(client).status_code == 302
    assert Submission.objects.count() == 1
    assert contact(client).status_code == 429


def test_a_bug_in_a_query_is_still_a_500_and_logged_in_full(client, reader_site, settings, caplog):
    """Only outages become 503s: a missing table (a migration not run) must stay loud."""
    from django.db import connection, transaction

    client = Client(raise_request_exception=False)
    table = reader_site["page"]._meta.db_table
    before = transaction.savepoint()  # rolling back to it brings the table back (DDL is transactional)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get(reader_site["page"].get_absolute_url())
    finally:
        transaction.savepoint_rollback(before)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert any(r.exc_info for r in caplog.records if r.name == "django.request")
