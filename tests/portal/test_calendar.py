"""The editorial calendar: a month of articles and newsletter issues, by day."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsletter.models import Issue
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.workflow_users import role_user
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db


def at(day, hour):
    return timezone.make_aware(datetime(2031, 3, day, hour, 0))


@pytest.fixture
def desk():
    client = Client()
    client.force_login(role_user(EDITOR))
    return client


def test_a_month_shows_articles_and_issues_linked_to_their_forms(desk, section):
    scheduled = ArticleFactory(category=section, headline="Budget day preview", publish_at=at(12, 9))
    ArticleFactory(category=section, headline="A draft never shows", status=Article.Status.DRAFT, publish_at=at(12, 10))
    ArticleFactory(category=section, headline="Early April story", publish_at=at(31, 23) + timedelta(hours=2))
    issue = IssueFactory(subject="Morning briefing", status=Issue.Status.SCHEDULED, scheduled_at=at(14, 7))
    response = desk.get(reverse("admin_calendar"), {"month": "2031-03"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Editorial calendar: March 2031" in page
    assert "Budget day preview" in page and "Morning briefing" in page
    assert "A draft never shows" not in page and "Early April story" not in page
    assert reverse("admin:articles_article_change", args=[scheduled.pk]) in page
    assert reverse("admin:newsletter_issue_change", args=[issue.pk]) in page
    assert "09:00 Scheduled" in page and "07:00 Newsletter scheduled" in page
    assert '?month=2031-02"' in page and '?month=2031-04"' in page


def test_a_bad_month_falls_back_to_this_month(desk):
    response = desk.get(reverse("admin_calendar"), {"month": "not-a-month"})
    assert response.status_code == 200
    assert f"{timezone.localdate():%B %Y}" in response.content.decode()


def test_the_calendar_needs_a_newsroom_login(client, db):
    assert client.get(reverse("admin_calendar")).status_code == 302
    writer = Client()
    writer.force_login(role_user(CONTRIBUTOR))
    assert writer.get(reverse("admin_calendar")).status_code == 200


def test_the_calendar_costs_a_fixed_number_of_queries(desk, section, django_assert_max_num_queries):
    for day in range(1, 20):
        ArticleFactory(category=section, publish_at=at(day, 8))
    with django_assert_max_num_queries(8):  # session, user, two data queries, admin chrome
        desk.get(reverse("admin_calendar"), {"month": "2031-03"})
