"""Disclosure labels follow the article to every surface; changes are audited."""

from datetime import timedelta

import pytest
from django.urls import reverse

from articles.models import Article, DisclosureChange
from tests.articles.admin_forms import article_form
from tests.factories import ArticleFactory, CategoryFactory, DisclosureFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsored(db):
    return DisclosureFactory()


@pytest.fixture
def labelled(section, author, sponsored):
    """A sponsored story among ordinary ones in the same section, tag and author."""
    story = ArticleFactory(
        category=section,
        headline="Partner bank launches savings app",
        authors=[author],
        tags=["Banking"],
        is_top_story=True,
        body='<p>Try it at <a href="https://partner.example/app">the app page</a>.</p>',
    )
    story.disclosures.add(sponsored)
    for n in range(3):
        ArticleFactory(
            category=section, authors=[author], tags=["Banking"], publish_at=story.publish_at - timedelta(days=n + 1)
        )
    return story


def card_labels(client, url, headline):
    """The disclosure labels on the card whose title is `headline`, as a reader sees them."""
    doc = parse(client.get(url))
    for card in doc.cssselect("article.card, article.lead-story"):
        titles = texts(card, "h2 a, h3 a")
        if headline in titles:
            return texts(card, ".disclosure-label")
    raise AssertionError(f"no card for {headline!r} on {url}")


def test_the_label_appears_on_every_surface(client, labelled, author):
    other = Article.objects.published().exclude(pk=labelled.pk).first()
    surfaces = {
        "home (top stories)": "/",
        "section": labelled.category.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "banking"}),
        "author": author.get_absolute_url(),
        "more from (another article)": other.get_absolute_url(),
    }
    for surface, url in surfaces.items():
        assert card_labels(client, url, labelled.headline) == ["Sponsored"], surface
    # The article header: the label, its explanation and the policy link, near the top.
    doc = parse(client.get(labelled.get_absolute_url()))
    notice = doc.cssselect(".story__header .disclosure-notice")[0]
    assert "Sponsored" in notice.text_content() and "A sponsor paid for this article." in notice.text_content()
    assert notice.cssselect("a")[0].get("href") == "/pages/editorial-advertiser-disclosure/"
    # Unlabelled stories carry no label.
    assert card_labels(client, labelled.category.get_absolute_url(), other.headline) == []


def test_commercial_articles_mark_body_links_sponsored(client, labelled):
    doc = parse(client.get(labelled.get_absolute_url()))
    assert doc.cssselect(".story__body a")[0].get("rel") == "sponsored noopener"
    plain = ArticleFactory(category=labelled.category, body='<p><a href="https://example.com/">x</a></p>')
    doc = parse(client.get(plain.get_absolute_url()))
    assert doc.cssselect(".story__body a")[0].get("rel") is None


def test_a_section_default_is_inherited_unless_the_article_opts_out(client):
    wire = DisclosureFactory(name="Agency copy", label="Agency copy", is_commercial=False)
    section = CategoryFactory(name="Headlines", slug="headlines", default_disclosure=wire)
    inherited = ArticleFactory(category=section, headline="Wire story")
    opted_out = ArticleFactory(category=section, headline="Own reporting", use_section_disclosure=False)
    url = section.get_absolute_url()
    assert card_labels(client, url, "Wire story") == ["Agency copy"]
    assert card_labels(client, url, "Own reporting") == []
    assert [d["label"] for d in inherited.effective_disclosures] == ["Agency copy"]
    assert opted_out.effective_disclosures == []


def test_disclosure_changes_are_recorded_with_user_and_time(editor_client, editor, section, author, image, sponsored):
    add = reverse("admin:articles_article_add")
    data = article_form(section, author, image, disclosures=[sponsored.pk])
    assert editor_client.post(add, data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    change = DisclosureChange.objects.get(article=article)
    assert (change.action, change.disclosure, change.user) == ("added", sponsored, editor)
    assert change.created_at is not None
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Added: Sponsored content" in page


def test_removing_a_commercial_disclosure_from_a_published_article_needs_a_reason(
    editor_client, editor, labelled, author, image
):
    url = reverse("admin:articles_article_change", args=[labelled.pk])
    data = article_form(labelled.category, author, image, slug=labelled.slug, headline=labelled.headline)
    data.pop("disclosures", None)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "say why readers should no longer see" in str(response.context["adminform"].form.errors)
    assert labelled.disclosures.exists(), "nothing is lost on a refused save"

    data["disclosure_change_reason"] = "The campaign ended; the piece was rewritten by the newsroom."
    assert editor_client.post(url, data).status_code == 302
    assert not labelled.disclosures.exists()
    removal = DisclosureChange.objects.get(article=labelled, action="removed")
    assert removal.user == editor and removal.reason.startswith("The campaign ended")


def test_removing_from_a_draft_needs_no_reason(editor_client, section, author, image, sponsored):
    draft = ArticleFactory(category=section, status=Article.Status.DRAFT)
    draft.disclosures.add(sponsored)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = article_form(section, author, image, slug=draft.slug, status="draft")
    assert editor_client.post(url, data).status_code == 302
    assert not draft.disclosures.exists()


def test_card_labels_cost_no_extra_query(client, django_assert_num_queries, section, sponsored):
    for _ in range(5):
        ArticleFactory(category=section).disclosures.add(sponsored)
    client.get(section.get_absolute_url())  # warm the menu cache
    with django_assert_num_queries(3):
        html = client.get(section.get_absolute_url()).content.decode()
    assert html.count('class="disclosure-label disclosure-label--commercial"') == 5
