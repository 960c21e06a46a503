"""The site shell's own pages: home, company pages, the HTML and XML sitemaps, robots.txt."""

import functools
import logging
from collections import Counter

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django.views.static import serve
from taggit.models import Tag

from articles import cards, readership
from articles.changes import articles_shown
from articles.models import Article, Category, TaggedArticle
from articles.selectors import navigation_sections
from articles.social import site_ld
from articles.views import TRENDING_BOX
from portal.models import DISCLOSURE_SLUG, Page
from portal.selectors import site_chrome
from portal.sitemaps import SITEMAPS, NewsSitemap
from portal.web import changes
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.cache import cache_public
from portal.web.pagecache import fragments, last_modified_add, surrogate_keys_add
from portal.web.views import PublicPageMixin

logger = logging.getLogger(__name__)

TOP_STORIES = 5
TOP_STORIES_SLUG = "top-stories"
LATEST = 8
PER_SECTION = 4


class HomeView(PublicPageMixin, TemplateView):
    """Top stories, latest news, then the newest stories of each section."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now, batch = timezone.now(), cards.CardBatch(lazy=fragments.request_clock(self.request) is not None)
        top = cards.top_stories(batch, TOP_STORIES, now=now)
        seen = {a.pk for a in top}
        latest = [a for a in cards.newest(batch, LATEST + TOP_STORIES, now=now) if a.pk not in seen][:LATEST]
        blocks = self.section_blocks(batch, top + latest, now)
        # A section called "Top Stories" would repeat the lead block's title further down: the lead
        # block links to it instead ("View all Top Stories").
        top_section = next((s for s, _ in blocks if slugify(s.name) == TOP_STORIES_SLUG), None) if top else None
        blocks = [(s, stories) for s, stories in blocks if s is not top_section]
        context.update(top_stories=top, top_section=top_section, latest=latest, section_blocks=blocks)
        context["trending"] = readership.trending_articles()[:TRENDING_BOX]
        context["structured_data"] = site_ld(
            self.request,
            principles_url=reverse("portal:page", kwargs={"slug": DISCLOSURE_SLUG}),
            policies=site_chrome().policies,  # cached with the chrome: no query
        )
        # Each card declares its story from inside itself (templates/includes/article_card.html).
        articles_shown(self.request, context["trending"])
        # The publisher's data links the policy pages read with the chrome.
        keys = (f"section-{section.id}" for section, _ in blocks)
        surrogate_keys_add(self.request, changes.HOME, changes.CHROME, *keys)
        return context

    def section_blocks(self, batch, shown, now):
        """[(menu section, [articles])] for the sections in the menu, in one query.

        Stories already shown above are left out, so each section asks for as
        many extra stories as it had shown up there.
        """
        sections = navigation_sections()
        shown_ids = {a.pk for a in shown}
        extra = Counter(a.category_id for a in shown)
        limits = {s.id: PER_SECTION + extra[s.id] for s in sections}
        fresh, everything = {}, {}
        for article in cards.newest_per_section(batch, limits, now=now):
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
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Pictures appear in newsletter emails, feed readers and social previews on
    # other sites, so uploads may be embedded anywhere (SECURITY.md, "Headers").
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


class PageDetailView(PublicPageMixin, DetailView):
    """A company page; unpublished ones only for editors, as a preview."""

    template_name = "portal/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_live
        context["breadcrumbs"] = [home_crumb(), Crumb(self.object.title, self.object.get_absolute_url())]
        surrogate_keys_add(self.request, f"page-{self.object.pk}")
        last_modified_add(self.request, self.object.updated_at)
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
        surrogate_keys_add(self.request, changes.SECTIONS, changes.PAGES, changes.TAGS, changes.LISTINGS)
        return context


@require_safe
def sitemap_index(request):
    """/sitemap.xml: the sitemaps that have URLs (an empty <urlset> is not valid)."""
    sitemaps = {name: cls() for name, cls in SITEMAPS.items()}
    present = {name: site for name, site in sitemaps.items() if site.paginator.count}
    surrogate_keys_add(request, *(key for cls in SITEMAPS.values() for key in cls.surrogate_keys))
    return cache_public(
        sitemap_views.index(
            request, present, template_name="portal/sitemap_index.xml", sitemap_url_name="portal:sitemap_section"
        )
    )


@require_safe
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    surrogate_keys_add(request, *SITEMAPS[section].surrogate_keys)
    return cache_public(
        sitemap_views.sitemap(
            request, {section: SITEMAPS[section]}, section=section, template_name="portal/sitemap.xml"
        )
    )


@require_safe
def news_sitemap(request):
    """Google News: the last 48 hours' stories, with publication, date and title."""
    surrogate_keys_add(request, *NewsSitemap.surrogate_keys)
    return cache_public(sitemap_views.sitemap(request, {"news": NewsSitemap}, template_name="portal/sitemap_news.xml"))


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
    return cache_public(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"))


@functools.cache
def _favicon_bytes():
    from django.contrib.staticfiles import finders

    with open(finders.find("img/favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """/favicon.ico: browsers ask for it whatever the page's <link rel="icon"> says."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    # The icon changes with a deploy at most: let browsers keep it a day.
    patch_cache_control(response, public=True, max_age=86400)
    return response


def provider_webhooks():
    """anymail's webhook URLs, each answering 404 while its provider is not configured.

    anymail mounts every provider's endpoints, and one whose settings are
    missing (any provider but ours) raised AnymailConfigurationError: a 500
    on a public URL anyone can request.
    """
    from anymail import urls as anymail_urls

    return [
        URLPattern(entry.pattern, _configured_only(entry.callback), entry.default_args, entry.name)
        for entry in anymail_urls.urlpatterns
    ]


def _configured_only(view):
    @functools.wraps(view)
    def webhook(request, *args, **kwargs):
        from anymail.exceptions import AnymailConfigurationError

        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError as error:
            # Loud for the provider in use (its settings are incomplete), harmless for the others.
            logger.warning("Email provider webhook %s is not configured: %s", request.path, error)
            raise Http404("No webhook for this email provider here.") from None

    return webhook
