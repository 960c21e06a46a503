"""The editorial calendar: a month of articles and newsletter issues, by day."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsletter.models import Issue
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
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


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1-1", "2999-12", "1900-01", "10000-1", "9" * 20 + "-1"])
def test_boundary_and_far_off_months_give_a_page(desk, month):
    """9999-12, 0001-01 and 1-1 were a 500: the month after (or before) them is not a date."""
    response = desk.get(reverse("admin_calendar"), {"month": month})
    assert response.status_code == 200


def test_the_last_and_first_months_have_no_link_past_them(desk):
    last = desk.get(reverse("admin_calendar"), {"month": "2999-12"}).content.decode()
    assert "Editorial calendar: December 2999" in last
    assert '?month=2999-11"' in last and 'rel="next"' not in last
    first = desk.get(reverse("admin_calendar"), {"month": "1900-01"}).content.decode()
    assert '?month=1900-02"' in first and 'rel="prev"' not in first


def test_out_of_range_months_fall_back_to_this_month(desk):
    page = desk.get(reverse("admin_calendar"), {"month": "9999-12"}).content.decode()
    assert f"{timezone.localdate():%B %Y}" in page


@pytest.fixture
def writers_month(section):
    """A contributor's own scheduled story, another writer's scheduled and live ones, a scheduled issue."""
    contributor = role_user(CONTRIBUTOR)
    other = role_user(CONTRIBUTOR, username="other-writer")
    mine = ArticleFactory(category=section, headline="My scheduled piece", publish_at=at(10, 9), created_by=contributor)
    ArticleFactory(category=section, headline="Embargoed results story", publish_at=at(11, 9), created_by=other)
    live = ArticleFactory(
        category=section,
        headline="Live story by another writer",
        publish_at=timezone.now() - timedelta(hours=2),
        created_by=other,
    )
    IssueFactory(subject="Morning briefing", status=Issue.Status.SCHEDULED, scheduled_at=at(14, 7))
    return contributor, mine, live


def test_a_contributor_sees_only_what_their_role_lets_them_open(writers_month):
    contributor, mine, live = writers_month
    writer = Client()
    writer.force_login(contributor)
    page = writer.get(reverse("admin_calendar"), {"month": "2031-03"}).content.decode()
    assert "My scheduled piece" in page
    assert reverse("admin:articles_article_change", args=[mine.pk]) in page
    assert "Embargoed results story" not in page, "another writer's scheduled headline"
    assert "Morning briefing" not in page, "contributors may not view newsletter issues"
    now = timezone.localdate()
    this_month = writer.get(reverse("admin_calendar"), {"month": f"{now:%Y-%m}"}).content.decode()
    assert "Live story by another writer" in this_month
    assert live.get_absolute_url() in this_month, "another writer's live story links to the page readers see"
    assert reverse("admin:articles_article_change", args=[live.pk]) not in this_month


def test_an_editor_still_sees_everything(desk, writers_month):
    page = desk.get(reverse("admin_calendar"), {"month": "2031-03"}).content.decode()
    assert "My scheduled piece" in page and "Embargoed results story" in page and "Morning briefing" in page
