"""Revisions: every admin save keeps one (with takeaways, FAQ, tags, disclosures);
a readable difference between any two; restore makes a new revision."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from articles.workflow.revisions import html_to_words, word_diff
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.admin_forms import change_form_data
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, DisclosureFactory

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk():
    return role_user(EDITOR)


@pytest.fixture
def story(section, desk):
    return ArticleFactory(
        category=section, headline="Rates hold", body="<p>The bank held rates.</p>", tags=["Rates"], created_by=desk
    )


def save(client, article, **changes):
    article.refresh_from_db()
    data = change_form_data(article, **changes)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def two_revisions(desk, story):
    client = login(desk)
    sponsored = DisclosureFactory()
    save(client, story, takeaways_text="Held.")
    save(
        client,
        story,
        headline="Rates hold again",
        body="<p>The central bank held rates <em>steady</em>.</p><p>A second paragraph &amp; more.</p>",
        tags="Rates, Banks",
        disclosures=[sponsored.pk],
    )
    return client, list(Version.objects.get_for_object(story))


def test_admin_saves_keep_revisions_with_the_children(desk, story):
    client, versions = two_revisions(desk, story)
    assert len(versions) == 2
    newest = versions[0]
    assert newest.revision.user == desk
    kinds = {v.content_type.model for v in newest.revision.version_set.all()}
    assert {"article", "keytakeaway", "taggedarticle"} <= kinds
    assert newest.field_dict["disclosures"]  # the m2m ids travel in the article's own data


def test_the_difference_is_readable_and_escaped(desk, story):
    client, versions = two_revisions(desk, story)
    url = reverse("admin:articles_article_compare", args=[story.pk])
    response = client.get(url, {"old": versions[1].pk, "new": versions[0].pk})
    assert response.status_code == 200
    labels = [row["label"] for row in response.context["rows"]]
    assert labels[:2] == ["Headline", "Body"] and "Tags" in labels and "Disclosures" in labels
    page = response.content.decode()
    assert "<ins>again </ins>" in page
    assert "<ins>central </ins>" in page and "<del>rates. </del>" in page or "<del>" in page
    assert "&amp;amp;" not in page and "&amp; more" in page  # text escaped once, no raw HTML from the body
    assert "<em>" not in page.split('class="revision-diff"')[1]


def test_word_diff_escapes_markup_in_text():
    html = word_diff(html_to_words("<p>a &lt;b&gt;</p>"), html_to_words("<p>a &lt;script&gt;</p>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_restore_brings_back_content_but_keeps_the_state(desk, story):
    client, versions = two_revisions(desk, story)
    story.refresh_from_db()
    url = reverse("admin:articles_article_restore", args=[story.pk, versions[1].pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "What changes compared with now" in confirm.content.decode()
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    assert client.post(url).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Rates hold" and story.body == "<p>The bank held rates.</p>"
    assert [t.name for t in story.tags.all()] == ["Rates"]
    assert not story.disclosures.exists()
    assert [t.text for t in story.takeaways.all()] == ["Held."]
    assert story.status == Article.Status.UNPUBLISHED  # the workflow state is not content
    assert Version.objects.get_for_object(story).count() == 3  # the restore is itself a revision
    assert story.disclosure_changes.filter(action="removed").exists()  # audited like any removal


def test_revision_pages_follow_permissions(desk, story):
    two_revisions(desk, story)
    outsider = role_user(CONTRIBUTOR)
    for name, args in (("revisions", [story.pk]), ("restore", [story.pk, 1])):
        assert login(outsider).get(reverse(f"admin:articles_article_{name}", args=args)).status_code == 404
    page = login(desk).get(reverse("admin:articles_article_revisions", args=[story.pk])).content.decode()
    assert "Restore this revision" in page and "Compare the chosen revisions" in page


def test_bad_compare_parameters_are_a_404_not_a_500(desk, story):
    client, _ = two_revisions(desk, story)
    url = reverse("admin:articles_article_compare", args=[story.pk])
    assert client.get(url, {"old": "x", "new": "1"}).status_code == 404
    assert client.get(url).status_code == 404
