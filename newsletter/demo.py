"""Demo content for `make run`: one sent issue of Daily Headlines with deliveries and click figures.

The figures are made by the same functions the redirect and the
unsubscribe page call (`click_record`, `subscriber_unsubscribe`), with the
tags the real emails carry, so the admin's "Clicks" panel shows what a real
send would produce. Demo subscribers use example.com addresses (RFC 2606).
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from newsletter.models import ConsentRecord, Delivery, Issue, IssueArticle, IssueLink, NewsletterList, Subscriber
from newsletter.services.clicks import click_record
from newsletter.services.emails import message_id_for
from newsletter.services.issues import issue_email
from newsletter.services.subscriptions import subscriber_unsubscribe
from newsletter.tokens import clicker_tag

SUBJECT = "Demo: rates, results and the week ahead"
READERS = 240
DAYS = 5  # the issue went out this many days ago; clicks fade over the days since
UNSUBSCRIBES = 3


def seed_sent_issue(*, list_slug="daily-headlines", readers=READERS, seed=16) -> Issue | None:
    """The demo's sent issue, made once (None when there are no published articles to put in it)."""
    existing = Issue.objects.filter(subject=SUBJECT).first()
    if existing:
        return existing
    articles = list(Article.objects.published().newest_first()[:4])
    newsletter_list = NewsletterList.objects.filter(slug=list_slug).first()
    if not articles or newsletter_list is None:
        return None
    rng = random.Random(seed)
    sent_at = timezone.now() - timedelta(days=DAYS)
    with transaction.atomic():
        people = _demo_readers(newsletter_list, readers)
        issue = Issue.objects.create(
            newsletter_list=newsletter_list,
            subject=SUBJECT,
            preheader="What moved markets, and what to watch.",
            intro="Good morning.\n\nThe stories our readers followed most this week.",
        )
        IssueArticle.objects.bulk_create(
            [IssueArticle(issue=issue, article=article, position=n) for n, article in enumerate(articles, start=1)]
        )
        Issue.objects.filter(pk=issue.pk).update(
            status=Issue.Status.SENT, started_at=sent_at, prepared_at=sent_at, heartbeat_at=sent_at,
            finished_at=sent_at + timedelta(minutes=4), delivered=len(people),
        )  # fmt: skip
        Delivery.objects.bulk_create(
            [
                Delivery(
                    issue=issue,
                    subscriber=person,
                    status=Delivery.Status.SENT,
                    attempts=1,
                    sent_at=sent_at,
                    message_id=message_id_for(issue.pk, person.pk),
                    attempt_started_at=sent_at,
                )
                for person in people
            ]  # fmt: skip
        )
        issue.refresh_from_db()
        issue_email(issue)  # stores the issue's links, as the first sending worker does
        _demo_clicks(issue, people, rng, sent_at)
    for person in rng.sample(people, UNSUBSCRIBES):
        subscriber_unsubscribe(subscriber=person, source=ConsentRecord.Source.UNSUBSCRIBE_PAGE, issue_id=issue.pk)
    return issue


def _demo_readers(newsletter_list, count):
    emails = [f"demo-reader-{n:03d}@example.com" for n in range(1, count + 1)]
    Subscriber.objects.bulk_create(
        [Subscriber(email=email, status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now()) for email in emails],
        ignore_conflicts=True,
    )
    people = list(Subscriber.objects.filter(email__in=emails).order_by("pk"))
    for person in people:
        person.subscriptions.get_or_create(newsletter_list=newsletter_list)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                subscriber=person,
                action=ConsentRecord.Action.IMPORTED,
                source=ConsentRecord.Source.IMPORT,
                list_names=newsletter_list.name,
                note="Demo data (seed_newsletter)",
            )
            for person in people
        ]  # fmt: skip
    )
    return people


def _demo_clicks(issue, people, rng, sent_at):
    """About a third of the readers click, most on the first day; the lead story gets the most."""
    links = list(IssueLink.objects.filter(issue=issue).order_by("position"))
    weights = [
        8 if link.role == IssueLink.Role.HEADLINE else 4 if link.role == IssueLink.Role.READ_MORE else 2
        for link in links
    ]
    # Earlier stories get more clicks, as they do in real newsletters.
    article_order = {pk: n for n, pk in enumerate(dict.fromkeys(link.article_id for link in links if link.article_id))}
    weights = [w / (1 + article_order.get(link.article_id, 3)) for w, link in zip(weights, links, strict=True)]
    for person in people:
        if rng.random() > 0.34:
            continue
        tag = clicker_tag(issue.pk, person)
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            day = min(int(rng.expovariate(1.3)), DAYS)
            link = rng.choices(links, weights)[0]
            when = min(sent_at + timedelta(days=day, minutes=rng.randint(5, 600)), timezone.now())
            click_record(issue_id=issue.pk, link_id=link.pk, list_id=issue.newsletter_list_id, tag=tag, now=when)
