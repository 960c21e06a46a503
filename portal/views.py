"""The site shell's own pages: home, company pages, the HTML and XML sitemaps, robots.txt."""

from collections import Counter

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django.views.static import serve
from taggit.models import Tag

from articles import readership
from articles.models import Article, Category, TaggedArticle
from articles.services import navigation_sections
from articles.social import publisher
from articles.views import TRENDING_BOX, Crumb, PublicPageMixin, home_crumb
from portal.models import DISCLOSURE_SLUG, Page
from portal.sitemaps import SITEMAPS, NewsSitemap

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
        context["trending"] = readership.trending_articles()[:TRENDING_BOX]
        context["structured_data"] = self.structured_data()
        return context

    def structured_data(self):
        """The publisher (NewsMediaOrganization) and the site with its search box (WebSite)."""
        request = self.request
        home = request.build_absolute_uri(reverse("home"))
        organization = {
            "@context": "https://schema.org",
            **publisher(request),
            "description": f"{settings.SITE_NAME}: business, finance, banking and technology news.",
            "legalName": settings.PUBLISHER_NAME,
            "correctionsPolicy": request.build_absolute_uri(reverse("articles:corrections")),
            "publishingPrinciples": request.build_absolute_uri(
                reverse("portal:page", kwargs={"slug": DISCLOSURE_SLUG})
            ),
        }
        search = request.build_absolute_uri(reverse("articles:search"))
        website = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": home,
            "publisher": {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": home},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        }
        return [organization, website]

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
        context["breadcrumbs"] = [home_crumb(), Crumb(self.object.title, self.object.get_absolute_url())]
        return context


class SitemapView(PublicPageMixin, TemplateView):
    """The HTML sitemap: every section, published company page and used tag."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag_id")
        context.update(
            breadcrumbs=[home_crumb(), Crumb("Sitemap", reverse("portal:sitemap"))],
            sections=Category.objects.order_by("navigation_order", "name").only("name", "slug"),
            pages=Page.objects.published().only("title", "slug", "summary"),
            tags=Tag.objects.filter(pk__in=used).order_by("name"),
        )
        return context


def _public(response):
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


@require_safe
def sitemap_index(request):
    """/sitemap.xml: the sitemaps that have URLs (an empty <urlset> is not valid)."""
    sitemaps = {name: cls() for name, cls in SITEMAPS.items()}
    present = {name: site for name, site in sitemaps.items() if site.paginator.count}
    return _public(
        sitemap_views.index(
            request, present, template_name="portal/sitemap_index.xml", sitemap_url_name="portal:sitemap_section"
        )
    )


@require_safe
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    return _public(
        sitemap_views.sitemap(
            request, {section: SITEMAPS[section]}, section=section, template_name="portal/sitemap.xml"
        )
    )


@require_safe
def news_sitemap(request):
    """Google News: the last 48 hours' stories, with publication, date and title."""
    return _public(sitemap_views.sitemap(request, {"news": NewsSitemap}, template_name="portal/sitemap_news.xml"))


@require_safe
def robots_txt(request):
    """Crawl everything readers see; not the admin, not search results; here are the sitemaps."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap_xml'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap_news'))}",
    ]
    return _public(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"))
