"""Shareable previews: /preview/<token>/ shows an unpublished article to anyone with the link."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import DetailView

from articles.models import Article, Author, PreviewLink
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.cache import cache_never


def preview_link_create(*, article, user, days=None) -> PreviewLink:
    link = PreviewLink(article=article, created_by=user)
    if days:
        link.expires_at = timezone.now() + timezone.timedelta(days=days)
    link.save()
    return link


def preview_link_revoke(*, link) -> PreviewLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def _private(response):
    # Never stored anywhere (a CDN, a shared proxy, the browser's back
    # cache) and never indexed: the link is a secret.
    return cache_never(response, noindex=True)


def preview_queryset():
    """The article rows a preview page reads (also the editor's live preview, articles/desk)."""
    return Article.objects.for_article_page().prefetch_related(
        Prefetch("authors", queryset=Author.objects.only("name", "slug", "role")), "tags"
    )


class PreviewView(DetailView):
    """The article page, exactly as readers will see it, with a "Preview" banner."""

    template_name = "articles/preview_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # One query finds the article through a live link; an unknown,
        # expired or revoked token costs a second one to say which.
        active = PreviewLink.objects.active().with_token(self.kwargs["token"])
        return preview_queryset().filter(pk__in=active.values("article_id")).first()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object is None:
            known = PreviewLink.objects.with_token(kwargs["token"]).exists()
            status = 410 if known else 404
            return _private(render(request, "articles/preview_gone.html", {"known": known}, status=status))
        return _private(self.render_to_response(self.get_context_data(object=self.object)))

    def get_context_data(self, **kwargs):
        from articles import readership
        from articles.related.selectors import Related

        context = super().get_context_data(**kwargs)
        article = self.object
        context.update(Article.objects.section_neighbours(article))
        context["related"] = Related(article)  # what readers will see under it once it is live
        context["is_preview"] = True
        context["breadcrumbs"] = [
            home_crumb(),
            Crumb(article.category.name, article.category.get_absolute_url()),
            Crumb(article.headline, article.get_absolute_url()),  # where it will live
        ]
        context["trending"] = [a for a in readership.trending_articles() if a.pk != article.pk][:5]
        return context
