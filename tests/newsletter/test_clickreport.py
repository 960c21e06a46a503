"""Click figures from an editor's side: the "Clicks" panel of a sent issue's admin page, and the demo issue."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Issue, IssueLink
from newsletter.services.clicks import click_record, issue_day_count
from newsletter.services.issues import issue_email
from newsletter.tokens import clicker_tag
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def figure(html, name):
    found = re.search(rf"<dt>{re.escape(name)}</dt><dd>([^<]+)</dd>", html)
    assert found, name
    return found.group(1)


def table_rows(html, caption):
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]  # fmt: skip


@pytest.fixture
def sent_issue(daily):
    """A sent issue of two articles, delivered to 4, with clicks on two days and one unsubscribe."""
    lead = ArticleFactory(headline="Rates rise again")
    second = ArticleFactory(headline="Banks report")
    people = [SubscriberFactory(lists=[daily]) for _ in range(4)]
    issue = IssueFactory(newsletter_list=daily, subject="Sent one", articles=[lead, second])
    start = timezone.now() - timedelta(days=1)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, started_at=start, finished_at=start, delivered=4)
    issue.refresh_from_db()
    issue_email(issue)  # stores the links, as sending does
    links = {(link.role, link.article_id): link for link in IssueLink.objects.filter(issue=issue)}
    lead_headline = links[IssueLink.Role.HEADLINE, lead.pk]
    clicks = [  # (person, link, when)
        (0, lead_headline, start), (0, lead_headline, start), (1, lead_headline, start),
        (1, links[IssueLink.Role.READ_MORE, second.pk], start), (2, lead_headline, timezone.now()),
    ]  # fmt: skip
    for person, link, when in clicks:
        tag = clicker_tag(issue.pk, people[person])
        click_record(issue_id=issue.pk, link_id=link.pk, list_id=daily.pk, tag=tag, now=when)
    issue_day_count(issue_id=issue.pk, field="unsubscribes")
    return issue, lead, second, start


def test_the_clicks_panel_shows_what_the_issue_did(editor_client, sent_issue):
    issue, lead, second, start = sent_issue
    html = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert '<h2 id="nl-clicks-heading">Clicks</h2>' in html
    assert figure(html, "Delivered") == "4"
    assert figure(html, "Clicks") == "5"
    assert figure(html, "Unique clickers") == "3"
    assert figure(html, "Click rate") == "75.0%"
    assert figure(html, "Unsubscribes from this issue") == "1"
    assert "Opens (image loads)" not in html  # opens are not counted by default
    day1, day2 = timezone.localdate(start), timezone.localdate()
    assert table_rows(html, "Per day") == [
        [f"{day1:%a} {day1.day} {day1:%b %Y}", "4", "2", "0"],
        [f"{day2:%a} {day2.day} {day2:%b %Y}", "1", "1", "1"],
    ]
    assert table_rows(html, "Per article") == [["Rates rise again", "4"], ["Banks report", "1"]]
    per_link = {row[0]: row[2:] for row in table_rows(html, "Per link, in the order of the email")}
    assert per_link["Headline: Rates rise again"] == ["4", "80.0%"]
    assert per_link["Read more: Banks report"] == ["1", "20.0%"]
    assert per_link["View in your browser"] == ["0", "0.0%"]
    chart = re.search(r'<svg class="nl-clicks-chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in chart and '<title id="nl-clicks-title">Clicks per day</title>' in chart
    assert chart.count("<rect ") == 2 and f"{day1:%d %b}: 4 clicks" in chart
    assert "<script" not in re.search(r'<section class="module nl-clicks".*?</section>', html, re.S).group(0)


def test_the_issue_page_query_count_does_not_grow_with_the_figures(
    editor_client, sent_issue, django_assert_max_num_queries
):
    issue = sent_issue[0]
    url = reverse("admin:newsletter_issue_change", args=[issue.pk])
    editor_client.get(url)
    with django_assert_max_num_queries(13):
        assert editor_client.get(url).status_code == 200
    # Many more people and clicks: the page runs the same queries (aggregates, no delivery rows counted).
    for n in range(40):
        person = SubscriberFactory(lists=[issue.newsletter_list])
        link = IssueLink.objects.filter(issue=issue).order_by("?").first()
        click_record(issue_id=issue.pk, link_id=link.pk, list_id=issue.newsletter_list_id,
                     tag=clicker_tag(issue.pk, person), now=timezone.now() - timedelta(days=n % 5))  # fmt: skip
    with django_assert_max_num_queries(13):
        html = editor_client.get(url).content.decode()
    assert int(figure(html, "Clicks")) == 45


def test_a_draft_has_no_clicks_panel(editor_client, daily, article):
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    html = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert "nl-clicks" not in html


def test_the_demo_content_has_a_sent_issue_with_click_figures(editor_client):
    for n in range(4):
        ArticleFactory(headline=f"Demo story {n}")
    call_command("seed_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115 - again: nothing doubles
    issue = Issue.objects.get(status=Issue.Status.SENT)
    html = editor_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert figure(html, "Delivered") == "240"
    clicks, clickers = int(figure(html, "Clicks")), int(figure(html, "Unique clickers"))
    assert 40 < clickers < clicks < 400
    assert figure(html, "Click rate") == f"{100 * clickers / 240:.1f}%"
    assert figure(html, "Unsubscribes from this issue") == "3"
    assert sum(int(row[1]) for row in table_rows(html, "Per day")) == clicks
    assert len(table_rows(html, "Per article")) == 4


def test_an_editor_sees_a_click_history_only_for_a_subscriber_who_asked(editor_client, sent_issue):
    from newsletter.models import SubscriberClick, Subscription

    issue = sent_issue[0]
    keen, quiet = (SubscriberFactory(lists=[issue.newsletter_list]) for _ in range(2))
    Subscription.objects.filter(subscriber=keen).update(share_clicks=True)
    link = IssueLink.objects.get(issue=issue, role=IssueLink.Role.HEADLINE, article__headline="Rates rise again")
    for person in (keen, quiet):
        click_record(issue_id=issue.pk, link_id=link.pk, list_id=issue.newsletter_list_id,
                     tag=clicker_tag(issue.pk, person, personal=person == keen))  # fmt: skip
    assert SubscriberClick.objects.get().subscriber == keen
    page = editor_client.get(reverse("admin:newsletter_subscriber_change", args=[keen.pk])).content.decode()
    assert "Click history (kept because the subscriber asked for it)" in page and "Sent one" in page
    assert "Headline: " in page
    page = editor_client.get(reverse("admin:newsletter_subscriber_change", args=[quiet.pk])).content.decode()
    assert "Sent one" not in page
