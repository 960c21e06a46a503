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
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow import permissions
from newsletter.models import Issue

#: The months the calendar shows: a newsroom's archive and plans fit, and
#: the month after the last still exists as a date (year 9999 did not).
FIRST_MONTH, LAST_MONTH = date(1900, 1, 1), date(2999, 12, 1)


def _month(value):
    """`?month=2026-11` as the first day of that month; this month when missing, bad or out of range."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = date(year, month, 1)
    except (ValueError, OverflowError):
        first = None
    if first is None or not FIRST_MONTH <= first <= LAST_MONTH:
        return timezone.localdate().replace(day=1)
    return first


def _shift(first, months):
    """The first day of the month `months` away; None outside the calendar's range."""
    index = first.year * 12 + first.month - 1 + months
    shifted = date(index // 12, index % 12 + 1, 1) if 1 <= index // 12 <= 9999 else None
    return shifted if shifted and FIRST_MONTH <= shifted <= LAST_MONTH else None


def _next_first(first):
    # The end of the month's range: the next month exists for every month in range (LAST_MONTH + 1 < year 10000).
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _articles(user, start, end):
    """The month's approved articles this user may see, each marked whether they may open its form."""
    articles = (
        Article.objects.approved()
        .filter(permissions.viewable_q(user), publish_at__gte=start, publish_at__lt=end)
        .select_related("category")
        .only("headline", "slug", "publish_at", "status", "category__name", "category__slug")
        .order_by("publish_at")
    )
    if permissions.can_edit_any(user):
        return articles.annotate(opens_form=Value(True))
    # Writers open their own articles' forms; another writer's live story links to its page.
    own = Case(When(permissions.owned_q(user), then=Value(True)), default=Value(False))
    return articles.annotate(opens_form=own)


def calendar_entries(first, user):
    """{date: [entry]} for the month starting at `first`, as far as `user` may see it.

    Articles by publish time, newsletter issues by send time (for those who may view issues).
    """
    start, end = _start(first), _start(_next_first(first))
    now = timezone.now()
    days = defaultdict(list)
    for article in _articles(user, start, end):
        when = timezone.localtime(article.publish_at)
        url = reverse("admin:articles_article_change", args=[article.pk]) if article.opens_form else None
        days[when.date()].append(
            {
                "kind": "Scheduled" if article.publish_at > now else "Published",
                "what": "article",
                "time": when,
                "title": article.headline,
                "detail": article.category.name,
                "url": url or article.get_absolute_url(),
            }
        )
    if not user.has_perm("newsletter.view_issue"):
        return _sorted(days)
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
    return _sorted(days)


def _sorted(days):
    for entries in days.values():
        entries.sort(key=lambda e: e["time"])
    return days


def _month_param(first):
    return f"{first.year:04d}-{first.month:02d}" if first else ""


def editorial_calendar(request):
    """The month view; editors and writers who may see articles may see it."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    first = _month(request.GET.get("month"))
    entries = calendar_entries(first, request.user)
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
        "previous": _month_param(_shift(first, -1)),
        "next": _month_param(_shift(first, 1)),
        "this_month": _month_param(today),
        "shows_issues": request.user.has_perm("newsletter.view_issue"),
        "count": sum(len(v) for v in entries.values()),
    }
    return TemplateResponse(request, "admin/portal/calendar.html", context)
