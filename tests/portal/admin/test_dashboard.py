"""The newsroom dashboard at the admin index: what each role sees, and its query count."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleDailyViews
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, CorrectionFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db
S = Article.Status


def login(user):
    client = Client()
    client.force_login(user)
    return client


def card(page, key):
    return page.cssselect(f'[data-testid="dash-{key}"]')[0]


def newsroom(section, editor, n=1, start=0):
    now = timezone.now()
    for i in range(start, start + n):
        ArticleFactory(category=section, status=S.DRAFT, created_by=editor, headline=f"My draft {i}")
        ArticleFactory(category=section, status=S.IN_REVIEW, headline=f"Waiting {i}")
        ArticleFactory(category=section, publish_at=now + timedelta(hours=5 + i), headline=f"Soon {i}")
        ArticleFactory(category=section, publish_at=now + timedelta(days=4), headline=f"Later {i}")
        read = ArticleFactory(category=section, publish_at=now - timedelta(minutes=5 + i), headline=f"Fresh {i}")
        ArticleDailyViews.objects.create(article=read, date=timezone.localdate(), views=40 + i)
        CorrectionFactory(article=read, text=f"Fixed {i}.")


def test_the_dashboard_shows_the_desk(section):
    editor = role_user(EDITOR)
    newsroom(section, editor)
    page = parse(login(editor).get(reverse("admin:index")).content.decode())
    assert texts(card(page, "drafts"), "li a") == ["My draft 0"]
    assert texts(card(page, "review"), "li a") == ["Waiting 0"]
    assert texts(card(page, "scheduled"), "li a") == ["Soon 0"]  # not the one in four days
    assert "Fresh 0" in texts(card(page, "today"), "li a")
    assert "Fresh 0" in text(card(page, "read-today")) and "40 views" in text(card(page, "read-today"))
    assert card(page, "read-week").cssselect("svg rect")
    assert "Fresh 0" in text(card(page, "corrections"))
    assert "active now" in text(card(page, "subscribers"))
    headings = texts(page, "#content-main caption, #content-main h2")
    settings_at = headings.index("Settings")
    assert headings[:settings_at] == ["Newsletter", "Newsroom", "Portal"]
    assert headings[settings_at + 1 :] == ["Taggit"]


def test_a_contributor_sees_only_their_own_work(section):
    writer = role_user(CONTRIBUTOR)
    newsroom(section, role_user(EDITOR))
    ArticleFactory(category=section, status=S.DRAFT, created_by=writer, headline="Mine")
    page = parse(login(writer).get(reverse("admin:index")).content.decode())
    assert texts(card(page, "drafts"), "li a") == ["Mine"]
    assert texts(card(page, "review"), "li a") == []
    assert not page.cssselect('[data-testid="dash-subscribers"]')  # no newsletter permission
    headings = texts(page, "#content-main caption, #content-main h2")
    assert "Authentication and Authorization" not in headings  # tags are all of the framework they see
    assert headings[-2:] == ["Settings", "Taggit"]


def test_a_superuser_without_newsroom_role_still_gets_the_index(db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    page = parse(login(admin).get(reverse("admin:index")).content.decode())
    headings = texts(page, "#content-main caption, #content-main h2")
    framework = headings[headings.index("Settings") + 1 :]
    assert "Authentication and Authorization" in framework and "Taggit" in framework
    assert "Newsroom" not in framework and any("Tasks" in h for h in framework)


def test_the_dashboard_query_count_does_not_grow_with_the_newsroom(section):
    editor = role_user(EDITOR)
    newsroom(section, editor, n=1)
    client = login(editor)
    client.get(reverse("admin:index"))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("admin:index")).status_code == 200
    newsroom(section, editor, n=6, start=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("admin:index")).status_code == 200
    assert len(large) == len(small) <= 17, [q["sql"] for q in large.captured_queries]  # 17: with the wire flashes
