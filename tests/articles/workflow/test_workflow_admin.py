"""The admin enforces the roles: querysets, object permissions, read-only fields,
actions, and raw (forged) POSTs; the panel, conflicts and presence."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReviewLogEntry
from portal.roles import ADMINISTRATOR, AUTHOR, CONTRIBUTOR, EDITOR
from tests.articles.admin_forms import change_form_data, management_forms
from tests.articles.workflow.users import ROLES, role_user
from tests.factories import ArticleFactory, AuthorFactory, DisclosureFactory, ImageFactory
from tests.html import parse, text

pytestmark = pytest.mark.django_db
S = Article.Status


def login(user):
    client = Client()
    client.force_login(user)
    return client


def own_article(user, section, **fields):
    fields.setdefault("status", S.DRAFT)
    article = ArticleFactory(category=section, created_by=user, **fields)
    if hasattr(user, "author_profile"):
        article.authors.add(user.author_profile)
    return article


def ready_article(user, section, **fields):
    """A story that passes every pre-publish check (picture with alt text, byline, short headline)."""
    article = own_article(user, section, hero_image=ImageFactory(), **fields)
    if not article.authors.exists():
        article.authors.add(AuthorFactory())
    return article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# (role, action) -> allowed. Every role against every action.
MATRIX = {
    "see own draft": {CONTRIBUTOR: True, AUTHOR: True, EDITOR: True, ADMINISTRATOR: True},
    "edit own draft": {CONTRIBUTOR: True, AUTHOR: True, EDITOR: True, ADMINISTRATOR: True},
    "see someone else's draft": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "edit someone else's draft": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "edit own published article": {CONTRIBUTOR: False, AUTHOR: True, EDITOR: True, ADMINISTRATOR: True},
    "publish through a forged status field": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: False, ADMINISTRATOR: False},
    "publish with Publish now": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "schedule through the publish time": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "change disclosures": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "delete": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "bulk publish action": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "approve button": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "create a preview link": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "manage sections": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: True, ADMINISTRATOR: True},
    "manage users": {CONTRIBUTOR: False, AUTHOR: False, EDITOR: False, ADMINISTRATOR: True},
}


def attempt(action, user, section):
    """Try `action` as `user` with raw requests; return whether it took effect."""
    client = login(user)
    other = role_user(CONTRIBUTOR, username="someone-else")
    if action == "see own draft":
        return client.get(change_url(own_article(user, section))).status_code == 200
    if action == "edit own draft":
        article = own_article(user, section)
        client.post(change_url(article), change_form_data(article, headline="Edited headline"))
        return Article.objects.get(pk=article.pk).headline == "Edited headline"
    if action == "see someone else's draft":
        return client.get(change_url(own_article(other, section))).status_code == 200
    if action == "edit someone else's draft":
        article = own_article(other, section)
        client.post(change_url(article), change_form_data(article, headline="Hijacked"))
        return Article.objects.get(pk=article.pk).headline == "Hijacked"
    if action == "edit own published article":
        article = own_article(user, section, status=S.PUBLISHED)
        client.post(change_url(article), change_form_data(article, headline="Revised headline"))
        return Article.objects.get(pk=article.pk).headline == "Revised headline"
    if action == "publish through a forged status field":
        article = ready_article(user, section)
        client.post(change_url(article), change_form_data(article, status="published"))
        return Article.objects.published().filter(pk=article.pk).exists()
    if action == "publish with Publish now":
        article = ready_article(user, section)
        client.post(change_url(article), change_form_data(article, _workflow="approve"))
        return Article.objects.published().filter(pk=article.pk).exists()
    if action == "schedule through the publish time":
        article = own_article(user, section, publish_at=None)
        later = timezone.localtime(timezone.now() + timedelta(days=2))
        data = change_form_data(article, publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1="09:00:00")
        client.post(change_url(article), data)
        return Article.objects.get(pk=article.pk).publish_at is not None
    if action == "change disclosures":
        article = own_article(user, section)
        sponsored = DisclosureFactory()
        client.post(change_url(article), change_form_data(article, disclosures=[sponsored.pk]))
        return article.disclosures.exists()
    if action == "delete":
        article = own_article(user, section)
        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
        return not Article.objects.filter(pk=article.pk).exists()
    if action == "bulk publish action":
        article = own_article(user, section)
        url = reverse("admin:articles_article_changelist")
        client.post(url, {"action": "publish", "_selected_action": [article.pk]})
        return Article.objects.published().filter(pk=article.pk).exists()
    if action == "approve button":
        article = ready_article(user, section, status=S.IN_REVIEW)
        client.post(change_url(article), change_form_data(article, _workflow="approve"))
        return Article.objects.published().filter(pk=article.pk).exists()
    if action == "create a preview link":
        article = own_article(user, section)
        client.post(reverse("admin:articles_article_preview_links", args=[article.pk]), {"action": "create"})
        return article.preview_links.exists()
    if action == "manage sections":
        return client.get(reverse("admin:articles_category_add")).status_code == 200
    if action == "manage users":
        return client.get(reverse("admin:auth_user_changelist")).status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_matrix(role, action, section):
    user = role_user(role)
    assert attempt(action, user, section) is MATRIX[action][role], f"{role} / {action}"


def test_a_forged_publish_from_a_contributor_changes_nothing_it_may_not(section):
    user = role_user(CONTRIBUTOR)
    article = own_article(user, section, publish_at=None)
    sponsored = DisclosureFactory()
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    data = change_form_data(
        article,
        headline="My own words",
        status="published",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1="08:00:00",
        is_top_story="on",
        disclosures=[sponsored.pk],
        use_section_disclosure="",
    )
    response = login(user).post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "My own words"  # what a contributor may change, changed
    assert (article.status, article.publish_at, article.is_top_story) == (S.DRAFT, None, False)
    assert not article.disclosures.exists() and article.use_section_disclosure


def test_contributors_cannot_add_published_articles(section):
    user = role_user(CONTRIBUTOR)
    data = {
        "headline": "Forged", "slug": "forged", "category": section.pk, "summary": "S.", "body": "<p>B</p>",
        "status": "published", "is_top_story": "on", "use_section_disclosure": "on",
        **management_forms(),
    }  # fmt: skip
    assert login(user).post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="forged")
    assert article.status == S.DRAFT and not article.is_top_story and article.created_by == user


def test_a_forged_workflow_button_is_refused(section):
    user = role_user(CONTRIBUTOR)
    article = own_article(user, section)
    client = login(user)
    for action in ("approve", "schedule", "unpublish", "send_back"):
        client.post(change_url(article), change_form_data(article, _workflow=action, workflow_comment="x"))
        article.refresh_from_db()
        assert article.status == S.DRAFT, action


def test_writers_see_only_their_own_articles_in_the_list(section):
    user = role_user(AUTHOR)
    mine = own_article(user, section, headline="Mine by credit")
    mine.created_by = None
    mine.save()
    ArticleFactory(category=section, headline="Not mine")
    response = login(user).get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert "Mine by credit" in response.content.decode() and "Not mine" not in response.content.decode()
    assert response.context["action_form"] is None  # no publish, unpublish or delete actions


def test_an_author_editing_a_live_article_sends_it_back_to_review(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    user = role_user(AUTHOR)
    article = ready_article(user, section, status=S.PUBLISHED)
    page = login(user).get(change_url(article)).content.decode()
    assert "Saving your changes sends it back to review" in page
    login(user).post(change_url(article), change_form_data(article, headline="Better headline"))
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and not article.is_live
    entry = article.review_log.get()
    assert (entry.from_status, entry.to_status, entry.user) == (S.PUBLISHED, S.IN_REVIEW, user)
    # Approval brings it back with its original "Posted on".
    posted = article.publish_at
    editor = role_user(EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        login(editor).post(change_url(article), change_form_data(article, _workflow="approve"))
    article.refresh_from_db()
    assert article.is_live and article.publish_at == posted.replace(microsecond=0)
    assert [m.subject for m in mailoutbox] == ["Published: Better headline"]


def test_a_contributor_sees_an_article_in_review_read_only(section):
    user = role_user(CONTRIBUTOR)
    article = own_article(user, section, status=S.IN_REVIEW)
    client = login(user)
    page = client.get(change_url(article)).content.decode()
    assert "In review" in page and 'name="_workflow"' not in page
    assert client.post(change_url(article), change_form_data(article, headline="x")).status_code == 403


# --- the change form's panel --------------------------------------------------
@pytest.mark.parametrize(
    "role, status, expected, absent",
    [
        (CONTRIBUTOR, S.DRAFT, ["Submit for review"], ["Approve and publish now", "Unpublish"]),
        (EDITOR, S.IN_REVIEW, ["Approve and publish now", "Send back to the writer", ">Schedule<"],
         ["Submit for review"]),
        (EDITOR, S.PUBLISHED, ["Unpublish"], ["Publish now"]),
    ],
)  # fmt: skip
def test_the_panel_offers_the_next_steps_per_permission(role, status, expected, absent, section):
    user = role_user(role)
    article = own_article(user, section, status=status)
    page = login(user).get(change_url(article)).content.decode()
    for label in expected:
        assert label in page
    for label in absent:
        assert label not in page


def test_content_checks_are_shown_before_publishing(section):
    user = role_user(EDITOR)
    article = own_article(user, section, headline="H" * 80, body="just words", status=S.IN_REVIEW)
    page = login(user).get(change_url(article)).content.decode()
    assert "Before publishing" in page
    for phrase in ("80 characters", "no paragraphs", "no hero image", "No author is credited"):
        assert phrase in page
    assert "Publish with these warnings" in page


def test_warnings_ask_for_one_confirmation(section):
    user = role_user(EDITOR)
    article = own_article(user, section, headline="H" * 80, status=S.IN_REVIEW)
    client = login(user)
    response = client.post(change_url(article), change_form_data(article, _workflow="approve"), follow=True)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert "not published" in response.content.decode() and "80 characters" in response.content.decode()
    box = parse(response.content).cssselect('input[name="confirm_checks"]')[0]
    article.refresh_from_db()
    data = change_form_data(article, _workflow="approve", confirm_checks=box.get("value"))
    response = client.post(change_url(article), data, follow=True)
    assert Article.objects.published().filter(pk=article.pk).exists()
    panel = parse(response.content).cssselect('[data-testid="prepublish"]')[0]
    assert "On the published story" in text(panel) and "Before publishing" not in text(panel)
    assert "Published" in text(parse(response.content).cssselect('[data-testid="workflow-state"]')[0])


def test_a_confirmation_does_not_cover_a_new_warning(section):
    user = role_user(EDITOR)
    article = own_article(user, section, status=S.IN_REVIEW)  # warnings: no picture, no author
    data = change_form_data(article, _workflow="approve", confirm_checks="hero,author", headline="H" * 80)
    login(user).post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW and article.headline == "H" * 80  # saved, not published


def test_errors_block_even_a_forged_confirmation(section):
    user = role_user(EDITOR)
    article = ready_article(user, section, status=S.IN_REVIEW)
    article.hero_image.alt_text = ""
    article.hero_image.save()
    for move in ("approve", "schedule"):
        later = timezone.localtime(timezone.now() + timedelta(days=1))
        data = change_form_data(
            article, _workflow=move, confirm_checks="alt,hero,author,headline",
            publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1="09:00:00",
        )  # fmt: skip
        page = login(user).post(change_url(article), data, follow=True).content.decode()
        article.refresh_from_db()
        assert article.status == S.IN_REVIEW, move
        assert "not published" in page and "no alt text" in page


def test_the_section_disclosure_is_named_before_publishing(section):
    section.default_disclosure = DisclosureFactory(name="Agency copy", slug="agency-copy", label="Agency copy")
    section.save()
    user = role_user(EDITOR)
    article = ready_article(user, section, status=S.DRAFT)
    page = parse(login(user).get(change_url(article)).content.decode())
    assert "This story will carry: Agency copy (from the section Business)" in text(page.cssselect("#prepublish")[0])
    assert "(“Agency copy”)" in text(page.cssselect('label[for="id_use_section_disclosure"]')[0])
    login(user).post(change_url(article), change_form_data(article, _workflow="approve"))
    assert not Article.objects.published().filter(pk=article.pk).exists()  # not applied without a look


def test_bulk_publish_holds_articles_with_errors(section):
    user = role_user(EDITOR)
    good = ready_article(user, section)
    bad = ready_article(user, section, headline="No alt")
    bad.hero_image = ImageFactory(alt_text="")
    bad.save()
    url = reverse("admin:articles_article_changelist")
    page = login(user).post(url, {"action": "publish", "_selected_action": [good.pk, bad.pk]}, follow=True)
    assert set(Article.objects.published().values_list("pk", flat=True)) == {good.pk}
    assert "Not published, fix first: “No alt”" in page.content.decode()


def test_review_filter_lists_articles_waiting(section):
    editor = role_user(EDITOR)
    ArticleFactory(category=section, headline="Waiting one", status=S.IN_REVIEW)
    ArticleFactory(category=section, headline="A draft", status=S.DRAFT)
    page = login(editor).get(reverse("admin:articles_article_changelist"), {"publication": "review"})
    assert "Waiting one" in page.content.decode() and "A draft" not in page.content.decode()
    index = login(editor).get(reverse("admin:index")).content.decode()
    assert "?publication=review" in index and reverse("admin_calendar") in index


# --- edit conflicts -----------------------------------------------------------
def test_a_save_after_someone_elses_is_refused_and_the_input_kept(section):
    jane = role_user(EDITOR, username="jane", first_name="Jane", last_name="Doe")
    bob = role_user(EDITOR, username="bob")
    article = own_article(jane, section)
    opened = change_form_data(article)  # Bob opens the form...
    login(jane).post(change_url(article), change_form_data(article, summary="Jane's summary."))
    response = login(bob).post(change_url(article), {**opened, "headline": "Bob's headline"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jane Doe saved this article at" in page
    assert 'value="Bob&#x27;s headline"' in page  # nothing typed is lost
    article.refresh_from_db()
    assert article.summary == "Jane's summary." and article.headline != "Bob's headline"
    # The re-rendered form carries the new version: saving again is a deliberate overwrite.
    form = response.context["adminform"].form
    resend = {**opened, "headline": "Bob's headline", "opened_version": form["opened_version"].value()}
    assert login(bob).post(change_url(article), resend).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Bob's headline"


def test_no_conflict_for_the_same_version(section):
    editor = role_user(EDITOR)
    article = own_article(editor, section)
    assert login(editor).post(change_url(article), change_form_data(article, headline="New")).status_code == 302


# --- presence -----------------------------------------------------------------
def test_who_else_has_the_form_open(section):
    jane = role_user(EDITOR, username="jane", first_name="Jane")
    bob = role_user(CONTRIBUTOR, username="bob", first_name="Bob")
    article = own_article(bob, section)
    login(jane).get(change_url(article))
    page = login(bob).get(change_url(article)).content.decode()
    assert "Also open: Jane (editor), since" in page
    beat = login(jane).post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert beat.json()["others"][0]["name"] == "Bob"
    assert login(bob).get(reverse("admin:articles_article_presence", args=[article.pk])).status_code == 405


def test_presence_is_refused_to_people_who_cannot_see_the_article(section):
    article = own_article(role_user(EDITOR), section)
    outsider = role_user(CONTRIBUTOR, username="outsider")
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert login(outsider).post(url).status_code == 404
    assert ReviewLogEntry.objects.count() == 0


def test_writers_preview_only_their_own_drafts_on_the_site(section):
    user = role_user(CONTRIBUTOR)
    mine = own_article(user, section, headline="My draft")
    theirs = ArticleFactory(category=section, status=S.DRAFT, headline="Their draft")
    client = login(user)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert login(role_user(EDITOR)).get(theirs.get_absolute_url()).status_code == 200
