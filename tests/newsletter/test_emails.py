"""Real email over SMTP (aiosmtpd): the confirmation and an issue, parsed with Python's `email` package."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from newsletter.models import Issue, Subscriber
from newsletter.services.delivery import issue_deliver
from newsletter.services.emails import email_image, with_utm
from newsletter.services.issues import issue_send
from tests.factories import ArticleFactory, DisclosureFactory, ImageFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.newsletter.smtp import parts

pytestmark = pytest.mark.django_db
SITE = "https://news.example.com"


def site_path(url):
    assert url.startswith(SITE), url
    return url[len(SITE) :]


def test_confirmation_mail_over_smtp_and_its_link_works(client, daily, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", {"email": "smtp@example.com", "lists": [daily.pk], "source": "page"})
    assert smtp_server.mailbox.wait_for(1)
    message = smtp_server.mailbox.messages[0]
    assert message["From"] == "Global Finance Review <newsletter@news.example.com>"
    assert message["To"] == "smtp@example.com"
    assert message["Message-ID"]
    assert message["Subject"] == "Confirm your subscription to Global Finance Review"
    text, html = parts(message)
    url = re.search(r"https://\S+/newsletter/confirm/\S+/", text).group(0)
    assert f'href="{url}"' in html
    assert "Daily Headlines" in text and "Daily Headlines" in html
    response = client.post(site_path(url))
    assert response.status_code == 200
    assert Subscriber.objects.get(email="smtp@example.com").is_active


@pytest.fixture
def issue(daily):
    business_image = ImageFactory(alt_text="Traders on the floor")
    plain = ArticleFactory(headline="Banks lift rates", summary="Savers gain.", hero_image=business_image)
    sponsored = ArticleFactory(headline="A partner's savings app", summary="Paid for by a bank.")
    sponsored.disclosures.add(DisclosureFactory())
    draft = ArticleFactory(headline="Not out yet", status="draft")
    return IssueFactory(newsletter_list=daily, subject="Tuesday briefing", articles=[sponsored, plain, draft])


def test_an_issue_over_smtp_has_both_parts_headers_and_working_links(
    client, issue, daily, smtp_server, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="issue@example.com", lists=[daily])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert smtp_server.mailbox.wait_for(1)
    message = smtp_server.mailbox.to("issue@example.com")[0]
    delivery = issue.deliveries.get()
    assert message["Message-ID"] == delivery.message_id
    assert message["From"] == "Global Finance Review <newsletter@news.example.com>"
    assert message["Subject"] == "Tuesday briefing"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"].startswith("Daily Headlines <daily-headlines.")
    https_url, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert https_url.startswith("https://news.example.com/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:unsubscribe@news.example.com?subject=unsubscribe")

    text, html = parts(message)
    for part in (text, html):
        assert "Banks lift rates" in part
        assert "A partner's savings app" in part or "A partner&#x27;s savings app" in part
        assert "Not out yet" not in part  # drafts stay out
        assert "Global Finance Review Ltd" in part and "London" in part  # publisher and postal address
    assert text.index("A partner's savings app") < text.index("Banks lift rates")  # the editor's order
    assert "[Sponsored]" in text and ">Sponsored</span>" in html  # commercial content keeps its label
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'alt="Traders on the floor"' in img and 'width="552"' in img and 'height="' in img
    assert re.search(r'src="https://news\.example\.com/media/\S+640\S*\.jpg"', img), img
    # Article links go through the click redirect, which leads to the article with the campaign's UTM.
    headline = re.search(r'<a\s+href="(https://news\.example\.com/newsletter/r/[^"]+)"[^>]*>Banks lift rates', html)
    landing = client.get(site_path(headline.group(1)))
    assert landing.status_code == 302 and "banks-lift-rates" in landing["Location"]
    query = parse_qs(urlsplit(landing["Location"]).query)
    assert query["utm_source"] == ["newsletter"] and query["utm_medium"] == ["email"]
    assert query["utm_campaign"] == [f"newsletter-daily-headlines-{issue.pk}"]

    # The links work: view in browser, preferences, the unsubscribe page, one-click.
    view = client.get(site_path(re.search(r"View in your browser: (\S+)", text).group(1)))
    assert view.status_code == 302 and client.get(site_path(view["Location"])).status_code == 200
    preferences = re.search(r"Change your newsletters: (\S+)", text).group(1)
    assert client.get(site_path(preferences)).status_code == 200
    unsubscribe = re.search(r"Unsubscribe: (\S+)", text).group(1)
    assert unsubscribe == https_url and f'href="{unsubscribe}"' in html
    assert client.get(site_path(unsubscribe)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_active
    response = client.post(
        site_path(https_url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_one_smtp_connection_per_batch(issue, daily, smtp_server, settings):
    for n in range(6):
        SubscriberFactory(email=f"batch{n}@example.com", lists=[daily])
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    connections = []
    original = smtp_server.controller.factory

    def counting_factory():
        connections.append(1)
        return original()

    smtp_server.controller.factory = counting_factory
    result = issue_deliver(issue=issue, batch_size=3)
    assert result.sent == 6
    assert smtp_server.mailbox.wait_for(6)
    assert len(connections) == 2


def test_email_image_picks_the_jpeg_nearest_600(image):
    picked = email_image(image)
    assert picked["url"].startswith("https://news.example.com/media/") and "640" in picked["url"]
    assert picked["width"] == 552 and picked["height"] == round(552 * image.height / image.width)
    assert email_image(None) is None


def test_utm_keeps_existing_parameters(settings):
    url = with_utm("https://news.example.com/a/?page=2", "c1")
    assert parse_qs(urlsplit(url).query) == {
        "page": ["2"], "utm_source": ["newsletter"], "utm_medium": ["email"], "utm_campaign": ["c1"]
    }  # fmt: skip
    settings.NEWSLETTER_UTM = ""
    assert with_utm("https://news.example.com/a/", "c1") == "https://news.example.com/a/"


def test_the_unsubscribe_link_in_the_footer_points_to_the_subscriber(
    issue, daily, scripted, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="mine@example.com", lists=[daily])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    message = scripted.sent[0]
    from newsletter.tokens import manage_token

    assert reverse("newsletter:unsubscribe", kwargs={"token": manage_token(subscriber)}) in message.body
