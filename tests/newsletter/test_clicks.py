"""Click figures from a subscriber's side: tracked links in real sent emails, the redirect, unsubscribes, opens."""

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from newsletter.models import ClickerRegister, IssueDay, IssueLink, LinkClickDay, Subscriber, SubscriberClick
from newsletter.services.clickreport import issue_click_report
from newsletter.services.clicks import BUCKETS, estimate, register_of
from newsletter.services.issues import issue_send
from newsletter.tokens import link_token, manage_token
from newsletter.tracking import NOT_FOUND
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.newsletter.smtp import parts

pytestmark = pytest.mark.django_db
SITE = "https://news.example.com"


def path_of(url):
    assert url.startswith(SITE), url
    return url[len(SITE) :]


def headline_link(html, headline):
    """The href of the headline's link in an email's HTML."""
    found = re.search(rf'<a\s+href="({SITE}/newsletter/r/[^"]+)"[^>]*>{re.escape(headline)}</a>', html)
    assert found, html
    return found.group(1)


@pytest.fixture
def sent(daily, article, smtp_server, django_capture_on_commit_callbacks):
    """An issue sent over SMTP to two subscribers: (issue, {email: (text, html, message)})."""
    for email in ("ann@example.com", "bob@example.com"):
        SubscriberFactory(email=email, lists=[daily])
    issue = IssueFactory(newsletter_list=daily, subject="Morning markets", articles=[article])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    assert smtp_server.mailbox.wait_for(2)
    issue.refresh_from_db()
    mails = {}
    for message in smtp_server.mailbox.messages:
        text, html = parts(message)
        mails[message["To"]] = (text, html, message)
    return issue, mails


