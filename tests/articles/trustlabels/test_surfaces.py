"""The type-of-work and AI-use labels on every surface the disclosure labels reach, as a reader (or an app) meets them.

Card, article header and byline, feed item, newsletter, read API and text edition; the JSON-LD has its own module.
"""

import feedparser
import pytest
from django.urls import reverse

from articles.services import search_index_update
from newsletter.services.issues import issue_email
from tests.html import parse_ok, text
from tests.newsletter.factories import IssueFactory, NewsletterListFactory

pytestmark = pytest.mark.django_db

POLICY = "/pages/types-of-work-and-ai/"


def card_of(page, headline):
    """The (first) card of the story with this headline."""
    cards = [c for c in page.cssselect("article.card, article.lead-story") if headline in text(c)]
    assert cards, headline
    return cards[0]


# --- cards ------------------------------------------------------------------


def test_a_card_shows_its_type_above_the_headline_with_the_explanation_in_the_labels_text(client, desk):
    page = parse_ok(client.get(desk.business.get_absolute_url()))
    card = card_of(page, desk.review.headline)
    (label,) = card.cssselect(".card__type a.type-label")
    assert label.get("href") == POLICY
    # The explanation is part of the link's text (read by screen readers, shown on hover and focus by CSS).
    assert text(label) == "Review: A critic's assessment of a product, service, book or performance."
    assert (
        text(label.cssselect(".type-label__tip")[0])
        == ": A critic's assessment of a product, service, book or performance."
    )
    heading = card.cssselect(".card__title")[0]
    body = heading.getparent()
    assert body.index(label.getparent()) < body.index(heading)  # above the headline


def test_every_type_gets_its_label_and_a_sections_default_applies(client, desk):
    page = parse_ok(client.get("/"))
    assert text(card_of(page, desk.news.headline).cssselect(".type-label")[0]).startswith("News:")
    assert text(card_of(page, desk.column.headline).cssselect(".type-label")[0]).startswith("Opinion:")


def test_a_commercial_card_is_labelled_by_its_disclosure_not_by_a_type(client, desk):
    page = parse_ok(client.get(desk.business.get_absolute_url()))
    card = card_of(page, desk.sponsored.headline)
    assert not card.cssselect(".type-label")  # "Analysis" underneath: the sponsor's label says what it is
    assert [text(s) for s in card.cssselect(".disclosure-label")] == ["Sponsored"]


def test_a_card_marks_ai_use(client, desk):
    page = parse_ok(client.get(desk.business.get_absolute_url()))
    assert [text(m) for m in card_of(page, desk.drafted.headline).cssselect(".ai-label")] == ["AI-drafted"]
    assert not card_of(page, desk.news.headline).cssselect(".ai-label")


def test_without_a_published_policy_page_the_label_still_takes_the_focus(client, desk):
    from portal.models import Page

    Page.objects.filter(slug="types-of-work-and-ai").update(is_published=False)
    from portal.selectors import chrome_forget

    chrome_forget()
    page = parse_ok(client.get(desk.business.get_absolute_url()))
    label = card_of(page, desk.news.headline).cssselect(".type-label")[0]
    assert label.tag == "span" and label.get("tabindex") == "0"


# --- the article page ---------------------------------------------------------


def test_the_article_header_shows_the_type_above_the_headline(client, desk):
    page = parse_ok(client.get(desk.column.get_absolute_url()))
    header = page.cssselect(".story__header")[0]
    label = header.cssselect(".story__type a.type-label")[0]
    assert text(label) == "Opinion: The writer's own view and argument, not our news reporting."
    assert header.index(label.getparent()) < header.index(header.cssselect("h1")[0])


def test_a_commercial_article_header_names_its_disclosure_as_the_type(client, desk):
    page = parse_ok(client.get(desk.sponsored.get_absolute_url()))
    label = page.cssselect(".story__type .type-label")[0]
    assert text(label) == "Sponsored: A sponsor paid for this article."
    assert label.get("href") == "/pages/editorial-advertiser-disclosure/"


def test_an_opinion_byline_shows_the_writers_role(client, desk):
    byline = parse_ok(client.get(desk.column.get_absolute_url())).cssselect(".story__byline")[0]
    assert text(byline) == "By Tom Hale, Columnist"


def test_without_its_own_role_an_opinion_piece_shows_the_authors_and_news_shows_none(client, desk):
    desk.column.byline_role = ""
    desk.column.save()
    author = desk.column.authors.get()
    author.role = "Guest writer"
    author.save()
    assert text(parse_ok(client.get(desk.column.get_absolute_url())).cssselect(".story__byline")[0]) == (
        "By Tom Hale, Guest writer"
    )
    assert text(parse_ok(client.get(desk.news.get_absolute_url())).cssselect(".story__byline")[0]) == "By Ann Lee"


def test_the_ai_use_note_stands_next_to_the_byline_with_the_reviewers_name(client, desk):
    page = parse_ok(client.get(desk.drafted.get_absolute_url()))
    byline = page.cssselect(".story__byline")[0]
    note = byline.getnext()
    assert "story__ai-use" in note.get("class")
    assert text(note) == (
        "AI use The text was drafted with AI and edited by Maria Keller. The picture was generated with AI. "
        "AI summarised the filings; every figure was checked against them. How we use AI"
    )
    assert note.cssselect("a")[0].get("href") == POLICY


