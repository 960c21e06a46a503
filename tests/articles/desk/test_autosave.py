"""Autosave: the form kept per editor and article, offered back after a crash, never a revision, never a save."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleDraft
from portal.roles import AUTHOR, EDITOR
from tests.articles.admin_forms import article_form, change_form_data
from tests.articles.workflow.users import role_user

pytestmark = pytest.mark.django_db
NEW = reverse("admin:articles_article_autosave")


def autosave_url(article):
    return reverse("admin:articles_article_autosave_pk", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_typing_into_a_new_story_keeps_one_draft_and_no_article(editor_client, editor, section, author, image):
    data = article_form(section, author, image, _workflow=None, headline="Banks rally")
    response = editor_client.post(NEW, data)
    assert response.status_code == 200
    assert response.json()["time"]  # "14:32:05", shown as "Draft autosaved at …"
    editor_client.post(NEW, {**data, "headline": "Banks rally as rate cut hopes grow"})
    draft = ArticleDraft.objects.get()  # replaced, not one row per keystroke
    assert draft.user == editor and draft.article is None
    assert draft.data["headline"] == ["Banks rally as rate cut hopes grow"]
    assert "csrfmiddlewaretoken" not in draft.data
    assert not Article.objects.exists() and not Version.objects.exists()


def test_autosaving_an_article_changes_neither_it_nor_its_revisions(editor_client, article):
    before = Article.objects.get(pk=article.pk)
    response = editor_client.post(autosave_url(article), change_form_data(article, headline="A better headline"))
    assert response.status_code == 200
    after = Article.objects.get(pk=article.pk)
    assert (after.headline, after.modified_at) == (before.headline, before.modified_at)
    assert not Version.objects.get_for_object(article).exists()
    draft = ArticleDraft.objects.get(article=article)
    assert draft.base_version == before.modified_at.isoformat()  # the version the form was opened at


def test_the_form_offers_the_draft_back_with_its_time(editor_client, article):
    editor_client.post(autosave_url(article), change_form_data(article, headline="A better headline"))
    page = editor_client.get(change_url(article)).content.decode()
    assert "You have unsaved changes from" in page and ">Restore</button>" in page and ">Discard</button>" in page
    data = json.loads(page.split('id="desk-draft" type="application/json">')[1].split("</script>")[0])
    assert data["data"]["headline"] == ["A better headline"]


def test_the_add_page_offers_the_new_story_back(editor_client, section, author, image):
    editor_client.post(NEW, article_form(section, author, image, _workflow=None))
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "You have unsaved changes from" in page


def test_saving_the_form_forgets_the_draft(editor_client, article, section, author, image):
    editor_client.post(autosave_url(article), change_form_data(article, headline="A better headline"))
    response = editor_client.post(change_url(article), change_form_data(article, headline="A better headline"))
    assert response.status_code == 302
    assert not ArticleDraft.objects.exists()
    assert "You have unsaved changes" not in editor_client.get(change_url(article)).content.decode()
    # A new story: its draft goes when the story is first saved.
    editor_client.post(NEW, article_form(section, author, image, _workflow=None, slug="new-one"))
    editor_client.post(reverse("admin:articles_article_add"), article_form(section, author, image, _workflow=None))
    assert not ArticleDraft.objects.exists()


def test_a_draft_is_offered_only_to_its_writer(editor_client, article):
    editor_client.post(autosave_url(article), change_form_data(article, headline="Mine"))
    other = Client()
    other.force_login(role_user(EDITOR, "second-editor"))
    assert "You have unsaved changes" not in other.get(change_url(article)).content.decode()


def test_a_restored_draft_never_overwrites_a_newer_save_by_someone_else(editor_client, article):
    opened = change_form_data(article, headline="My headline")  # opened at this version
    editor_client.post(autosave_url(article), opened)
    colleague = Client()
    colleague.force_login(role_user(EDITOR, "second-editor", first_name="Maria", last_name="Lopez"))
    assert colleague.post(change_url(article), change_form_data(article, headline="Her headline")).status_code == 302

    page = editor_client.get(change_url(article)).content.decode()
    assert "Maria Lopez saved this article at" in page  # the prompt says so before restoring
    # Restoring puts the draft's data (and its version) back in the form; saving it is refused.
    response = editor_client.post(change_url(article), opened)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Her headline"


def test_discard_forgets_the_draft(editor_client, article):
    editor_client.post(autosave_url(article), change_form_data(article))
    response = editor_client.post(autosave_url(article), {"discard": "1"})
    assert response.json() == {"discarded": 1} and not ArticleDraft.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Nothing to save"),
        ({"<script>": "x"}, "Unknown field name"),
        ({"headline": "x", "_labels": "{not json"}, "not JSON"),
        ({f"field{n}": "x" for n in range(700)}, "Too many fields"),
        ({"body": "x" * (600 * 1024)}, "too large"),
    ],
    ids=["empty", "bad name", "bad labels", "too many", "too large"],
)
def test_bad_input_is_a_400_with_a_reason(editor_client, article, settings, data, message):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
    response = editor_client.post(autosave_url(article), data)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ArticleDraft.objects.exists()


def test_only_staff_who_may_edit_the_article_can_autosave(client, article):
    response = client.post(autosave_url(article), change_form_data(article))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    writer = Client()
    writer.force_login(role_user(AUTHOR))  # not theirs
    assert writer.post(autosave_url(article), change_form_data(article)).status_code in (403, 404)
    assert not ArticleDraft.objects.exists()


def test_autosave_is_csrf_protected_and_post_only(editor, article):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(autosave_url(article), change_form_data(article)).status_code == 403
    assert strict.get(autosave_url(article)).status_code == 405
    assert not ArticleDraft.objects.exists()


def test_an_autosave_costs_a_fixed_number_of_queries(editor_client, article, django_assert_num_queries):
    data = change_form_data(article, headline="A better headline")
    editor_client.post(autosave_url(article), data)
    # The user and their 2FA device, the article and its bylines (the admin's queryset), the draft's
    # upsert (savepoint, select, update, release); nothing grows with the form.
    with django_assert_num_queries(8):
        assert editor_client.post(autosave_url(article), data).status_code == 200


def test_a_form_shown_again_with_its_errors_does_not_offer_the_draft(editor_client, article):
    editor_client.post(autosave_url(article), change_form_data(article, headline="Draft headline"))
    response = editor_client.post(change_url(article), change_form_data(article, headline=""))
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert "You have unsaved changes" not in response.content.decode()
    assert ArticleDraft.objects.filter(article=article).exists()  # still there for a later visit
