"""“Fill with latest” can fill an issue with the stories related to its first article instead."""

import pytest
from django.urls import reverse

from articles.models import RelatedStory
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse_ok
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_an_issue_fills_with_its_lead_storys_related_stories(editor_client, daily, section):
    other = CategoryFactory(name="Energy", slug="energy")
    lead = ArticleFactory(headline="Opec cuts output", category=other, tags=["Oil"])
    picked = ArticleFactory(headline="What an output cut means for you", category=section)
    ArticleFactory(headline="Oil tanker rates jump", category=other, tags=["Oil"])
    ArticleFactory(headline="Chip exports rise", category=section, tags=["Chips"])
    RelatedStory.objects.create(article=lead, related=picked, position=1)
    issue = IssueFactory(newsletter_list=daily, articles=[lead])
    url = reverse("admin:newsletter_issue_fill", args=[issue.pk])
    choices = parse_ok(editor_client.get(url)).cssselect("input[name=source]")
    assert [c.get("value") for c in choices] == ["latest", "related"]
    response = editor_client.post(url, {"source": "related", "limit": 5})
    assert response.status_code == 302
    assert [item.article.headline for item in issue.items.all()] == [
        "Opec cuts output",
        "What an output cut means for you",
        "Oil tanker rates jump",
    ]
    editor_client.post(url, {"source": "related", "limit": 5})  # nothing twice
    assert issue.items.count() == 3


def test_an_empty_issue_says_it_needs_its_lead_story_first(editor_client, daily):
    issue = IssueFactory(newsletter_list=daily)
    url = reverse("admin:newsletter_issue_fill", args=[issue.pk])
    response = editor_client.post(url, {"source": "related", "limit": 5}, follow=True)
    assert "lead article first: related stories are found from it" in response.content.decode()
    assert not issue.items.exists()
