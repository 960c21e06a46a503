"""Sources and methods: the note and the cited links on the article page, sanitized, and as `citation` in JSON-LD."""

import json

import pytest
from django.urls import reverse

from articles.models import SourceLink, SourcesNote
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory
from tests.html import parse_ok, text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def sourced(section):
    story = ArticleFactory(category=section, headline="Rates hold")
    SourcesNote.objects.create(
        article=story,
        methods="<p>We read the <strong>minutes</strong> and spoke to two members.</p><script>alert(1)</script>"
        '<p><a href="javascript:alert(1)">bad</a></p>',
    )
    SourceLink.objects.create(article=story, position=1, kind="data", title="Rate history", url="https://example.com/d")
    SourceLink.objects.create(article=story, position=0, title="Policy statement", url="https://example.com/s")
    return story


def test_the_article_shows_its_sources_and_methods(client, sourced):
    page = parse_ok(client.get(sourced.get_absolute_url()))
    section = page.get_element_by_id("sources")
    assert texts(section, "h2") == ["Sources and methods"]
    assert "We read the minutes and spoke to two members." in text(section)
    assert texts(section, ".sources__links li") == ["Policy statement (Document)", "Rate history (Data)"]
    assert [a.get("href") for a in section.cssselect(".sources__links a")] == [
        "https://example.com/s",
        "https://example.com/d",
    ]


def test_the_methods_note_is_sanitized_on_save(sourced):
    stored = SourcesNote.objects.get(article=sourced).methods
    assert "<script" not in stored and "javascript:" not in stored and "<strong>minutes</strong>" in stored


def test_citations_are_in_the_json_ld(client, sourced):
    page = parse_ok(client.get(sourced.get_absolute_url()))
    data = json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    assert data["citation"] == [
        {"@type": "CreativeWork", "name": "Policy statement", "url": "https://example.com/s"},
        {"@type": "CreativeWork", "name": "Rate history", "url": "https://example.com/d"},
    ]


def test_an_article_without_sources_shows_no_section(client, section):
    story = ArticleFactory(category=section)
    page = parse_ok(client.get(story.get_absolute_url()))
    assert not page.cssselect("#sources")
    assert "citation" not in json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)


def test_editors_add_sources_in_the_article_form(editor_client, section):
    story = ArticleFactory(category=section)
    data = change_form_data(
        story,
        **{
            "sources_note-TOTAL_FORMS": "1",
            "sources_note-0-methods": "<p>From the filing.</p>",
            "source_links-TOTAL_FORMS": "1",
            "source_links-0-kind": "statement",
            "source_links-0-title": "Annual report",
            "source_links-0-url": "https://example.com/report.pdf",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302
    assert story.sources_note.methods == "<p>From the filing.</p>"
    assert list(story.source_links.values_list("title", "kind")) == [("Annual report", "statement")]


def test_a_link_that_is_not_a_web_address_gets_a_clear_error(editor_client, section):
    story = ArticleFactory(category=section)
    data = change_form_data(
        story,
        **{
            "source_links-TOTAL_FORMS": "1",
            "source_links-0-kind": "document",
            "source_links-0-title": "Bad",
            "source_links-0-url": "javascript:alert(1)",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not story.source_links.exists()


def test_sources_cost_the_article_page_no_query(client, sourced, section, django_assert_num_queries):
    plain = ArticleFactory(category=section)
    client.get(plain.get_absolute_url())
    client.get(sourced.get_absolute_url())
    with django_assert_num_queries(6) as plain_queries:
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(len(plain_queries)):
        client.get(sourced.get_absolute_url())
