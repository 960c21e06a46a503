"""The newsroom dashboard: the admin index for newsroom roles.

It lives in portal because it reads both the newsroom (articles) and the
newsletter (subscriber growth); `articles` must not import newsletter.
Each list is one query with its relations joined; the page's count is
pinned in tests/portal/test_dashboard.py.
"""

from datetime import datetime, time, timedelta

from django.contrib import admin
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from articles.models import Article, ArticleDailyViews, BreakingBanner, Correction, SourceLink
from articles.wire.models import FLASH_URGENCY
from articles.workflow import permissions
from newsletter.services.growth import growth_svg, subscriber_growth

S = Article.Status
# Apps editors do not work in day to day: shown last, under "Settings".
SETTINGS_APPS = {"auth", "taggit", "django_tasks_database", "django_tasks", "reversion", "sites"}
LIST_LENGTH = 8
BAR_WIDTH = 160


def _articles(user):
    """The articles this user may open, with what a dashboard row shows."""
    queryset = Article.objects.select_related("category", "hero_image").only(
        "headline", "status", "publish_at", "unpublish_at", "modified_at", "category__name",
        "urgency", "embargoed_until", "hero_image__renditions", "hero_image__file", "hero_image__alt_text",
    )  # fmt: skip
    return queryset if permissions.can_edit_any(user) else queryset.filter(permissions.owned_q(user))


def most_read(*, since, limit=5):
    """[(article, views)] of the most read live articles since `since` (a date), one query."""
    rows = (
        ArticleDailyViews.objects.filter(date__gte=since, article__in=Article.objects.published().values("pk"))
        .values("article", "article__headline")
        .annotate(total=Sum("views"))
        .order_by("-total", "article")[:limit]
    )
    return [{"pk": r["article"], "headline": r["article__headline"], "views": r["total"]} for r in rows]


def with_bars(rows, width=BAR_WIDTH):
    """Give each row its bar length (px) relative to the most read, for the chart."""
    top = max((r["views"] for r in rows), default=0) or 1
    return [{**r, "bar": max(2, round(width * r["views"] / top))} for r in rows]


def wire_flashes(articles, *, now):
    """The wire's flashes (urgency 1–2) of the last day, newest first, each saying whether a banner is up for it."""
    banner = BreakingBanner.objects.filter(article=OuterRef("pk"), expires_at__gt=now)
    return list(
        articles.filter(urgency__lte=FLASH_URGENCY, created_at__gte=now - timedelta(hours=24))
        .annotate(has_banner=Exists(banner))
        .order_by("-created_at", "-pk")[:LIST_LENGTH]
    )


def dashboard_context(request, now=None):
    """What the newsroom dashboard shows this user."""
    user = request.user
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    mine = _articles(user)
    context = {
        "my_drafts": list(
            mine.filter(permissions.owned_q(user), status=S.DRAFT).order_by("-modified_at")[:LIST_LENGTH]
        ),
        "waiting": list(mine.filter(status=S.IN_REVIEW).order_by("modified_at")[:LIST_LENGTH]),
        "scheduled": list(
            mine.filter(status=S.PUBLISHED, publish_at__gt=now, publish_at__lte=now + timedelta(hours=48)).order_by(
                "publish_at"
            )[:LIST_LENGTH]
        ),
        "published_today": list(
            mine.published().filter(publish_at__gte=start_of_day).order_by("-publish_at")[:LIST_LENGTH]
        ),
        "flashes": wire_flashes(mine, now=now),
        "may_banner": user.has_perm("articles.add_breakingbanner"),
    }
    if user.has_perm("articles.view_article"):
        read_today = most_read(since=today)
        read_week = most_read(since=today - timedelta(days=6))
        context.update(
            read_today=with_bars(read_today),
            read_week=with_bars(read_week),
            bar_width=BAR_WIDTH,
            corrections=list(
                Correction.objects.select_related("article").only("kind", "published_at", "text", "article__headline")
                .order_by("-published_at")[:5]
            ),
        )  # fmt: skip
    if user.has_perm("articles.view_sourcelink"):
        # What the periodic link check found dead: the newest checks first.
        context["dead_links"] = list(
            SourceLink.objects.filter(is_dead=True).select_related("article")
            .only("title", "url", "problem", "checked_at", "article__headline").order_by("-checked_at", "pk")[:5]
        )  # fmt: skip
    if user.has_perm("newsletter.view_subscriber"):
        points = subscriber_growth(weeks=12, now=now)
        context.update(
            growth_points=points,
            growth_svg=growth_svg(points, width=420, height=180),
            subscribers_now=points[-1]["active"] if points else 0,
        )
    return context


def split_app_list(app_list):
    """(newsroom apps, framework apps): the framework's models go under "Settings"."""
    newsroom = [app for app in app_list if app["app_label"] not in SETTINGS_APPS]
    framework = [app for app in app_list if app["app_label"] in SETTINGS_APPS]
    return newsroom, framework


def newsroom_index(request, extra_context=None):
    """The admin index with the dashboard on top and the framework apps last."""
    newsroom, framework = split_app_list(admin.site.get_app_list(request))
    context = {"app_list": newsroom, "settings_apps": framework, **(extra_context or {})}
    if request.user.has_perm("articles.view_article"):
        context["dashboard"] = dashboard_context(request)
    return admin.site.index(request, extra_context=context)
