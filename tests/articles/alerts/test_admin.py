"""The editor's side: "Send alert…" from a story or a banner, the preview, the confirmation, the alert's counts."""

import pytest
from django.urls import reverse
from lxml import html

from articles.alerts.models import Alert
from articles.breaking.services import banner_from_article
from portal.roles import AUTHOR, EDITOR
from tests.articles.alerts.support import subscribe
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def send_url(article):
    return reverse("admin:articles_alert_send", args=[article.pk])


def page(response):
    return html.fromstring(response.content.decode())


def preview(response):
    return {dd.get("data-preview"): " ".join(dd.text_content().split()) for dd in page(response).cssselect("dd")}


def messages_of(response):
    return [" ".join(li.text_content().split()) for li in page(response).cssselect("ul.messagelist li")]


@pytest.fixture
def audience(article, push_service):
    """Three browsers: one for every section, two who chose the story's section, and one elsewhere."""
    other = CategoryFactory(name="Markets", slug="markets")
    browsers = [push_service.browser(), push_service.browser(), push_service.browser(410), push_service.browser()]
    subscribe(browsers[0])
    subscribe(browsers[1], article.category)
    subscribe(browsers[2], article.category, other)
    subscribe(browsers[3], other)
    return browsers


def test_the_preview_shows_the_notification_and_who_gets_it(editor_client, article, audience):
    article.summary = "Brent crude rose 8% after the talks broke down."
    article.save()
    response = editor_client.get(send_url(article))
    assert response.status_code == 200
    assert preview(response) == {
        "title": "Oil prices climb as supply talks stall",
        "body": "Brent crude rose 8% after the talks broke down.",
        "url": article.get_absolute_url(),
        "audience": "3 subscribers: 1 following every section, 2 following Business",
    }
    button = page(response).cssselect("input[name=_send]")[0]
    assert button.get("value") == "Send to 3 subscribers"
    assert not Alert.objects.exists()


def test_editing_the_text_updates_the_preview_and_sends_nothing(editor_client, article, audience):
    response = editor_client.post(
        send_url(article), {"title": "Oil jumps 8%", "body": "Talks collapse.", "_preview": "1"}
    )
    assert response.status_code == 200
    assert preview(response)["title"] == "Oil jumps 8%" and preview(response)["body"] == "Talks collapse."
    assert not Alert.objects.exists()
    assert all(browser.received == [] for browser in audience)


def test_confirming_sends_in_the_background_and_the_alert_page_counts_the_outcome(
    editor_client, editor, article, audience, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            send_url(article), {"title": "Oil jumps 8%", "body": "Talks collapse.", "_send": "1"}
        )
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:articles_alert_change", args=[alert.pk]
    )
    assert (alert.title, alert.url, alert.created_by, alert.state) == (
        "Oil jumps 8%",
        article.get_absolute_url(),
        editor,
        "sent",
    )
    assert [len(b.received) for b in audience] == [1, 1, 0, 0]
    assert audience[0].received[0].payload["title"] == "Oil jumps 8%"
    shown = editor_client.get(response["Location"])
    assert "Sending the alert “Oil jumps 8%” in the background." in messages_of(shown)
    fields = {
        " ".join(row.cssselect("label")[0].text_content().split()).rstrip(":"): " ".join(
            row.cssselect(".readonly")[0].text_content().split()
        )
        for row in page(shown).cssselect(".form-row")
    }
    assert (fields["State"], fields["Sent"], fields["Removed (expired)"], fields["Failed"]) == ("Sent", "2", "1", "0")
    assert fields["Url"] == article.get_absolute_url() and fields["Created by"] == "editor"
    listing = page(editor_client.get(reverse("admin:articles_alert_changelist")))
    assert [td.text_content() for td in listing.cssselect("td.field-sent, td.field-removed, td.field-failed")] == [
        "2", "0", "1"
    ]  # fmt: skip
    # The story's next preview lists it.
    assert "2 sent, 0 failed, 1 removed" in " ".join(page(editor_client.get(send_url(article))).text_content().split())


def test_an_empty_title_is_refused(editor_client, article, audience):
    response = editor_client.post(send_url(article), {"title": "", "body": "", "_send": "1"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Alert.objects.exists()


def test_only_a_published_story_can_be_announced(editor_client, section, vapid):
    draft = ArticleFactory(category=section, status="draft")
    response = editor_client.get(send_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:articles_article_change", args=[draft.pk])
    assert "Only a published story can be announced: publish it first." in messages_of(response)


def test_without_a_key_pair_the_editor_is_told_how_to_set_one(editor_client, article, settings):
    settings.WEBPUSH_KEYS_FILE = None
    response = editor_client.get(send_url(article), follow=True)
    assert response.status_code == 200
    assert any("no VAPID key pair" in text and "webpush_keys" in text for text in messages_of(response))
    assert not Alert.objects.exists()


def test_editors_may_send_authors_may_not(client, article, audience):
    client.force_login(role_user(AUTHOR))
    assert client.get(send_url(article)).status_code == 403
    assert client.post(send_url(article), {"title": "x", "_send": "1"}).status_code == 403
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Send alert…" not in change.content.decode()
    client.force_login(role_user(EDITOR))
    assert client.get(send_url(article)).status_code == 200
    assert not Alert.objects.exists()


def test_the_story_and_its_banner_link_to_send_alert(editor_client, editor, article, vapid):
    change = page(editor_client.get(reverse("admin:articles_article_change", args=[article.pk])))
    assert [a.get("href") for a in change.cssselect(".object-tools a") if a.text_content() == "Send alert…"] == [
        send_url(article)
    ]
    banner = banner_from_article(article=article, user=editor)
    banner_page = page(editor_client.get(reverse("admin:articles_breakingbanner_change", args=[banner.pk])))
    assert [a.get("href") for a in banner_page.cssselect(".object-tools a") if a.text_content() == "Send alert…"] == [
        send_url(article)
    ]


def test_alerts_are_a_record_not_a_form(editor_client):
    assert editor_client.get(reverse("admin:articles_alert_add")).status_code == 403
    assert editor_client.get(reverse("admin:articles_pushsubscription_add")).status_code == 403


@pytest.mark.parametrize("subscribers", [5, 50])
def test_the_preview_and_the_alert_list_cost_the_same_queries_whatever_their_size(
    editor_client, article, push_service, subscribers, django_assert_max_num_queries
):
    for n in range(subscribers):
        subscribe(push_service.browser(), *([article.category] if n % 2 else []))
        Alert.objects.create(article=article, category=article.category, title=f"Alert {n}", url="/x/")
    editor_client.get(send_url(article))  # the session, the user and the admin's caches
    # Session, user, the story, the audience's two counts, the story's previous alerts with their counts.
    with django_assert_max_num_queries(7):
        response = editor_client.get(send_url(article))
    assert preview(response)["audience"].startswith(f"{subscribers} subscribers")
    with django_assert_max_num_queries(5):  # session, user, the count, the page of alerts with their counts
        listing = editor_client.get(reverse("admin:articles_alert_changelist"))
    assert f"{subscribers} alerts" in listing.content.decode()
