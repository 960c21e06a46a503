"""The editorial calendar: an admin page with a month of scheduled and
published articles and newsletter issues, by day.

It lives in portal because it shows both apps (articles may not import
newsletter). Two queries per month, whatever the volume.
"""

import calendar
from collections import defaultdict
from datetime import date, datetime, time

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsletter.models import Issue


def _month(value):
    """`?month=2026-11` as the first day of that month; this month when missing or bad."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def calendar_entries(first):
    """{date: [entry]} for the month starting at `first`: articles by publish time, issues by send time."""
    start, end = _start(first), _start(_shift(first, 1))
    now = timezone.now()
    days = defaultdict(list)
    articles = (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gte=start, publish_at__lt=end)
        .select_related("category")
        .only("headline", "publish_at", "status", "category__name")
        .order_by("publish_at")
    )
    for article in articles:
        when = timezone.localtime(article.publish_at)
        days[when.date()].append(
            {
                "kind": "Scheduled" if article.publish_at > now else "Published",
                "what": "article",
                "time": when,
                "title": article.headline,
                "detail": article.category.name,
                "url": reverse("admin:articles_article_change", args=[article.pk]),
            }
        )
    issues = (
        Issue.objects.exclude(status=Issue.Status.DRAFT)
        .annotate(when=Coalesce("started_at", "scheduled_at"))
        .filter(when__gte=start, when__lt=end)
        .select_related("newsletter_list")
        .order_by("when")
    )
    for issue in issues:
        when = timezone.localtime(issue.when)
        days[when.date()].append(
            {
                "kind": f"Newsletter {issue.get_status_display().lower()}",
                "what": "issue",
                "time": when,
                "title": issue.subject,
                "detail": issue.newsletter_list.name,
                "url": reverse("admin:newsletter_issue_change", args=[issue.pk]),
            }
        )
    for entries in days.values():
        entries.sort(key=lambda e: e["time"])
    return days


def editorial_calendar(request):
    """The month view; editors and writers who may see articles may see it."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    first = _month(request.GET.get("month"))
    entries = calendar_entries(first)
    today = timezone.localdate()
    weeks = [
        [{"date": day, "in_month": day.month == first.month, "today": day == today, "entries": entries.get(day, [])}
         for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]  # fmt: skip
    context = {
        **admin.site.each_context(request),
        "title": f"Editorial calendar: {first:%B %Y}",
        "month": first,
        "weeks": weeks,
        "weekdays": list(calendar.day_name),
        "previous": f"{_shift(first, -1):%Y-%m}",
        "next": f"{_shift(first, 1):%Y-%m}",
        "this_month": f"{today:%Y-%m}",
        "count": sum(len(v) for v in entries.values()),
    }
    return TemplateResponse(request, "admin/portal/calendar.html", context)
