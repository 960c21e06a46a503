"""The site shell's own pages: home, company pages and the HTML sitemap."""

from collections import Counter

from django.conf import settings
from django.http import Http404
from django.views.generic import DetailView, TemplateView
from django.views.static import serve
from taggit.models import Tag

from articles.models import Article, Category, TaggedArticle
from articles.services import navigation_sections
from articles.views import PublicPageMixin
from portal.models import Page

TOP_STORIES = 5
LATEST = 8
PER_SECTION = 4


class HomeView(PublicPageMixin, TemplateView):
    """Top stories, latest news, then the newest stories of each section."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards = Article.objects.published().for_cards()
        top = list(cards.filter(is_top_story=True).newest_first()[:TOP_STORIES])
        seen = {a.pk for a in top}
        latest = [a for a in cards.newest_first()[: LATEST + TOP_STORIES] if a.pk not in seen][:LATEST]
        context.update(top_stories=top, latest=latest, section_blocks=self.section_blocks(cards, top + latest))
        return context

    def section_blocks(self, cards, shown):
        """[(menu section, [articles])] for the sections in the menu, in one query.

        Stories already shown above are left out, so each section asks for as
        many extra stories as it had shown up there.
        """
        sections = navigation_sections()
        shown_ids = {a.pk for a in shown}
        extra = Counter(a.category_id for a in shown)
        limits = {s.id: PER_SECTION + extra[s.id] for s in sections}
        fresh, everything = {}, {}
        for article in cards.newest_per_section(limits).newest_first():
            everything.setdefault(article.category_id, []).append(article)
            if article.pk not in shown_ids:
                fresh.setdefault(article.category_id, []).append(article)
        # A quiet section whose stories are all shown above still gets its block.
        blocks = [(s, (fresh.get(s.id) or everything.get(s.id, []))[:PER_SECTION]) for s in sections]
        return [(section, stories) for section, stories in blocks if stories]


def media(request, path):
    """Serve an upload when SERVE_MEDIA is on; otherwise the web server's job."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are served by the web server.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


class PageDetailView(PublicPageMixin, DetailView):
    """A company page; unpublished ones only for editors, as a preview."""

    template_name = "portal/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context


class SitemapView(PublicPageMixin, TemplateView):
    """The HTML sitemap: every section, published company page and used tag."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag_id")
        context.update(
            sections=Category.objects.order_by("navigation_order", "name").only("name", "slug"),
            pages=Page.objects.published().only("title", "slug", "summary"),
            tags=Tag.objects.filter(pk__in=used).order_by("name"),
        )
        return context
