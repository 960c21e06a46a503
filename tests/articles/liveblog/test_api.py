"""What an app reads of a live blog: /api/v1/articles/{id}/entries, published entries only, cursors, cached."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.articles.liveblog.conftest import add_entry
from tests.factories import ArticleFactory, DisclosureFactory

pytestmark = pytest.mark.django_db


def entries_url(article_id):
    return reverse("api-v1:entry_list", kwargs={"article_id": article_id})


def test_the_entries_of_a_live_blog_newest_first_without_drafts(client, live):
    response = client.get(entries_url(live.article.pk))
    assert response.status_code == 200, response.content
    data = response.json()
    assert [item["id"] for item in data["items"]] == [live.latest.pk, live.decision.pk, live.early.pk, live.pinned.pk]
    assert data["live_blog"]["is_open"] is True and data["live_blog"]["ended_at"] is None
    first = data["items"][0]
    assert first["body_html"] == "<p>Shares extend gains.</p>"
    assert first["author"]["name"] == "Priya Raman"
    assert first["url"].endswith(f"/finance/rate-decision-day/live/{live.latest.pk}/")
    assert first["anchor_url"].endswith(f"/finance/rate-decision-day/#entry-{live.latest.pk}")
    assert data["items"][1]["is_key_event"] and data["items"][3]["is_pinned"]
    assert data["next"] is None


def test_cursors_walk_the_stream_without_repeats(client, live):
    seen, url = [], entries_url(live.article.pk) + "?limit=1"
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["items"]]
        url = data["next"]
    assert seen == [live.latest.pk, live.decision.pk, live.early.pk, live.pinned.pk]
    bad = client.get(entries_url(live.article.pk) + "?cursor=not-a-cursor")
    assert bad.status_code == 400 and "cursor" in bad.json()["detail"]


def test_only_published_live_blogs_answer(client, live):
    plain = ArticleFactory(headline="Not live", category=live.section)
    assert client.get(entries_url(plain.pk)).status_code == 404
    assert client.get(entries_url(999999)).status_code == 404
    live.article.status = "draft"
    live.article.save()
    response = client.get(entries_url(live.article.pk))
    assert response.status_code == 404 and response.json()["detail"]


def test_the_answer_is_cached_and_purged_by_a_new_entry(live, page_cache, django_capture_on_commit_callbacks):
    reader = Client()
    first = reader.get(entries_url(live.article.pk))
    assert f"liveblog-{live.article.pk}" in first["Surrogate-Key"].split()
    assert reader.get(entries_url(live.article.pk))["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        entry = add_entry(live.article, 0, "<p>Closing bell.</p>")
    again = reader.get(entries_url(live.article.pk))
    assert again["X-Page-Cache"] == "MISS" and again.json()["items"][0]["id"] == entry.pk


def test_the_openapi_document_describes_the_entries(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/articles/{article_id}/entries"]["get"]
    assert "live blogs" in operation["tags"]
    assert "EntryPage" in document["components"]["schemas"]


def test_the_entries_cost_a_fixed_number_of_queries(client, live, django_assert_num_queries):
    for n in range(20):
        add_entry(live.article, 50 - n, f"<p>Update {n}.</p>", author=live.reporter)
    client.get(entries_url(live.article.pk))  # the release schedule, cached for every answer
    with django_assert_num_queries(2):  # the live blog's article row, the page of entries with their authors
        client.get(entries_url(live.article.pk))


def test_a_sponsored_live_blog_says_so_with_its_entries(client, live):
    live.article.disclosures.add(DisclosureFactory(label="Sponsored"))
    data = client.get(entries_url(live.article.pk)).json()["live_blog"]
    assert data["is_commercial"] is True
    assert [d["label"] for d in data["disclosures"]] == ["Sponsored"]
