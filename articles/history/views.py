"""Reader pages of the change history: "What changed" and one earlier version of an article."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from articles.body.render import render_body
from articles.body.sanitize import clean_body
from articles.changes import articles_shown
from articles.history.versions import article_history
from articles.models import Article
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.pagecache import surrogate_keys_add
from portal.web.redirects import safe_redirect
from portal.web.views import PublicPageMixin


def history_url(article, number=None):
    kwargs = {"section": article.category.slug, "slug": article.slug}
    if number is None:
        return reverse("articles:history", kwargs=kwargs)
    return reverse("articles:version", kwargs={**kwargs, "number": number})


class HistoryMixin(PublicPageMixin):
    """Loads a live article (never a draft or preview) and its published versions."""

    def get(self, request, *args, **kwargs):
        queryset = (
            Article.objects.published().select_related("category__default_disclosure").defer("body").with_disclosures()
        )
        self.article = get_object_or_404(queryset, slug=kwargs["slug"])
        if self.article.category.slug != kwargs["section"]:
            return safe_redirect(history_url(self.article, kwargs.get("number")), permanent=True)
        updates = self.article.updates.select_related("revision_link")
        corrections = list(self.article.corrections.order_by("published_at", "pk"))
        self.versions = article_history(self.article, updates, corrections)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.article
        context.update(
            article=article,
            versions=self.versions,
            history_url=history_url(article),
            breadcrumbs=[
                home_crumb(),
                Crumb(article.category.name, article.category.get_absolute_url()),
                Crumb(article.headline, article.get_absolute_url()),
                Crumb("What changed", history_url(article)),
            ],
        )
        # Updates, corrections and every save of the article announce `article-<pk>`.
        articles_shown(self.request, [article])
        surrogate_keys_add(self.request, f"section-{article.category_id}")
        return context


class ArticleHistoryView(HistoryMixin, TemplateView):
    """ "What changed": every substantive update, newest first, with its note and word-level differences."""

    template_name = "articles/history/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["newest_first"] = list(reversed(self.versions))
        context["corrections"] = [c for v in self.versions for c in v.corrections]
        return context


class ArticleVersionView(HistoryMixin, TemplateView):
    """One published version of the article as readers saw it (the one a correction corrected)."""

    template_name = "articles/history/version.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.kwargs["number"]
        if not 1 <= number <= len(self.versions):
            raise Http404("This article has no such version.")
        version = self.versions[number - 1]
        following = self.versions[number] if number < len(self.versions) else None
        # Stored bodies were cleaned when saved; an old revision is cleaned again with today's allow-list.
        stored = version.data.get("body") or ""
        body = mark_safe(render_body(clean_body(stored, sponsored=self.article.is_commercial), "plain"))  # noqa: S308
        # ^ cleaned by nh3 just now; an old version's pictures and embeds as plain figures and links
        context.update(
            version=version,
            following=following,
            is_current=following is None,
            headline=version.data.get("headline") or self.article.headline,
            summary=version.data.get("summary") or "",
            body=body,
        )
        context["breadcrumbs"].append(Crumb(f"Version {number}", history_url(self.article, number)))
        return context