def test_a_story_without_ai_has_no_note(client, desk):
    assert not parse_ok(client.get(desk.news.get_absolute_url())).cssselect(".story__ai-use")


def test_research_assistance_is_told_with_the_checking_journalist(client, desk):
    desk.news.ai_use, desk.news.ai_reviewed_by = "assisted", desk.editor
    desk.news.save()
    note = parse_ok(client.get(desk.news.get_absolute_url())).cssselect(".story__ai-use")[0]
    assert "AI tools helped with research or translation; our journalists wrote the text." in text(note)
    assert "Checked by Maria Keller." in text(note)


# --- feeds ------------------------------------------------------------------


def feed_entries(client, fmt="rss"):
    response = client.get(reverse("articles:feed", args=[fmt]))
    assert response.status_code == 200
    return {e.title: e for e in feedparser.parse(response.content).entries}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_feed_item_carries_its_type_and_ai_use(client, desk, fmt):
    entries = feed_entries(client, fmt)
    drafted = entries[desk.drafted.headline]
    assert drafted.tags[0].term == "News"
    assert "AI use: The text was drafted with AI and edited by Maria Keller." in drafted.summary
    review = entries[desk.review.headline]
    assert review.tags[0].term == "Review"
    assert review.summary.startswith("Review: A critic&#x27;s assessment") or review.summary.startswith(
        "Review: A critic's assessment"
    )


def test_opinion_is_never_filed_under_news_in_a_feed(client, desk):
    news_section = desk.column.category
    news_section.name = "News"
    news_section.save()
    desk.column.tags.add("News", "Retail")
    entries = feed_entries(client)
    terms = [t.term for t in entries[desk.column.headline].tags]
    assert terms == ["Opinion", "Retail"]
    assert "News" in [t.term for t in entries[desk.news.headline].tags]


# --- the newsletter ---------------------------------------------------------


def test_the_newsletter_card_carries_the_type_and_the_ai_use(desk):
    issue = IssueFactory(newsletter_list=NewsletterListFactory(), articles=[desk.drafted, desk.column, desk.sponsored])
    rendered = issue_email(issue)
    message = rendered.message_for(email="reader@example.com", token="t", message_id="<t@example.com>")
    plain = message.body
    html = message.alternatives[0][0]
    assert "[Opinion] Comment" in plain and "[News] Business" in plain
    assert "[Sponsored] Business" in plain and "[Analysis]" not in plain  # commercial: its disclosure is its type
    assert "AI use: The text was drafted with AI and edited by Maria Keller." in plain
    assert ">Opinion</span>" in html and "edited by Maria Keller." in html
    assert html.count("AI use</strong>") == 1


# --- the read API -----------------------------------------------------------


def test_the_api_gives_apps_the_type_and_the_ai_use(client, desk):
    items = {i["headline"]: i for i in client.get(reverse("api-v1:article_list")).json()["items"]}
    drafted = items[desk.drafted.headline]
    assert drafted["type_of_work"] == {
        "key": "news",
        "label": "News",
        "explanation": "Facts our reporters gathered and checked, without their opinion.",
        "schema_type": "ReportageNewsArticle",
    }
    ai = drafted["ai_use"]
    assert (ai["text"], ai["picture"], ai["label"]) == ("drafted", "trainedAlgorithmicMedia", "AI-drafted")
    assert ai["reviewed_by"]["name"] == "Maria Keller" and ai["summary"].startswith("The text was drafted with AI")
    assert drafted["hero_image"]["digital_source_type"] == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    assert items[desk.news.headline]["ai_use"] is None
    assert items[desk.column.headline]["type_of_work"]["schema_type"] == "OpinionNewsArticle"
    assert items[desk.sponsored.headline]["type_of_work"]["key"] == "commercial"
    detail = client.get(reverse("api-v1:article_detail", args=[desk.drafted.pk])).json()
    assert detail["ai_use"] == ai and detail["type_of_work"] == drafted["type_of_work"]
    assert items[desk.column.headline]["byline"] == "By Tom Hale, Columnist"


# --- the text edition -------------------------------------------------------


def test_the_text_edition_tells_the_type_and_the_ai_use(client, desk):
    page = parse_ok(client.get(reverse("textedition:article", args=["business", desk.drafted.slug])))
    body = text(page.cssselect("article")[0])
    assert "News: Facts our reporters gathered and checked" in body
    assert "AI use: The text was drafted with AI and edited by Maria Keller. The picture was generated with AI." in body
    front = text(parse_ok(client.get(reverse("textedition:front"))).cssselect("main, body")[0])
    assert f"{desk.column.headline} [Opinion]" in front
    assert f"{desk.drafted.headline} [AI-drafted]" in front
    assert f"{desk.news.headline} [" not in front  # news is what is left unmarked in a list


def test_search_results_carry_the_type_and_the_ai_mark(client, desk):
    search_index_update()  # PostgreSQL searches the stored index (SQLite the rows themselves)
    page = parse_ok(client.get(reverse("articles:search"), {"q": "glance"}))
    (result,) = page.cssselect("article.result")
    assert text(result.cssselect(".type-label")[0]).startswith("News:")
    assert text(result.cssselect(".ai-label")[0]) == "AI-drafted"
