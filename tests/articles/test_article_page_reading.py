"""What a demanding reader checks on an article page: honest times, a numbered FAQ, caption and credit apart,
and the agency's dateline."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import ArticleFactory, FAQFactory, ImageFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return parse(response)


def dates(client, article):
    return text(page(client, article).cssselect(".story__dates")[0])


def test_a_same_day_update_shows_both_times_and_the_time_zone_once(client, section):
    story = ArticleFactory(
        category=section,
        publish_at=datetime(2025, 12, 1, 9, 15, tzinfo=LONDON),
        updated_at=datetime(2025, 12, 1, 14, 30, tzinfo=LONDON),
    )
    shown = dates(client, story)
    assert shown.startswith("Posted on 1 December 2025, 09:15 Last updated: 1 December 2025, 14:30 GMT")
    assert shown.count("GMT") == 1


def test_summer_time_is_named_as_such(client, section):
    story = ArticleFactory(
        category=section,
        publish_at=datetime(2025, 7, 1, 8, 0, tzinfo=LONDON),
        updated_at=datetime(2025, 7, 1, 11, 5, tzinfo=LONDON),
    )
    assert "Posted on 1 July 2025, 08:00 Last updated: 1 July 2025, 11:05 BST" in dates(client, story)


def test_an_update_on_another_day_shows_the_dates_only(client, section):
    story = ArticleFactory(
        category=section,
        publish_at=datetime(2025, 12, 1, 9, 15, tzinfo=LONDON),
        updated_at=datetime(2025, 12, 3, 14, 30, tzinfo=LONDON),
    )
    shown = dates(client, story)
    assert shown.startswith("Posted on 1 December 2025 Last updated: 3 December 2025 ")
    assert "09:15" not in shown and "GMT" not in shown


def test_no_update_no_time(client, section):
    story = ArticleFactory(category=section, publish_at=datetime(2025, 12, 1, 9, 15, tzinfo=LONDON))
    assert dates(client, story).startswith("Posted on 1 December 2025 1 min read")


def test_the_faq_is_numbered_in_the_editors_order(client, section):
    story = ArticleFactory(category=section)
    FAQFactory(article=story, position=1, question="What happens next?", answer="Producers meet in March.")
    FAQFactory(article=story, position=0, question="Why did oil rise?", answer="Talks on output stalled.")
    faq = page(client, story).cssselect("section#faq")[0]
    (numbered,) = faq.cssselect("ol")
    assert texts(numbered, "li > h3") == ["Why did oil rise?", "What happens next?"]
    assert texts(numbered, "li > p") == ["Talks on output stalled.", "Producers meet in March."]


def test_caption_and_credit_are_separate(client, section):
    image = ImageFactory(caption="Frankfurt's banking district", credit="Reuters/Kai Pfaffenbach")
    story = ArticleFactory(category=section, hero_image=image)
    (caption,) = page(client, story).cssselect("figure.story__hero figcaption")
    assert texts(caption, ".caption") == ["Frankfurt's banking district"]
    assert [(c.tag, text(c)) for c in caption.cssselect(".credit")] == [("small", "Image: Reuters/Kai Pfaffenbach")]


def test_a_credit_without_a_caption(client, section):
    story = ArticleFactory(category=section, hero_image=ImageFactory(caption="", credit="Reuters"))
    (caption,) = page(client, story).cssselect("figure.story__hero figcaption")
    assert not caption.cssselect(".caption") and texts(caption, ".credit") == ["Image: Reuters"]


def first_paragraph(client, story):
    return page(client, story).cssselect(".story__body p")[0]


def test_agency_copy_opens_with_the_agencys_dateline(client, section):
    story = ArticleFactory(category=section, source="Reuters", body="<p>Oil rose on Monday.</p><p>More.</p>")
    opening = first_paragraph(client, story)
    assert text(opening) == "(Reuters) - Oil rose on Monday."
    assert texts(opening, ".story__dateline") == ["(Reuters) -"]


@pytest.mark.parametrize(
    "body",
    [
        "<p>(Reuters) - Oil rose on Monday.</p>",
        "<p>LONDON (Reuters) - Oil rose on Monday.</p>",
        "<p><strong>LONDON (Reuters)</strong> – Oil rose on Monday.</p>",
    ],
)
def test_a_body_that_has_its_dateline_does_not_get_a_second(client, section, body):
    story = ArticleFactory(category=section, source="Reuters", body=body)
    opening = first_paragraph(client, story)
    assert text(opening).count("(Reuters)") == 1 and not opening.cssselect(".story__dateline")


def test_own_reporting_has_no_dateline_and_the_credit_is_escaped(client, section):
    own = ArticleFactory(category=section, source="", body="<p>Our reporter writes.</p>")
    assert text(first_paragraph(client, own)) == "Our reporter writes."
    odd = ArticleFactory(category=section, source="<b>AP</b>", body="<p>Text.</p>")
    opening = first_paragraph(client, odd)
    assert text(opening) == "(<b>AP</b>) - Text." and not opening.cssselect("b")
