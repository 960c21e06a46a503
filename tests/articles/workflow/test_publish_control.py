"""The one publish control: role-limited moves, no status field, expiry, staying on the story."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.forms import slug_limit
from articles.models import Article
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.admin_forms import article_form, change_form_data
from tests.articles.workflow.test_workflow_admin import change_url, login, own_article, ready_article
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, DisclosureFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db
S = Article.Status


def buttons(page):
    return texts(parse(page), ".workflow-panel .publish-control__buttons button")


@pytest.mark.parametrize(
    "role, status, expected",
    [
        (CONTRIBUTOR, S.DRAFT, ["Save draft", "Submit for review"]),
        (EDITOR, S.DRAFT, ["Save draft", "Publish now", "Schedule"]),
        (EDITOR, S.IN_REVIEW, ["Save", "Approve and publish now", "Schedule", "Send back to the writer"]),
        (EDITOR, S.PUBLISHED, ["Save changes", "Unpublish"]),
    ],
)
def test_the_control_offers_what_the_role_may_do(role, status, expected, section):
    user = role_user(role)
    page = login(user).get(change_url(own_article(user, section, status=status))).content.decode()
    assert buttons(page) == expected
    assert 'name="status"' not in page  # no second way to publish


def test_the_times_sit_in_the_control_for_editors_only(section):
    editor, writer = role_user(EDITOR), role_user(CONTRIBUTOR)
    page = parse(login(editor).get(change_url(own_article(editor, section))).content.decode())
    control = page.cssselect(".workflow-panel .publish-control")[0]
    assert control.cssselect('input[name="publish_at_0"]') and control.cssselect('input[name="unpublish_at_0"]')
    assert len(page.cssselect('input[name="publish_at_0"]')) == 1
    page = parse(login(writer).get(change_url(own_article(writer, section, publish_at=None))).content.decode())
    assert not page.cssselect('input[name="publish_at_0"]')
    assert "Publish time: not set" in text(page.cssselect(".publish-control")[0])


def test_an_expired_article_leaves_the_site_at_its_time_without_a_job(client, section):
    now = timezone.now()
    gone = ArticleFactory(category=section, publish_at=now - timedelta(days=2), unpublish_at=now - timedelta(minutes=1))
    going = ArticleFactory(category=section, publish_at=now - timedelta(days=2), unpublish_at=now + timedelta(hours=1))
    assert list(Article.objects.published().filter(pk__in=[gone.pk, going.pk])) == [going]
    assert not gone.is_live and gone.is_expired and going.is_live
    assert client.get(gone.get_absolute_url()).status_code == 404
    assert client.get(going.get_absolute_url()).status_code == 200
    assert list(section.articles.filter(Article.objects.published().query.where)) == [going]
    editor = role_user(EDITOR)
    listing = login(editor).get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Expired" in listing
    page = parse(login(editor).get(change_url(gone)).content.decode())
    assert text(page.cssselect('[data-testid="workflow-state"]')[0]).startswith("Expired at")


def test_the_unpublish_time_must_follow_the_publish_time(section):
    editor = role_user(EDITOR)
    article = own_article(editor, section)
    data = change_form_data(
        article, publish_at_0="2030-01-02", publish_at_1="09:00", unpublish_at_0="2030-01-01", unpublish_at_1="09:00"
    )
    response = login(editor).post(change_url(article), data)
    assert response.status_code == 200
    assert "must come after the publish time" in response.content.decode()


def test_saving_stays_on_the_story_with_a_link_to_it(section, author, image):
    editor = role_user(EDITOR)
    client = login(editor)
    response = client.post(reverse("admin:articles_article_add"), article_form(section, author, image, _workflow=None))
    article = Article.objects.get()
    assert response.url == change_url(article) and article.status == S.DRAFT
    page = client.get(response.url).content.decode()
    link = parse(page).cssselect(".messagelist a")[0]
    assert text(link) == "Preview on site" and link.get("href") == article.get_absolute_url()
    response = client.post(change_url(article), change_form_data(article, _workflow="approve"), follow=True)
    assert response.redirect_chain[-1][0] == change_url(article)
    link = parse(response.content.decode()).cssselect(".messagelist a")[0]
    assert text(link) == "View on site"


def test_takeaways_are_one_per_line(section):
    editor = role_user(EDITOR)
    article = own_article(editor, section)
    lines = "First point.\n\n  Second point.  \nThird point."
    login(editor).post(change_url(article), change_form_data(article, takeaways_text=lines))
    assert [t.text for t in article.takeaways.all()] == ["First point.", "Second point.", "Third point."]
    article.refresh_from_db()
    login(editor).post(change_url(article), change_form_data(article, takeaways_text="Third point.\nFirst point."))
    assert [t.text for t in article.takeaways.all()] == ["Third point.", "First point."]
    article.refresh_from_db()
    response = login(editor).post(change_url(article), change_form_data(article, takeaways_text="x" * 301))
    assert "Takeaway 1 is longer than 300 characters" in response.content.decode()


def test_no_position_numbers_are_shown(section):
    editor = role_user(EDITOR)
    page = parse(login(editor).get(change_url(own_article(editor, section))).content.decode())
    assert not page.cssselect('input[type="number"][name$="position"]')
    assert page.cssselect('input[type="hidden"][name="faqs-0-position"]')


@pytest.mark.parametrize(
    "slug, expected",
    [
        ("short-slug", "short-slug"),
        ("central-bank-holds-rates-as-inflation-cools-across-the-eurozone-for-a-third-month",
         "central-bank-holds-rates-as-inflation-cools-across-the"),
        ("a" * 80, "a" * 60),
    ],
)  # fmt: skip
def test_slugs_are_cut_on_word_boundaries(slug, expected):
    assert slug_limit(slug) == expected and len(expected) <= 60


def test_a_long_slug_is_shortened_on_save(section):
    editor = role_user(EDITOR)
    article = own_article(editor, section)
    long = "central-bank-holds-rates-as-inflation-cools-across-the-eurozone-for-a-third-month"
    login(editor).post(change_url(article), change_form_data(article, slug=long))
    article.refresh_from_db()
    assert article.slug == "central-bank-holds-rates-as-inflation-cools-across-the"


def test_the_reason_for_removing_a_disclosure_appears_only_when_one_can_be_removed(section):
    editor = role_user(EDITOR)
    draft = own_article(editor, section, status=S.DRAFT)
    assert "Reason for removing a disclosure" not in login(editor).get(change_url(draft)).content.decode()
    live = own_article(editor, section, status=S.PUBLISHED)
    live.disclosures.add(DisclosureFactory())
    assert "Reason for removing a disclosure" in login(editor).get(change_url(live)).content.decode()


def test_a_story_without_an_author_is_warned_about(section):
    editor = role_user(EDITOR)
    article = ready_article(editor, section)
    article.authors.clear()
    page = parse(login(editor).get(change_url(article)).content.decode())
    assert "No author is credited" in text(page.cssselect("#prepublish")[0])


def test_one_date_format_and_the_time_zone_named_once(section):
    editor = role_user(EDITOR)
    when = timezone.make_aware(timezone.datetime(2030, 1, 2, 7, 5))
    article = own_article(editor, section, status=S.PUBLISHED, publish_at=when)
    page = parse(login(editor).get(change_url(article)).content.decode())
    assert text(page.cssselect('[data-testid="workflow-state"]')[0]) == "Scheduled for 2 Jan 2030, 07:05"
    assert page.cssselect('input[name="publish_at_0"]')[0].get("value") == "2030-01-02"
    assert page.cssselect('input[name="publish_at_1"]')[0].get("value") == "07:05"
    assert text(page).count("Europe/London") == 1
    listing = login(editor).get(reverse("admin:articles_article_changelist")).content.decode()
    assert "2 Jan 2030, 07:05" in listing
