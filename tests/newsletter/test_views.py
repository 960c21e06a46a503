"""Reader flows with Django's test client: signup, confirm, preferences, unsubscribe, web version."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from newsletter.models import ConsentRecord, Issue, Subscriber
from newsletter.tokens import manage_token
from tests.newsletter.factories import IssueFactory, SubscriberFactory, SuppressionFactory

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/newsletter/subscribe/"


def signup(client, email, lists=(), source="page", **extra):
    data = {"email": email, "source": source, "lists": [item.pk for item in lists], "website": ""}
    return client.post(SUBSCRIBE, data, **extra)


def confirm_path(message):
    return re.search(r"https://news\.example\.com(/newsletter/confirm/[^/\s]+/)", message.body).group(1)


def test_newsletter_page_lists_every_list_with_the_default_ticked(client, daily, weekly):
    response = client.get(reverse("newsletter:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Daily Headlines" in html and "Weekly Finance" in html and weekly.description in html
    assert f'value="{daily.pk}" id="nl-page-list-{daily.pk}" checked' in html
    assert f'value="{weekly.pk}" id="nl-page-list-{weekly.pk}" aria' in html
    assert "public" in response["Cache-Control"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_signup_stores_a_pending_subscriber_and_consent_and_mails_a_confirmation(
    client, daily, weekly, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, "  Reader@Example.COM ", [daily, weekly], REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 303
    assert response["Location"] == reverse("newsletter:thanks")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    record = subscriber.consents.get()
    assert record.action == ConsentRecord.Action.REQUESTED
    assert record.source == "page"
    assert record.ip_network == "203.0.113.0/24"
    assert record.wording_version
    assert set(record.lists.all()) == {daily, weekly}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.com"]
    assert not subscriber.lists.exists()  # only the click activates


def test_the_answer_is_the_same_for_new_pending_active_and_unsubscribed_addresses(
    client, daily, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="active@example.com", lists=[daily])
    SubscriberFactory(email="pending@example.com", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    answers = []
    for address in ["new@example.com", "pending@example.com", "active@example.com", "left@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = signup(client, address, [daily])
        followed = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], followed.content))
    assert len(set(answers)) == 1
    # Every address got a mail: the difference is only in what it says.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["new@example.com", "pending@example.com", "active@example.com", "left@example.com"]
    )


def test_at_most_one_confirmation_per_address_per_interval(client, daily, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert signup(client, "again@example.com", [daily]).status_code == 303
    assert len(mail.outbox) == 1
    assert Subscriber.objects.get().consents.count() == 3  # each request is on record


def test_suppressed_addresses_get_the_same_answer_and_no_mail(client, daily, django_capture_on_commit_callbacks):
    SuppressionFactory(email="bounced@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, "bounced@example.com", [daily])
    assert response.status_code == 303 and response["Location"] == reverse("newsletter:thanks")
    assert mail.outbox == []


@pytest.mark.parametrize("source", ["band", "footer", "article"])
def test_small_boxes_subscribe_to_the_default_list(client, daily, weekly, source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "box@example.com", "source": source})
    assert response.status_code == 303
    record = ConsentRecord.objects.get()
    assert record.source == source
    assert list(record.lists.all()) == [daily]


@pytest.mark.parametrize("source", ["band", "page"])
def test_an_invalid_address_gets_a_clear_message_on_the_form(client, daily, source):
    response = signup(client, "not-an-address", [daily], source=source)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter an email address like name@example.com." in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert 'value="not-an-address"' in html
    assert f'name="source" value="{source}"' in html
    assert "no-store" in response["Cache-Control"]
    assert not Subscriber.objects.exists()


def test_the_newsletter_page_asks_for_at_least_one_list(client, daily):
    response = signup(client, "reader@example.com", [])
    assert response.status_code == 400
    assert "Choose at least one newsletter." in response.content.decode()


def test_the_honeypot_answers_like_a_success_and_does_nothing(client, daily):
    response = client.post(SUBSCRIBE, {"email": "bot@example.com", "lists": [daily.pk], "website": "http://spam"})
    assert response.status_code == 303 and response["Location"] == reverse("newsletter:thanks")
    assert not Subscriber.objects.exists()


def test_the_rate_limit_per_ip(client, daily, settings):
    settings.NEWSLETTER_SIGNUPS_PER_IP = 3
    codes = [signup(client, f"r{n}@example.com", [daily], REMOTE_ADDR="198.51.100.9").status_code for n in range(4)]
    assert codes == [303, 303, 303, 429]
    limited = signup(client, "r9@example.com", [daily], REMOTE_ADDR="198.51.100.9")
    assert "try again" in limited.content.decode() and limited["Retry-After"]
    # Another address (network) is not affected.
    assert signup(client, "other@example.com", [daily], REMOTE_ADDR="198.51.100.10").status_code == 303


def test_cross_site_posts_are_refused(client, daily):
    response = signup(client, "x@example.com", [daily], HTTP_ORIGIN="https://evil.example.net")
    assert response.status_code == 403
    response = signup(client, "x@example.com", [daily], HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    same = signup(client, "x@example.com", [daily], HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert same.status_code == 303


def test_get_on_the_endpoint_goes_to_the_page(client):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 302 and response["Location"] == reverse("newsletter:index")


def test_confirm_needs_the_button_and_activates(client, daily, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "c@example.com", [daily], REMOTE_ADDR="2001:db8:1234:5678::1")
    path = confirm_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # a GET (a mail scanner) changes nothing
    done = client.post(path, REMOTE_ADDR="2001:db8:1234:5678::1")
    assert done.status_code == 200 and 'role="status"' in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE and list(subscriber.lists.all()) == [daily]
    confirmed = subscriber.consents.get(action=ConsentRecord.Action.CONFIRMED)
    assert confirmed.ip_network == "2001:db8:1234::/48"
    assert client.post(path).status_code == 200  # a second click is harmless
    assert subscriber.consents.filter(action=ConsentRecord.Action.CONFIRMED).count() == 1
    assert "private" in done["Cache-Control"] and not done.cookies


def test_confirmation_links_expire_and_damaged_ones_are_refused(
    client, daily, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "late@example.com", [daily])
    path = confirm_path(mail.outbox[0])
    assert client.get(path[:-3] + "xx/").status_code == 400
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    expired = client.post(path)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_link_sent_before_unsubscribing_does_not_bring_them_back(client, daily, django_capture_on_commit_callbacks):
    subscriber = SubscriberFactory(email="gone@example.com", lists=[daily])
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "gone@example.com", [daily])
    path = confirm_path(mail.outbox[0])
    client.post(reverse("newsletter:unsubscribe", kwargs={"token": manage_token(subscriber)}))
    response = client.post(path)
    assert response.status_code == 409
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_page_asks_first_then_unsubscribes(client, daily):
    subscriber = SubscriberFactory(lists=[daily])
    url = reverse("newsletter:unsubscribe", kwargs={"token": manage_token(subscriber)})
    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_active  # a plain GET never unsubscribes
    done = client.post(url)
    assert "You are unsubscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.unsubscribed_at
    assert not subscriber.lists.exists()
    record = subscriber.consents.get(action=ConsentRecord.Action.UNSUBSCRIBED)
    assert record.source == "unsubscribe-page" and record.list_names == "Daily Headlines"
    assert "You are not subscribed" in client.get(url).content.decode()


def test_rfc8058_one_click_post_without_csrf_token(daily):
    from django.test import Client

    subscriber = SubscriberFactory(lists=[daily])
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:unsubscribe", kwargs={"token": manage_token(subscriber)})
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.consents.get(action=ConsentRecord.Action.UNSUBSCRIBED).source == "one-click"


def test_damaged_personal_links_get_a_clear_404(client):
    response = client.get(reverse("newsletter:unsubscribe", kwargs={"token": "abc:def"}))
    assert response.status_code == 404 and "damaged" in response.content.decode()
    assert client.get(reverse("newsletter:preferences", kwargs={"token": "abc:def"})).status_code == 404


def test_preferences_change_lists_and_record_it(client, daily, weekly):
    subscriber = SubscriberFactory(lists=[daily])
    url = reverse("newsletter:preferences", kwargs={"token": manage_token(subscriber)})
    page = client.get(url).content.decode()
    assert f'value="{daily.pk}"' in page and "checked" in page
    response = client.post(url, {"lists": [weekly.pk]})
    assert response.status_code == 303
    assert "Your choices are saved." in client.get(response["Location"]).content.decode()
    assert list(subscriber.lists.all()) == [weekly]
    assert subscriber.consents.get(action=ConsentRecord.Action.PREFERENCES).list_names == "Weekly Finance"
    client.post(url, {})  # nothing ticked: unsubscribed from all
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_view_in_browser_only_once_the_issue_went_out(client, article):
    issue = IssueFactory(articles=[article])
    assert client.get(issue.get_absolute_url()).status_code == 404
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert issue.subject in html and article.headline in html and "Here is what matters today." in html


def test_public_pages_set_no_cookie(client, daily, article):
    for url in ["/", reverse("newsletter:index"), reverse("newsletter:thanks"), article.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
