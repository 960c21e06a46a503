"""What an app reads from /api/v1/: published stories only, each filter, cursors, the article's parts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    DisclosureFactory,
    FAQFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db


def get(client, name, **params):
    response = client.get(reverse(f"api-v1:{name}"), params)
    assert response["Content-Type"].startswith("application/json")
    return response


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["items"]]


@pytest.fixture
def hidden(section, author):
    """A draft, one in review, a scheduled (embargoed) story and an expired one, each tagged and bylined."""
    now = timezone.now()
    rows = [
        ArticleFactory(headline="Draft merger talks", status="draft", category=section),
        ArticleFactory(headline="Review of bank results", status="in_review", category=section),
        ArticleFactory(headline="Embargoed jobs report", publish_at=now + timedelta(hours=2), category=section),
        ArticleFactory(headline="Expired offer", unpublish_at=now - timedelta(minutes=1), category=section),
        ArticleFactory(headline="Unpublished rumour", status="unpublished", category=section),
    ]
    for row in rows:
        row.tags.set(["Oil"])
        row.authors.set([author])
    return rows


def test_the_list_shows_published_stories_newest_first_and_never_hidden_ones(client, article, hidden):
    newer = ArticleFactory(headline="Gold hits a record", publish_at=timezone.now() - timedelta(minutes=5))
    assert headlines(get(client, "article_list")) == [newer.headline, article.headline]


def test_the_detail_of_a_hidden_story_is_a_404_that_says_so(client, hidden):
    for row in hidden:
        response = client.get(reverse("api-v1:article_detail", args=[row.pk]))
        assert response.status_code == 404
        assert response.json() == {"detail": f"No published article has the id {row.pk}."}
        assert "no-store" in response["Cache-Control"]


def test_an_article_object_carries_what_a_card_shows(client, article):
    item = get(client, "article_list").json()["items"][0]
    assert item["headline"] == "Oil prices climb as supply talks stall"
    assert item["url"] == f"http://testserver{article.get_absolute_url()}"
    assert item["section"] == {"id": article.category_id, "slug": "business", "name": "Business",
                               "url": "http://testserver/business/"}  # fmt: skip
    assert item["byline"] == "By Andrew Osborn (Reuters)"
    assert [a["slug"] for a in item["authors"]] == ["andrew-osborn"]
    assert sorted(t["name"] for t in item["tags"]) == ["Commodities", "Oil"]
    assert item["is_commercial"] is False and item["disclosures"] == []
    assert item["updated_at"] is None
    picture = item["hero_image"]
    assert picture["alt_text"] == article.hero_image.alt_text
    widths = [r["width"] for r in picture["renditions"]["webp"]]
    assert widths == sorted(widths) and widths[-1] == 800  # the 800 px upload, never enlarged
    assert all(r["url"].startswith("http://testserver/media/renditions/") for r in picture["renditions"]["jpeg"])
    assert "body_html" not in item  # lists carry no body


def test_commercial_content_is_labelled_in_lists_and_in_the_detail(client, article, section):
    sponsored = DisclosureFactory()
    wire = DisclosureFactory(name="Agency copy", slug="agency-copy", label="Wire", is_commercial=False)
    section.default_disclosure = wire
    section.save()
    article.disclosures.add(sponsored)
    article.body = '<p>See <a href="https://sponsor.example/">the offer</a>.</p>'
    article.save()
    expected = [
        {"name": "Sponsored content", "label": "Sponsored", "explanation": "A sponsor paid for this article.",
         "policy_url": "/pages/editorial-advertiser-disclosure/", "is_commercial": True},
        {"name": "Agency copy", "label": "Wire", "explanation": "A sponsor paid for this article.",
         "policy_url": "/pages/editorial-advertiser-disclosure/", "is_commercial": False},
    ]  # fmt: skip
    item = get(client, "article_list").json()["items"][0]
    assert item["is_commercial"] is True
    assert sorted(item["disclosures"], key=lambda d: d["name"], reverse=True) == expected
    detail = client.get(reverse("api-v1:article_detail", args=[article.pk])).json()
    assert detail["is_commercial"] is True and len(detail["disclosures"]) == 2
    assert 'rel="sponsored' in detail["body_html"]


def test_the_detail_has_the_body_takeaways_faq_and_corrections(client, article):
    KeyTakeawayFactory(article=article, text="Supply talks stalled.", position=1)
    KeyTakeawayFactory(article=article, text="Brent rose 3%.", position=0)
    FAQFactory(article=article, question="Why did oil rise?", answer="Supply worries.")
    CorrectionFactory(article=article, text="An earlier version misstated the price.")
    article.updated_at = article.publish_at + timedelta(minutes=30)
    article.save()
    response = client.get(reverse("api-v1:article_detail", args=[article.pk]))
    data = response.json()
    assert data["body_html"] == "<p>Stocks rose on Monday.</p><p>Bond yields fell as traders bet on lower rates.</p>"
    assert data["takeaways"] == [{"text": "Brent rose 3%."}, {"text": "Supply talks stalled."}]
    assert data["faq"] == [{"question": "Why did oil rise?", "answer": "Supply worries."}]
    assert [(c["kind"], c["text"]) for c in data["corrections"]] == [
        ("correction", "An earlier version misstated the price.")
    ]
    assert data["corrections"][0]["published_at"].endswith(("Z", "+00:00"))
    assert data["updated_at"] is not None


def test_filters_by_section_including_sub_sections_by_tag_and_by_author(client, article, section, hidden):
    banking = CategoryFactory(name="Banking", slug="banking", parent=section)
    other = CategoryFactory(name="Tech", slug="tech")
    bank_story = ArticleFactory(headline="Banks lend more", category=banking, tags=["Rates"])
    tech_story = ArticleFactory(headline="Chips rally", category=other, tags=["Oil"], authors=[AuthorFactory()])
    assert headlines(get(client, "article_list", section="business")) == [article.headline, bank_story.headline]
    assert headlines(get(client, "article_list", section="banking")) == [bank_story.headline]
    assert headlines(get(client, "article_list", tag="oil")) == [article.headline, tech_story.headline]
    assert headlines(get(client, "article_list", author="andrew-osborn")) == [article.headline]
    assert headlines(get(client, "article_list", tag="oil", section="tech")) == [tech_story.headline]


def test_unknown_filter_values_are_404s_that_name_them(client, article):
    for params, message in [
        ({"section": "nope"}, "No section has the slug “nope”. GET /api/v1/sections lists them."),
        ({"tag": "nope"}, "No tag has the slug “nope”. GET /api/v1/tags lists them."),
        ({"author": "nope"}, "No author has the slug “nope”. GET /api/v1/authors lists them."),
    ]:
        response = get(client, "article_list", **params)
        assert response.status_code == 404 and response.json() == {"detail": message}


def test_updated_since_finds_stories_published_edited_or_updated_since(client, section):
    now = timezone.now()
    old = ArticleFactory(headline="Old story", publish_at=now - timedelta(days=3))
    edited = ArticleFactory(headline="Edited story", publish_at=now - timedelta(days=3))
    fresh = ArticleFactory(headline="Fresh story", publish_at=now - timedelta(minutes=10))
    Article.objects.filter(pk__in=[old.pk, edited.pk]).update(modified_at=now - timedelta(days=2))
    Article.objects.filter(pk=edited.pk).update(modified_at=now - timedelta(minutes=5))
    since = (now - timedelta(hours=1)).isoformat()
    assert headlines(get(client, "article_list", updated_since=since)) == [fresh.headline, edited.headline]
    naive = (now - timedelta(hours=1)).replace(tzinfo=None).isoformat()  # taken as UTC
    assert headlines(get(client, "article_list", updated_since=naive)) == [fresh.headline, edited.headline]


def test_cursors_walk_the_whole_list_once_even_when_a_story_is_published_meanwhile(client, section):
    start = timezone.now() - timedelta(hours=5)
    stories = [ArticleFactory(headline=f"Story {i}", publish_at=start + timedelta(minutes=i)) for i in range(7)]
    seen, url, pages = [], reverse("api-v1:article_list") + "?limit=3", 0
    while url:
        data = client.get(url).json()
        seen += [item["headline"] for item in data["items"]]
        url, pages = data["next"], pages + 1
        if pages == 1:
            ArticleFactory(headline="Breaking in between", publish_at=timezone.now())  # newest: on no later page
            assert data["next_cursor"] and data["next"].startswith("http://testserver/api/v1/articles?")
    assert seen == [s.headline for s in reversed(stories)] and pages == 3


def test_bad_parameters_are_400s_with_a_clear_message(client, article):
    cases = [
        ({"limit": 0}, "Invalid parameters. limit: Input should be greater than or equal to 1"),
        ({"limit": 51}, "Invalid parameters. limit: Input should be less than or equal to 50"),
        ({"updated_since": "yesterday"}, "Invalid parameters. updated_since: Input should be a valid datetime"),
        ({"cursor": "not-a-cursor"}, "This cursor is not one the API handed out"),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "The time in updated_since is out of range"),
    ]
    for params, message in cases:
        response = get(client, "article_list", **params)
        assert response.status_code == 400, params
        assert response.json()["detail"].startswith(message), response.json()
    assert client.get(reverse("api-v1:article_detail", args=[0])).status_code == 400


def test_sections_tags_and_authors(client, article, section, hidden):
    CategoryFactory(name="Banking", slug="banking", parent=section, show_in_navigation=False)
    AuthorFactory(name="Draft Only", slug="draft-only").articles.add(hidden[0])
    sections = get(client, "section_list").json()["items"]
    assert [(s["slug"], s["parent_id"], s["in_navigation"]) for s in sections] == [
        ("business", None, True),
        ("banking", section.pk, False),
    ]
    tags = get(client, "tag_list").json()["items"]
    # Oil: the published story only; the hidden ones are not counted.
    assert [(t["slug"], t["article_count"]) for t in tags] == [("commodities", 1), ("oil", 1)]
    assert get(client, "tag_list", limit=1).json()["next_cursor"]
    second = get(client, "tag_list", limit=1, cursor=get(client, "tag_list", limit=1).json()["next_cursor"])
    assert [t["slug"] for t in second.json()["items"]] == ["oil"]
    authors = get(client, "author_list").json()["items"]
    assert [a["name"] for a in authors] == ["Andrew Osborn"]  # bylined on drafts only: not public yet


def test_the_index_links_every_part(client):
    links = client.get("/api/v1/").json()["links"]
    assert links["openapi"] == "http://testserver/api/v1/openapi.json"
    for name in ("articles", "sections", "tags", "authors"):
        assert client.get(links[name]).status_code == 200


def test_a_control_character_in_a_parameter_is_a_json_400(client):
    response = client.get(reverse("api-v1:article_list"), {"section": "oil\x98"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("The address or a parameter holds a control character")


def test_web_apps_on_other_sites_may_read_the_answers(client, article):
    for url in ("/api/v1/", "/api/v1/openapi.json", reverse("api-v1:article_list"), reverse("api-v1:section_list")):
        response = client.get(url, HTTP_ORIGIN="https://app.example")
        assert response["Access-Control-Allow-Origin"] == "*", url
