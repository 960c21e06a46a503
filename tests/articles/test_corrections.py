"""Corrections are shown with their dates, listed on /corrections/ and move “Last updated”."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleUpdate
from tests.articles.admin_forms import article_form
from tests.factories import ArticleFactory, CorrectionFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db


def test_article_shows_its_corrections_at_the_end_with_dates(client, article):
    when = timezone.now() - timedelta(hours=1)
    CorrectionFactory(article=article, kind="clarification", text="We clarified the timeline.", published_at=when)
    doc = parse(client.get(article.get_absolute_url()))
    section = doc.cssselect("#corrections")[0]
    section_text = text(section)
    assert "Clarification" in section_text and "We clarified the timeline." in section_text
    assert section.cssselect("time")[0].get("datetime")[:10] == when.isoformat()[:10]
    story_text = text(doc.cssselect("article.story")[0])
    assert story_text.index("Corrections and clarifications") > story_text.index("Stocks rose on Monday.")


def test_corrections_page_lists_newest_first_and_only_published(client, section):
    old = CorrectionFactory(
        article=ArticleFactory(category=section), text="Old fix.", published_at=timezone.now() - timedelta(days=2)
    )
    new = CorrectionFactory(
        article=ArticleFactory(category=section), text="New fix.", published_at=timezone.now() - timedelta(hours=1)
    )
    CorrectionFactory(article=ArticleFactory(category=section, status=Article.Status.DRAFT), text="Hidden fix.")
    doc = parse(client.get(reverse("articles:corrections")))
    items = texts(doc, ".corrections-list li")
    assert len(items) == 2
    assert "New fix." in items[0] and "Old fix." in items[1]
    links = [a.get("href") for a in doc.cssselect(".corrections-list a")]
    assert links == [f"{new.article.get_absolute_url()}#corrections", f"{old.article.get_absolute_url()}#corrections"]


def test_empty_corrections_page(client, db):
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    assert "No corrections so far." in response.content.decode()


def test_adding_a_correction_moves_last_updated_and_a_plain_save_does_not(
    editor_client, editor, article, author, image
):
    url = reverse("admin:articles_article_change", args=[article.pk])
    local = article.publish_at.astimezone(timezone.get_current_timezone())
    data = article_form(
        article.category, author, image, slug=article.slug, headline="Oil prices climb, typo fixed", _workflow=None
    )
    data.update({"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at is None and not ArticleUpdate.objects.exists()

    data.update({
        "takeaways_text": "Another takeaway.",
        "faqs-0-question": "Another question?",
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-published_at_0": timezone.localdate().isoformat(),
        "corrections-0-published_at_1": "09:00:00",
        "corrections-0-text": "An earlier version gave the wrong price.",
    })  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at is not None and article.updated_at > article.publish_at
    update = ArticleUpdate.objects.get(article=article)
    assert update.user == editor and "wrong price" in update.note
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Last updated:" in page and "An earlier version gave the wrong price." in page


def test_substantive_updates_are_kept_in_history(editor_client, article, author, image):
    url = reverse("admin:articles_article_change", args=[article.pk])
    local = article.publish_at.astimezone(timezone.get_current_timezone())
    data = article_form(article.category, author, image, slug=article.slug, _workflow=None)
    data.update({"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")})
    for note in ("Added the minister's response.", "New figures from the central bank."):
        data.update(
            {"substantive_update": "on", "update_note": note, "takeaways_text": note[:20], "faqs-0-question": note}
        )
        assert editor_client.post(url, data).status_code == 302
    assert list(ArticleUpdate.objects.filter(article=article).values_list("note", flat=True)) == [
        "New figures from the central bank.",
        "Added the minister's response.",
    ]
    change_form = editor_client.get(url).content.decode()
    assert "New figures from the central bank." in change_form
