"""Labelled stories cost no query more: the section's default, the AI reviewer and the picture's source type ride on
the rows the pages already read (pinned with 5 and 40 stories of every type, half of them AI-assisted)."""

import pytest
from django.urls import reverse

from articles.trustlabels.vocabulary import WorkType
from tests.articles.test_query_counts import EXPECTED
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db

#: The feed, the API list and the text edition's pages, warm (the chrome cached), as their own tests pin them.
MORE = {"feed": 3, "api list": 3, "text front": 2, "text article": 2}


def build(n):
    comment = CategoryFactory(name="Comment", slug="comment", default_work_type=WorkType.OPINION)
    business = CategoryFactory(name="Business", slug="business")
    picture = ImageFactory(caption="Illustration generated with AI.")
    picture.digital_source_type = "trainedAlgorithmicMedia"
    picture.save()
    writers = [AuthorFactory(role="Columnist") for _ in range(3)]
    reviewers = [AuthorFactory(name=f"Editor {i}") for i in range(3)]
    kinds = list(WorkType)
    articles = []
    for i in range(n):
        ai = {"ai_use": "drafted", "ai_reviewed_by": reviewers[i % 3]} if i % 2 else {}
        articles.append(
            ArticleFactory(
                category=comment if i % 3 == 0 else business,
                work_type="" if i % 3 == 0 else kinds[i % len(kinds)],
                reviewed_item="A product",
                authors=writers[: 1 + i % 3],
                hero_image=picture if i % 4 == 0 else None,
                is_top_story=i % 4 == 0,
                **ai,
            )
        )
    return articles


@pytest.mark.parametrize("n", [5, 40])
def test_labelled_pages_cost_what_they_did(client, django_assert_num_queries, n):
    articles = build(n)
    story = articles[1]  # AI-drafted, with a reviewer
    pages = {
        "home": "/",
        "section": story.category.get_absolute_url(),
        "article": story.get_absolute_url(),
        "feed": reverse("articles:feed", args=["rss"]),
        "api list": reverse("api-v1:article_list"),
        "text front": reverse("textedition:front"),
        "text article": reverse("textedition:article", args=[story.category.slug, story.slug]),
    }
    client.get("/")  # warms the chrome and the other cached lists
    client.get(story.category.get_absolute_url())  # and the rail's (articles/rail.py)
    for name, url in pages.items():
        with django_assert_num_queries({**EXPECTED, **MORE}[name]):
            response = client.get(url)
        assert response.status_code == 200, name
        assert b"AI" in response.content, name
