"""The public change history: "What changed" lists the published versions with the editor's notes and
word-level differences, links each correction to the version it corrected, and never shows a draft."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleUpdate
from articles.workflow.transitions import article_approve
from portal.roles import EDITOR
from tests.articles.admin_forms import change_form_data
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, CorrectionFactory
from tests.html import parse, parse_ok, text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    client = Client()
    client.force_login(role_user(EDITOR))
    return client


@pytest.fixture
def story(section):
    return ArticleFactory(
        category=section,
        slug="rates-hold",
        headline="Central bank holds rates",
        summary="The bank kept rates on hold.",
        body="<p>The bank kept rates unchanged on Thursday.</p>",
    )


def save(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_form_data(article, **changes)
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
        [fs.formset.non_form_errors() for fs in response.context["inline_admin_formsets"]],
    )
    article.refresh_from_db()
    return article


def history_url(article):
    return reverse("articles:history", kwargs={"section": article.category.slug, "slug": article.slug})


def updated_story(desk, story):
    """Published, a typo fix, a substantive update with a note, then a correction (which also moves "Last updated")."""
    save(desk, story, body="<p>The bank kept rates unchanged on Thursday.</p>")  # the text readers first saw
    save(
        desk,
        story,
        headline="Central bank holds rates, signals cut",
        body="<p>The bank kept rates unchanged on Thursday and signalled a cut in June.</p>",
        substantive_update="on",
        update_note="Added the governor's comments on June.",
    )
    save(
        desk,
        story,
        summary="The bank kept rates on hold at 4.5%.",
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-published_at_0": timezone.localdate().isoformat(),
            "corrections-0-published_at_1": "00:00:01",
            "corrections-0-text": "An earlier version did not give the rate.",
        },
    )
    return story


def test_last_updated_links_to_what_changed(client, desk, story):
    page = parse_ok(client.get(story.get_absolute_url()))
    assert not page.cssselect(".story__dates a"), "no update yet: no link"
    updated_story(desk, story)
    page = parse_ok(client.get(story.get_absolute_url()))
    link = page.cssselect(".story__dates a")[0]
    assert text(link) == "What changed" and link.get("href") == history_url(story)


def test_what_changed_lists_each_update_with_its_note_and_word_differences(client, desk, story):
    updated_story(desk, story)
    page = parse_ok(client.get(history_url(story)))
    assert texts(page, "h1") == ["What changed"]
    versions = page.cssselect(".change-history__versions > li")
    assert [v.get("id") for v in versions] == ["version-3", "version-2", "version-1"]
    newest, update, first = versions
    assert text(first.cssselect("h2")[0]).startswith("First published")
    assert "Added the governor's comments on June." in text(update)
    # Word-level: only the words that changed are marked.
    headline = update.cssselect(".change-history__diff")[0]
    assert texts(headline, "h3") == ["Headline"]
    assert texts(headline, "del") == ["rates"] and texts(headline, "ins") == ["rates, signals cut"]
    body = update.cssselect(".change-history__diff")[1]
    assert texts(body, "del") == ["Thursday."]
    assert texts(body, "ins") == ["Thursday and signalled a cut in June."]
    assert "The bank kept rates unchanged on" in text(body)  # the unchanged words stay, unmarked
    # The correction's save: its note, the summary's difference.
    assert "Correction: An earlier version did not give the rate." in text(newest)
    assert texts(newest, ".change-history__diff h3") == ["Quick summary"]
    assert texts(newest, ".change-history__diff del") == ["hold."]
    assert texts(newest, ".change-history__diff ins") == ["hold at 4.5%."]


def test_a_correction_links_to_the_version_it_corrected(client, desk, story):
    updated_story(desk, story)
    correction = story.corrections.get()
    article_page = parse_ok(client.get(story.get_absolute_url()))
    link = article_page.cssselect("#corrections a")[0]
    assert link.get("href") == f"{history_url(story)}#correction-{correction.pk}"
    page = parse_ok(client.get(history_url(story)))
    entry = page.get_element_by_id(f"correction-{correction.pk}")
    # Listed under the version it corrected (version 2), which readers can open as it was.
    assert entry.getparent().get("id") == "version-2"
    version_link = page.cssselect("#version-2 .change-history__meta a")[0].get("href")
    old = parse_ok(client.get(version_link))
    assert texts(old, "h1") == ["Central bank holds rates, signals cut"]
    assert "An earlier version" in text(old.cssselect(".version-banner")[0])
    assert texts(old, ".story__summary p") == ["The bank kept rates on hold."]
    assert old.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    current = parse_ok(client.get(reverse("articles:version", args=[story.category.slug, story.slug, 3])))
    assert texts(current, ".story__summary p") == ["The bank kept rates on hold at 4.5%."]
    assert not current.xpath('//meta[@name="robots"]')


def test_drafts_never_appear_in_the_history(client, desk, section):
    article = ArticleFactory(category=section, status=Article.Status.DRAFT, body="<p>Placeholder.</p>")
    save(desk, article, body="<p>Unchecked draft wording nobody saw.</p>", headline="Draft headline nobody saw")
    assert client.get(history_url(article)).status_code == 404  # not live: no history page
    save(desk, article, body="<p>The checked story.</p>", headline="The published headline")
    article_approve(article=article, user=role_user(EDITOR, username="approver"))
    article.refresh_from_db()
    assert article.is_live
    save(desk, article, body="<p>The checked story, updated.</p>", substantive_update="on", update_note="More.")
    content = client.get(history_url(article)).content.decode()
    assert "nobody saw" not in content and "Placeholder" not in content
    page = parse(content)
    assert texts(page, "#version-2 .change-history__diff ins") == ["story, updated."]
    assert (
        "nobody saw"
        not in client.get(reverse("articles:version", args=[section.slug, article.slug, 1])).content.decode()
    )


def test_internal_revision_comments_are_not_shown(client, desk, story):
    updated_story(desk, story)
    content = client.get(history_url(story)).content.decode()
    assert "Changed." not in content  # the revision comment the admin writes on every save


def test_history_of_an_article_without_revisions_shows_its_first_publication(client, story):
    page = parse_ok(client.get(history_url(story)))
    assert [v.get("id") for v in page.cssselect(".change-history__versions > li")] == ["version-1"]


def test_an_old_update_without_a_revision_link_is_matched_by_time(client, desk, story):
    # Updates recorded before they kept their revision: "What changed" finds the version saved with them.
    updated_story(desk, story)
    from articles.models import UpdateRevision

    UpdateRevision.objects.all().delete()
    page = parse_ok(client.get(history_url(story)))
    assert "Added the governor's comments on June." in text(page.get_element_by_id("version-2"))
    assert len(page.cssselect(".change-history__versions > li")) == 3


def test_wrong_section_redirects_and_unknown_version_is_404(client, story):
    wrong = reverse("articles:history", kwargs={"section": "elsewhere", "slug": story.slug})
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == history_url(story)
    assert client.get(reverse("articles:version", args=[story.category.slug, story.slug, 9])).status_code == 404
    assert client.get(reverse("articles:version", args=[story.category.slug, story.slug, 0])).status_code == 404


def test_a_commercial_story_keeps_its_label_on_the_history(client, story):
    from tests.factories import DisclosureFactory

    story.disclosures.add(DisclosureFactory(label="Sponsored", is_commercial=True))
    page = parse_ok(client.get(history_url(story)))
    assert "Sponsored" in text(page.cssselect(".page-header")[0])


def test_history_page_query_count_is_fixed(client, desk, story, django_assert_num_queries):
    updated_story(desk, story)
    for n in range(5):
        CorrectionFactory(article=story, text=f"Fix {n}.")
        ArticleUpdate.objects.create(article=story, note=f"Update {n}.")
    client.get(history_url(story))  # warm the chrome's caches
    # The article, its revisions, its updates (with their revision links), its corrections.
    with django_assert_num_queries(4):
        assert client.get(history_url(story)).status_code == 200


def test_version_page_query_count_is_fixed(client, desk, story, django_assert_num_queries):
    updated_story(desk, story)
    url = reverse("articles:version", args=[story.category.slug, story.slug, 2])
    client.get(url)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