def test_clicking_a_link_in_a_sent_email_leads_to_the_article_and_is_counted_without_the_person(client, sent, article):
    issue, mails = sent
    ann_link = headline_link(mails["ann@example.com"][1], article.headline)
    bob_link = headline_link(mails["bob@example.com"][1], article.headline)
    assert ann_link != bob_link  # the same link, with each recipient's tag

    response = client.get(path_of(ann_link))
    assert response.status_code == 302
    landing = urlsplit(response["Location"])
    assert f"{landing.scheme}://{landing.netloc}{landing.path}" == f"{SITE}{article.get_absolute_url()}"
    assert parse_qs(landing.query)["utm_campaign"] == [f"newsletter-daily-headlines-{issue.pk}"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    client.get(path_of(ann_link))
    client.get(path_of(bob_link))

    assert LinkClickDay.objects.get(link__role=IssueLink.Role.HEADLINE).clicks == 3
    report = issue_click_report(issue)
    assert (report["delivered"], report["clicks"], report["clickers"], report["click_rate"]) == (2, 3, 2, "100.0%")
    assert SubscriberClick.objects.count() == 0  # nobody opted in: no row names anyone


def test_every_link_but_the_personal_ones_is_tracked(sent, article):
    issue, mails = sent
    text, html, message = mails["ann@example.com"]
    hrefs = re.findall(r'href="([^"]+)"', html)
    personal = [h for h in hrefs if "/unsubscribe/" in h or "/preferences/" in h]
    tracked = [h for h in hrefs if h.startswith(f"{SITE}/newsletter/r/")]
    assert len(personal) == 2 and len(tracked) == len(hrefs) - 2  # site name, web version, image, headline, more
    assert len(tracked) == 5 and IssueLink.objects.filter(issue=issue).count() == 5
    assert article.get_absolute_url() not in html  # no direct article link left
    assert re.search(r"Read more: https://news\.example\.com/newsletter/r/\S+", text)
    # The unsubscribe links name the issue, so a departure is counted for it (not with the person).
    assert "?issue=" in message["List-Unsubscribe"] and all("?issue=" in h for h in personal if "/unsubscribe/" in h)
    assert "/newsletter/o/" not in html  # no open-counting image by default


def test_an_altered_or_made_up_token_is_a_plain_404(client, sent, article):
    issue, mails = sent
    link = path_of(headline_link(mails["ann@example.com"][1], article.headline))
    token = link.split("/")[3]
    issue_id, link_id, mac = token.split("-")
    changed_mac = f"{issue_id}-{link_id}-{'0' if mac[0] != '0' else '1'}{mac[1:]}"
    for bad in (changed_mac, f"{issue_id}-{int(link_id) + 1}-{mac}", "1-1", "nonsense", "9" * 40 + "-1-x"):
        response = client.get(f"/newsletter/r/{bad}/a1x1/")
        assert response.status_code == 404, bad
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode() == NOT_FOUND
        assert "Location" not in response
    assert not LinkClickDay.objects.exists()


def test_a_url_that_was_not_in_the_issue_cannot_be_reached(client, sent, daily):
    issue, _ = sent
    other = IssueFactory(newsletter_list=daily)
    elsewhere = IssueLink.objects.create(issue=other, role=IssueLink.Role.SITE, url="https://evil.example.org/")
    # Correctly signed, but the link belongs to another issue: nothing to redirect to.
    response = client.get(f"/newsletter/r/{link_token(issue.pk, elsewhere.pk)}/a1x1/")
    assert response.status_code == 404
    # A URL in the query is ignored: the redirect only ever goes to the stored URL.
    own = IssueLink.objects.filter(issue=issue, role=IssueLink.Role.SITE).get()
    response = client.get(f"/newsletter/r/{link_token(issue.pk, own.pk)}/", {"url": "https://evil.example.org/"})
    assert response.status_code == 302 and response["Location"] == own.url == SITE
    # Even a URL stored for the issue is not followed off the site (a database edited by hand).
    planted = IssueLink.objects.create(issue=issue, role=IssueLink.Role.SITE, url="https://evil.example.org/")
    assert client.get(f"/newsletter/r/{link_token(issue.pk, planted.pk)}/").status_code == 404


def test_test_emails_and_untagged_links_lead_on_but_count_nothing(client, sent):
    issue, _ = sent
    link = IssueLink.objects.filter(issue=issue, role=IssueLink.Role.WEB_VERSION).get()
    for tag in ("test", "preview", "a0123456789abcdefx0000000000", ""):
        url = f"/newsletter/r/{link_token(issue.pk, link.pk)}/{tag + '/' if tag else ''}"
        assert client.get(url).status_code == 302
    assert client.head(f"/newsletter/r/{link_token(issue.pk, link.pk)}/a1x1/").status_code == 302
    assert not LinkClickDay.objects.exists() and not ClickerRegister.objects.exists()


def test_a_subscriber_who_opted_in_has_their_clicks_recorded_with_them(
    client, daily, article, smtp_server, django_capture_on_commit_callbacks
):
    keen = SubscriberFactory(email="keen@example.com", lists=[daily])
    keen.subscriptions.update(share_clicks=True)
    SubscriberFactory(email="quiet@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    assert smtp_server.mailbox.wait_for(2)
    for message in smtp_server.mailbox.messages:
        client.get(path_of(headline_link(parts(message)[1], article.headline)))
    click = SubscriberClick.objects.get()
    assert click.subscriber == keen and click.link.role == IssueLink.Role.HEADLINE and click.issue == issue
    assert issue_click_report(issue)["clickers"] == 2
    # Changing one's mind stops the recording at once, even for emails already received.
    keen.subscriptions.update(share_clicks=False)
    client.get(path_of(headline_link(parts(smtp_server.mailbox.to("keen@example.com")[0])[1], article.headline)))
    assert SubscriberClick.objects.count() == 1 and issue_click_report(issue)["clicks"] == 3


def test_unsubscribes_from_an_issues_link_are_counted_for_it(client, sent):
    issue, mails = sent
    ann_text, _, _ = mails["ann@example.com"]
    unsubscribe = path_of(re.search(r"Unsubscribe: (\S+)", ann_text).group(1))
    page = client.get(unsubscribe)
    form_action = re.search(r'<form method="post" action="([^"]+)"', page.content.decode()).group(1)
    assert "?issue=" in form_action
    assert client.post(form_action.replace("&amp;", "&")).status_code == 200
    client.post(form_action.replace("&amp;", "&"))  # again: already gone, not counted twice
    bob = mails["bob@example.com"][2]
    one_click = path_of(re.findall(r"<([^>]+)>", bob["List-Unsubscribe"])[0])
    response = client.post(one_click, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).count() == 2
    assert IssueDay.objects.get(issue=issue).unsubscribes == 2
    assert issue_click_report(issue)["unsubscribes"] == 2


def test_an_unsubscribe_without_or_with_a_forged_issue_counts_for_none(client, daily):
    person = SubscriberFactory(lists=[daily])
    url = reverse("newsletter:unsubscribe", kwargs={"token": manage_token(person)})
    assert client.post(f"{url}?issue=1:forged").status_code == 200
    assert not IssueDay.objects.exists()


def test_opens_are_counted_only_when_enabled(client, daily, article, smtp_server, settings,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    settings.NEWSLETTER_TRACK_OPENS = True
    SubscriberFactory(email="reader@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    with django_capture_on_commit_callbacks(execute=True):
        issue_send(issue=issue)
    assert smtp_server.mailbox.wait_for(1)
    html = parts(smtp_server.mailbox.messages[0])[1]
    pixel = re.search(r'<img src="(https://news\.example\.com/newsletter/o/[^"]+)" width="1" height="1" alt=""', html)
    response = client.get(path_of(pixel.group(1)))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert IssueDay.objects.get(issue=issue).opens == 1
    assert client.get("/newsletter/o/1-forged.gif").status_code == 404


def test_the_redirect_query_count_is_pinned(client, sent, article, django_assert_max_num_queries):
    issue, mails = sent
    link = path_of(headline_link(mails["ann@example.com"][1], article.headline))
    # Counted here, a click's transaction is a savepoint (2 of the queries), and on PostgreSQL it
    # starts with SET LOCAL synchronous_commit (1 more). First click of the day: the link from the
    # database, the day's row made (in a savepoint of its own), the sketch's register read and made.
    with django_assert_max_num_queries(11):
        assert client.get(link).status_code == 302
    # Then: the link from the cache, one UPDATE, one read of the register.
    with django_assert_max_num_queries(5):
        assert client.get(link).status_code == 302


def test_the_redirect_works_with_the_cache_down(client, sent, article, settings):
    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "portal.web.resilientcache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/5",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    issue, mails = sent
    link = path_of(headline_link(mails["ann@example.com"][1], article.headline))
    for _ in range(2):
        assert client.get(link).status_code == 302
    assert issue_click_report(issue)["clicks"] == 2


def test_the_web_version_links_straight_to_the_site(client, sent, article):
    issue, _ = sent
    html = client.get(issue.get_absolute_url()).content.decode()
    assert article.get_absolute_url() in html and "/newsletter/r/" not in html


def test_a_draft_preview_stores_no_links_and_links_straight(editor_client, daily):
    story = ArticleFactory(headline="Draft-time story")
    issue = IssueFactory(newsletter_list=daily, articles=[story])
    html = editor_client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk])).content.decode()
    assert story.get_absolute_url() in html and "/newsletter/r/" not in html
    assert not IssueLink.objects.exists()


def test_the_sketch_counts_distinct_pseudonyms_closely():
    import hashlib

    def sketch(pseudonyms):
        top = {}
        for value in pseudonyms:
            bucket, rank = register_of(value)
            top[bucket] = max(top.get(bucket, 0), rank)
        return Counter(top.values())

    def pseudonym(n):
        return hashlib.sha256(str(n).encode()).hexdigest()[:16]

    assert estimate(Counter()) == 0
    assert estimate(sketch([pseudonym(n) for n in range(5)] * 3)) == 5  # repeats count once; small is exact
    for size in (200, 5000, 50000):
        found = estimate(sketch(pseudonym(n) for n in range(size)))
        assert abs(found - size) / size < 0.06, (size, found)
    assert all(0 <= register_of(pseudonym(n))[0] < BUCKETS for n in range(100))


def test_a_subscriber_turns_their_click_history_on_and_off_on_the_preferences_page(client, daily, weekly):
    person = SubscriberFactory(lists=[daily, weekly])
    url = reverse("newsletter:preferences", kwargs={"token": manage_token(person)})
    page = client.get(url).content.decode()
    box = re.search(r'<input type="checkbox" name="share_clicks"[^>]*>', page).group(0)
    assert "checked" not in box and 'aria-describedby="id_share_clicks_helptext"' in box  # off by default
    assert "Keep a history of the links I click in these newsletters" in page
    assert "never whose they are" in page
    client.post(url, {"lists": [daily.pk, weekly.pk], "share_clicks": "on"})
    assert list(person.subscriptions.values_list("share_clicks", flat=True)) == [True, True]
    assert person.consents.get().note == "Click history turned on."
    assert "checked" in re.search(
        r'<input type="checkbox" name="share_clicks"[^>]*>', client.get(url).content.decode()
    ).group(0)
    issue = IssueFactory(newsletter_list=daily)
    link = IssueLink.objects.create(issue=issue, role=IssueLink.Role.SITE, url=SITE)
    SubscriberClick.objects.create(subscriber=person, issue=issue, link=link)
    client.post(url, {"lists": [daily.pk]})
    assert list(person.subscriptions.values_list("share_clicks", flat=True)) == [False]
    assert not SubscriberClick.objects.exists()  # turning it off deletes the history kept so far


def test_unsubscribing_deletes_a_kept_click_history(client, daily):
    person = SubscriberFactory(lists=[daily])
    person.subscriptions.update(share_clicks=True)
    issue = IssueFactory(newsletter_list=daily)
    link = IssueLink.objects.create(issue=issue, role=IssueLink.Role.SITE, url=SITE)
    SubscriberClick.objects.create(subscriber=person, issue=issue, link=link)
    client.post(reverse("newsletter:unsubscribe", kwargs={"token": manage_token(person)}))
    assert not SubscriberClick.objects.exists()
