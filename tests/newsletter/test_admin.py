"""The newsletter admin: issues (preview, test, send, schedule, fill, progress), subscribers, suppressions."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from newsletter.models import ConsentRecord, Issue, IssueArticle, Subscriber, Suppression
from newsletter.services.lists import LISTS_CACHE_KEY, signup_lists
from tests.factories import ArticleFactory
from tests.newsletter.factories import (
    ConsentRecordFactory,
    DeliveryFactory,
    IssueFactory,
    SubscriberFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db
PINNED_SENT_ISSUE_PAGE_QUERIES = 11  # the change page of a sent issue, whatever its number of deliveries


def upload(text, name="people.csv"):
    file = io.BytesIO(text.encode())
    file.name = name
    return file


def test_issue_change_page_with_article_autocomplete_and_tools(editor_client, daily, article):
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    response = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "admin-autocomplete" in html and article.headline in html
    for name in ["preview", "send_test", "send", "fill"]:
        assert reverse(f"admin:newsletter_issue_{name}", args=[issue.pk]) in html
    assert "would go to 0 active subscriber" in html
    autocomplete = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Oil", "app_label": "newsletter", "model_name": "issuearticle", "field_name": "article"},
    )
    assert autocomplete.status_code == 200 and article.headline in autocomplete.content.decode()


def test_create_an_issue_with_ordered_articles(editor_client, daily):
    first, second = ArticleFactory(headline="First story"), ArticleFactory(headline="Second story")
    prefix = "items"
    data = {
        "newsletter_list": daily.pk, "subject": "Hello", "preheader": "", "intro": "",
        f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-position": "2", f"{prefix}-0-article": first.pk,
        f"{prefix}-1-position": "1", f"{prefix}-1-article": second.pk,
    }  # fmt: skip
    response = editor_client.post(reverse("admin:newsletter_issue_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get()
    assert list(IssueArticle.objects.filter(issue=issue).values_list("article__headline", flat=True)) == [
        "Second story",
        "First story",
    ]


def test_preview_and_plain_text(editor_client, daily, article):
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    html = editor_client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk])).content.decode()
    assert article.headline in html and "<table" in html
    text = editor_client.get(reverse("admin:newsletter_issue_preview_text", args=[issue.pk]))
    assert text["Content-Type"].startswith("text/plain") and article.headline in text.content.decode()


def test_send_a_test(editor_client, daily, article):
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    url = reverse("admin:newsletter_issue_send_test", args=[issue.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"email": "me@example.com"})
    assert response.status_code == 302
    assert mail.outbox[0].subject == f"[Test] {issue.subject}" and mail.outbox[0].to == ["me@example.com"]
    assert not issue.deliveries.exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_send_now_after_the_confirmation_page(editor_client, daily, article, django_capture_on_commit_callbacks):
    SubscriberFactory(email="a@example.com", lists=[daily])
    SubscriberFactory(email="b@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    url = reverse("admin:newsletter_issue_send", args=[issue.pk])
    page = editor_client.get(url).content.decode()
    assert "Yes, send it now to 2 subscriber(s)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"action": "send"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    change = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert "<strong>2</strong> sent" in change and "View in browser" in change
    assert editor_client.post(url, {"action": "send"}).status_code == 302  # refused with a message, no resend
    assert len(mail.outbox) == 2


def test_schedule_and_unschedule(editor_client, daily):
    issue = IssueFactory(newsletter_list=daily)
    url = reverse("admin:newsletter_issue_send", args=[issue.pk])
    when = timezone.localtime() + timedelta(days=1)
    response = editor_client.post(
        url,
        {"action": "schedule", "scheduled_at_0": when.strftime("%Y-%m-%d"), "scheduled_at_1": when.strftime("%H:%M")},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    past = editor_client.post(url, {"action": "schedule", "scheduled_at_0": "2000-01-01", "scheduled_at_1": "10:00"})
    assert "Choose a time in the future" in past.content.decode()
    editor_client.post(url, {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_fill_with_latest(editor_client, daily, section):
    ArticleFactory(category=section, headline="Fresh one")
    issue = IssueFactory(newsletter_list=daily)
    url = reverse("admin:newsletter_issue_fill", args=[issue.pk])
    assert "no earlier issue" in editor_client.get(url).content.decode()
    editor_client.post(url, {"sections": [section.pk], "limit": 5})
    assert [item.article.headline for item in issue.items.all()] == ["Fresh one"]


def test_sent_issue_is_read_only(editor_client, daily, article):
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    DeliveryFactory(issue=issue, status="sent")
    html = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert 'name="subject"' not in html
    assert editor_client.get(reverse("admin:newsletter_issue_changelist")).status_code == 200


def test_subscriber_list_filters_search_and_consent(editor_client, daily, weekly):
    subscriber = SubscriberFactory(email="find.me@example.com", lists=[daily])
    ConsentRecordFactory(subscriber=subscriber, action=ConsentRecord.Action.CONFIRMED, ip_network="203.0.113.0/24")
    SubscriberFactory(email="other@example.com", lists=[weekly])
    changelist = reverse("admin:newsletter_subscriber_changelist")
    html = editor_client.get(changelist, {"q": "find.me"}).content.decode()
    assert "find.me@example.com" in html and "other@example.com" not in html
    html = editor_client.get(changelist, {"lists__id__exact": weekly.pk}).content.decode()
    assert "other@example.com" in html and "find.me@example.com" not in html
    html = editor_client.get(changelist, {"status__exact": "active"}).content.decode()
    assert "find.me@example.com" in html
    change = editor_client.get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])).content.decode()
    assert "203.0.113.0/24" in change and "Confirmed (double opt-in)" in change


def test_export_streams_the_filtered_subscribers_as_csv(editor_client, daily, weekly):
    SubscriberFactory(email="a@example.com", lists=[daily, weekly])
    SubscriberFactory(email="b@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    response = editor_client.get(reverse("admin:newsletter_subscriber_export"), {"status__exact": "active"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "email,status,lists,created_at,confirmed_at,unsubscribed_at"
    assert len(lines) == 2 and lines[1].startswith("a@example.com,active,Daily Headlines; Weekly Finance,")


def test_import_with_opt_in_mails(editor_client, daily, django_capture_on_commit_callbacks):
    SuppressionFactory(email="blocked@example.com")
    csv = "email\nnew@example.com\nblocked@example.com\nnot an address\nNEW@example.com\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:newsletter_subscriber_import"),
            {"file": upload(csv), "lists": [daily.pk], "mode": "confirm", "note": ""},
            follow=True,
        )
    html = response.content.decode()
    assert "1 address(es) sent a confirmation email" in html and "1 are on the suppression list" in html
    assert "not an address" in html
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert Subscriber.objects.get(email="new@example.com").status == Subscriber.Status.PENDING


def test_import_as_consented_requires_a_note_and_records_it(editor_client, daily):
    SubscriberFactory(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    url = reverse("admin:newsletter_subscriber_import")
    data = {"lists": [daily.pk], "mode": "consented", "note": ""}
    response = editor_client.post(url, {**data, "file": upload("a@example.com\nleft@example.com\n")})
    assert response.status_code == 200 and "Say where and when" in response.content.decode()
    assert not Subscriber.objects.filter(email="a@example.com").exists()
    note = "Paper forms at the 2025 investor fair"
    editor_client.post(url, {**data, "note": note, "file": upload("a@example.com\nleft@example.com\n")})
    added = Subscriber.objects.get(email="a@example.com")
    assert added.is_active and list(added.lists.all()) == [daily]
    record = added.consents.get()
    assert record.action == ConsentRecord.Action.IMPORTED and record.note.startswith(note)
    assert Subscriber.objects.get(email="left@example.com").status == Subscriber.Status.UNSUBSCRIBED


def test_bulk_suppress_action(editor_client, daily):
    people = [SubscriberFactory(lists=[daily]) for _ in range(3)]
    editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "suppress", "_selected_action": [p.pk for p in people[:2]]},
    )
    assert set(Suppression.objects.values_list("email", flat=True)) == {p.email for p in people[:2]}
    assert Suppression.objects.first().reason == Suppression.Reason.MANUAL


def test_suppression_import_form(editor_client):
    csv = "email,reason,note\nx@example.com,bounce,550 no such user\ny@example.com,complaint,\nbad,,\n"
    response = editor_client.post(
        reverse("admin:newsletter_suppression_import"),
        {"file": upload(csv), "reason": "imported", "note": "From the old provider"},
        follow=True,
    )
    assert "2 address(es) suppressed" in response.content.decode()
    reasons = dict(Suppression.objects.values_list("email", "reason"))
    assert reasons == {"x@example.com": "hard-bounce", "y@example.com": "complaint"}


def test_adding_a_suppression_in_the_admin_stops_queued_mail(editor_client, daily):
    delivery = DeliveryFactory(subscriber=SubscriberFactory(email="stop@example.com", lists=[daily]))
    editor_client.post(
        reverse("admin:newsletter_suppression_add"), {"email": "STOP@example.com", "reason": "manual", "note": ""}
    )
    delivery.refresh_from_db()
    assert delivery.status == "suppressed"


def test_saving_a_list_clears_the_cached_signup_boxes(editor_client, daily, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    assert [item.name for item in signup_lists()] == ["Daily Headlines"]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:newsletter_newsletterlist_change", args=[daily.pk]),
            {"name": "Morning Headlines", "slug": "daily-headlines", "description": "", "is_default": "on",
             "is_active": "on", "position": 1},
        )  # fmt: skip
    assert cache.get(LISTS_CACHE_KEY) is None
    assert [item.name for item in signup_lists()] == ["Morning Headlines"]


def test_app_index_has_the_growth_chart_with_a_table(editor_client, daily):
    subscriber = SubscriberFactory(lists=[daily])
    ConsentRecordFactory(subscriber=subscriber, action=ConsentRecord.Action.CONFIRMED)
    html = editor_client.get(reverse("admin:app_list", kwargs={"app_label": "newsletter"})).content.decode()
    assert "<svg" in html and 'role="img"' in html and "<polyline" in html
    assert "<caption>Subscribers per week" in html


def test_delivery_and_consent_lists_are_read_only(editor_client):
    assert editor_client.get(reverse("admin:newsletter_delivery_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:newsletter_consentrecord_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:newsletter_consentrecord_add")).status_code == 403


def test_bulk_unsubscribe_action(editor_client, daily):
    people = [SubscriberFactory(lists=[daily]) for _ in range(2)]
    editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "unsubscribe", "_selected_action": [p.pk for p in people]},
    )
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Subscriber.Status.UNSUBSCRIBED}
    assert ConsentRecord.objects.filter(action="unsubscribed", source="admin").count() == 2


def test_a_sent_issues_page_reads_stored_counts_in_a_pinned_number_of_queries(editor_client, daily, article, scripted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsletter.services.delivery import issue_deliver
    from newsletter.services.issues import issue_send

    SubscriberFactory.create_batch(6, lists=[daily])
    SuppressionFactory(email=SubscriberFactory(lists=[daily]).email)
    issue = issue_send(issue=IssueFactory(newsletter_list=daily, articles=[article]), enqueue=False)
    assert issue_deliver(issue=issue).finished
    issue.refresh_from_db()
    assert issue.delivery_counts == {"sent": 6, "suppressed": 1} and issue.delivered == 6
    url = reverse("admin:newsletter_issue_change", args=[issue.pk])
    editor_client.get(url)  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        html = editor_client.get(url).content.decode()
    assert "<strong>6</strong> sent" in html and "<strong>1</strong> suppressed (of 7)" in html
    # No query reads the delivery rows: their counts were stored when the send finished.
    assert not [q["sql"] for q in queries if "newsletter_delivery" in q["sql"]]
    assert len(queries) == PINNED_SENT_ISSUE_PAGE_QUERIES, [q["sql"][:120] for q in queries]
