"""Review transitions: states, permissions, the review log, emails and revisions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.workflow.checks import article_checks, blocking
from articles.workflow.transitions import (
    TransitionError,
    article_approve,
    article_send_back,
    article_submit,
    article_unpublish,
)
from portal.roles import AUTHOR, CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, AuthorFactory, DisclosureFactory, ImageFactory

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def writer():
    return role_user(CONTRIBUTOR)


@pytest.fixture
def desk():
    return role_user(EDITOR, first_name="Maria", last_name="Editor")


@pytest.fixture
def draft(writer, section):
    article = ArticleFactory(category=section, status=S.DRAFT, publish_at=None, created_by=writer)
    article.authors.add(writer.author_profile)
    return article


def test_submit_approve_with_email(draft, writer, desk, mailoutbox, django_capture_on_commit_callbacks):
    entry = article_submit(article=draft, user=writer)
    assert (entry.from_status, entry.to_status) == (S.DRAFT, S.IN_REVIEW)
    assert not mailoutbox  # submitting tells nobody by email; editors have the review list
    with django_capture_on_commit_callbacks(execute=True):
        article_approve(article=draft, user=desk)
    draft.refresh_from_db()
    assert draft.is_live
    [mail] = mailoutbox
    assert mail.to == [writer.email] and mail.subject == f"Published: {draft.headline}"
    assert "Maria Editor approved and published your article." in mail.body
    assert f"/admin/articles/article/{draft.pk}/change/" in mail.body
    assert [e.to_status for e in draft.review_log.all()] == [S.PUBLISHED, S.IN_REVIEW]


def test_approve_and_schedule(draft, writer, desk, mailoutbox, django_capture_on_commit_callbacks):
    article_submit(article=draft, user=writer)
    later = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        article_approve(article=draft, user=desk, publish_at=later)
    draft.refresh_from_db()
    assert draft.is_scheduled and not Article.objects.published().filter(pk=draft.pk).exists()
    assert mailoutbox[0].subject.startswith("Approved and scheduled:")


def test_send_back_needs_a_comment_and_mails_it(draft, writer, desk, mailoutbox, django_capture_on_commit_callbacks):
    article_submit(article=draft, user=writer)
    with pytest.raises(TransitionError):
        article_send_back(article=draft, user=desk, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        article_send_back(article=draft, user=desk, comment="Add a second source <please>.")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    [mail] = mailoutbox
    assert mail.subject.startswith("Sent back:") and "Add a second source <please>." in mail.body
    assert draft.review_log.first().comment == "Add a second source <please>."


def test_unpublish_then_republish_keeps_posted_on(section, desk):
    article = ArticleFactory(category=section)
    posted = article.publish_at
    article_unpublish(article=article, user=desk)
    article.refresh_from_db()
    assert article.status == S.UNPUBLISHED and not Article.objects.published().filter(pk=article.pk).exists()
    article_approve(article=article, user=desk)
    article.refresh_from_db()
    assert article.is_live and article.publish_at == posted


def test_a_stale_draft_time_becomes_now_on_publish(section, desk):
    article = ArticleFactory(category=section, status=S.DRAFT, publish_at=timezone.now() - timedelta(days=300))
    article_approve(article=article, user=desk)
    article.refresh_from_db()
    assert timezone.now() - article.publish_at < timedelta(minutes=1)


@pytest.mark.parametrize(
    "move",
    [
        lambda a, u: article_approve(article=a, user=u),
        lambda a, u: article_unpublish(article=a, user=u),
        lambda a, u: article_send_back(article=a, user=u, comment="no"),
    ],
)
@pytest.mark.parametrize("role", [CONTRIBUTOR, AUTHOR])
def test_writers_cannot_publish_review_or_unpublish(move, role, section):
    user = role_user(role)
    article = ArticleFactory(category=section, status=S.IN_REVIEW, created_by=user)
    with pytest.raises(PermissionDenied):
        move(article, user)


def test_wrong_states_are_refused(draft, writer, desk):
    with pytest.raises(TransitionError):
        article_send_back(article=draft, user=desk, comment="Not in review")
    with pytest.raises(TransitionError):
        article_unpublish(article=draft, user=desk)
    article_submit(article=draft, user=writer)
    with pytest.raises(PermissionDenied):  # in review: with the editors now
        article_submit(article=draft, user=writer)


def test_someone_elses_draft_cannot_be_submitted(draft):
    stranger = role_user(CONTRIBUTOR, username="stranger")
    with pytest.raises(PermissionDenied):
        article_submit(article=draft, user=stranger)


def test_every_transition_makes_a_revision(draft, writer, desk):
    article_submit(article=draft, user=writer)
    article_approve(article=draft, user=desk)
    versions = Version.objects.get_for_object(draft)
    assert versions.count() == 2
    assert versions.first().revision.user == desk
    assert versions.first().revision.get_comment() == "In review → Published"


def test_content_checks(section):
    article = ArticleFactory(category=section, headline="x" * 71, summary=" ", body="words only")
    found = {c.code: c for c in article_checks(article)}
    assert found["summary"].level == "error" and "summary is empty" in found["summary"].message
    assert found["headline"].level == "warning" and "71 characters" in found["headline"].message
    assert found["paragraphs"].level == "warning" and found["hero"].level == "warning"
    assert found["author"].level == "warning" and "no byline" in found["author"].message
    article.hero_image = ImageFactory(alt_text="")
    found = {c.code: c for c in article_checks(article)}
    assert found["alt"].level == "error" and "no alt text" in found["alt"].message
    assert "hero" not in found
    good = ArticleFactory(category=section, hero_image=ImageFactory(), headline="Short and clear")
    good.authors.add(AuthorFactory())
    assert [(c.level, c.message) for c in article_checks(good)] == [
        ("info", "This story will carry no disclosure label."),
        ("info", "Readers will see the type “News” (the default of Business)."),
    ]


def test_the_disclosure_review_names_the_sections_label(section):
    section.default_disclosure = DisclosureFactory(name="Agency copy", slug="agency-copy", label="Agency copy")
    section.save()
    article = ArticleFactory(category=section)
    review = [c for c in article_checks(article) if c.code.startswith("disclosure")][0]
    assert review.level == "warning"
    assert review.message.startswith("This story will carry: Agency copy (from the section Business).")
    article.use_section_disclosure = False
    assert [c.message for c in article_checks(article) if c.code.startswith("disclosure")] == [
        "This story will carry no disclosure label."
    ]


def test_the_bodyless_story_is_an_error(section):
    article = ArticleFactory(category=section, body="<p> </p>")
    assert "body" in {c.code for c in blocking(article_checks(article))}
