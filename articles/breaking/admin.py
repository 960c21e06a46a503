"""Breaking banners in the admin: the list (what shows now), the form, "End now", and the one-click banner."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Subquery
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.breaking.models import BreakingBanner
from articles.breaking.services import banner_end, banner_from_article
from articles.models import Article
from portal.web.redirects import safe_redirect


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("showing", "Showing now"), ("upcoming", "Upcoming"), ("ended", "Ended")]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "showing": queryset.current(now),
            "upcoming": queryset.filter(starts_at__gt=now),
            "ended": queryset.filter(expires_at__lte=now),
        }.get(self.value(), queryset)


@admin.register(BreakingBanner)
class BreakingBannerAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "article", "starts_at", "expires_at", "state"]
    list_filter = [StateFilter, "kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    fields = ["kind", "text", "article", "starts_at", "expires_at"]
    actions = ["end_now"]

    @admin.display(description="State")
    def state(self, obj):
        now = timezone.now()
        if obj.expires_at <= now:
            return "Ended"
        if obj.starts_at > now:
            return "Upcoming"
        if not obj.article.is_live:
            return "Waiting for its story to go live"
        if getattr(obj, "showing_pk", obj.pk) != obj.pk:
            return "Hidden by a newer banner"
        return "Showing"

    def get_changeform_initial_data(self, request):
        # A new banner ends BREAKING_BANNER_HOURS from now unless the editor says otherwise; ?article=&text= prefill.
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("expires_at", timezone.now() + timedelta(hours=settings.BREAKING_BANNER_HOURS))
        return initial

    def get_queryset(self, request):
        # Which banner shows now, once for the whole list (an uncorrelated subquery), for the State column.
        showing = BreakingBanner.objects.current().values("pk")[:1]
        return super().get_queryset(request).annotate(showing_pk=Subquery(showing))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="End now: take the selected banners off every page", permissions=["change"])
    def end_now(self, request, queryset):
        ended = [banner_end(banner=banner) for banner in queryset.filter(expires_at__gt=timezone.now())]
        self.message_user(request, f"{len(ended)} banner(s) ended.", messages.SUCCESS)

    def get_urls(self):
        one_click = path(
            "from-article/<int:pk>/",
            self.admin_site.admin_view(require_POST(self.from_article_view)),
            name="articles_breakingbanner_from_article",
        )
        return [one_click, *super().get_urls()]

    def from_article_view(self, request, pk):
        """The dashboard's one click on a wire flash: a Breaking banner with the story's headline."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.select_related("category__default_disclosure"), pk=pk)
        if article.is_commercial:
            self.message_user(request, "A breaking banner cannot announce commercial content.", messages.ERROR)
            return safe_redirect("admin:index")
        banner = banner_from_article(article=article, user=request.user)
        when = timezone.localtime(banner.expires_at)
        text = f"Breaking banner up until {when:%H:%M} for “{article.headline}”: shorten its text or its time here."
        if not article.is_live:
            text += " It shows once the story is live."
        self.message_user(request, text, messages.SUCCESS)
        return safe_redirect("admin:articles_breakingbanner_change", banner.pk)
