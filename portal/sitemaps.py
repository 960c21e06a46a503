"""XML sitemaps for search engines: an index over articles, sections, tags,
authors and company pages, and a Google News sitemap of the last 48 hours.

Built on django.contrib.sitemaps with one shared base (`PortalSitemap`).
The registry lives here because portal may import articles (never the
reverse). Every sitemap costs a fixed number of queries: a count and a page
of rows, and one aggregate for its date in the index.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from articles.models import Article, Author, Category, MagazineIssue, ResearchReport, published_q
from portal.models import AwardsProgramme, Page
from portal.web import changes

#: Google News lists articles of the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def last_change(prefix=""):
    """An article's "last updated", or its publish time (the date readers see)."""
    publish, updated = f"{prefix}publish_at", f"{prefix}updated_at"
    return Greatest(publish, Coalesce(updated, publish))


class PortalSitemap(Sitemap):
    """The shared base: pages of 5,000 URLs, lastmod from a `lastmod` annotation."""

    limit = 5000
    #: What its URLs and dates come from (`portal.web.changes` keys): the page cache purges it by them.
    surrogate_keys = (changes.LISTINGS,)

    @cached_property
    def paginator(self):
        # Cached: the index asks for the page count more than once.
        return super().paginator

    def lastmod(self, item):
        return getattr(item, "last_change", None)

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate query instead.
        return self.items().aggregate(latest=Max("last_change"))["latest"]


class ArticleSitemap(PortalSitemap):
    def items(self):
        # Oldest first, so a page's URLs stay put as new stories arrive at the end.
        return (
            Article.objects.published()
            .select_related("category")
            .only("slug", "category__slug")
            .annotate(last_change=last_change())
            .order_by("publish_at", "pk")
        )


class SectionSitemap(PortalSitemap):
    changefreq = "hourly"
    surrogate_keys = (changes.SECTIONS, changes.LISTINGS)

    def items(self):
        return (
            Category.objects.annotate(last_change=Max(last_change("articles__"), filter=published_q("articles__")))
            .only("slug")
            .order_by("navigation_order", "name", "pk")
        )


class TagSitemap(PortalSitemap):
    changefreq = "daily"
    surrogate_keys = (changes.TAGS, changes.LISTINGS)

    def items(self):
        prefix = "articles_taggedarticle_items__content_object__"
        live = published_q(prefix)
        return (
            Tag.objects.annotate(
                live_count=Count("articles_taggedarticle_items", filter=live),
                last_change=Max(last_change(prefix), filter=live),
            )
            .filter(live_count__gt=0)
            .only("slug")
            .order_by("slug", "pk")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class AuthorSitemap(PortalSitemap):
    changefreq = "daily"
    surrogate_keys = (changes.AUTHORS, changes.LISTINGS)

    def items(self):
        live = published_q("articles__")
        return (
            Author.objects.annotate(
                live_count=Count("articles", filter=live), last_change=Max(last_change("articles__"), filter=live)
            )
            .filter(live_count__gt=0)
            .only("slug")
            .order_by("slug", "pk")
        )


class PageSitemap(PortalSitemap):
    changefreq = "monthly"
    surrogate_keys = (changes.PAGES,)

    def items(self):
        return Page.objects.published().annotate(last_change=F("updated_at")).only("slug").order_by("slug", "pk")


class FixedPagesSitemap(PortalSitemap):
    """Home, Latest News, Trending, the tag index, corrections and the HTML sitemap."""

    changefreq = "hourly"
    surrogate_keys = ()  # fixed addresses, no dates
    routes = ["home", "articles:latest", "articles:trending", "articles:tags", "articles:corrections", "portal:sitemap"]
    routes += ["magazines:archive", "reports:list", "articles:press_releases"]

    def items(self):
        return self.routes

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


class MagazineSitemap(PortalSitemap):
    """Published magazine issues, oldest first."""

    changefreq = "monthly"
    surrogate_keys = (changes.MAGAZINES,)

    def items(self):
        return MagazineIssue.objects.published().annotate(last_change=F("updated_at")).only("slug").order_by("number")


class ReportSitemap(PortalSitemap):
    """Published research reports, oldest first."""

    changefreq = "monthly"
    surrogate_keys = (changes.REPORTS,)

    def items(self):
        return (
            ResearchReport.objects.published()
            .annotate(last_change=F("updated_at"))
            .only("slug")
            .order_by("publish_at", "pk")
        )


class NewsSitemap(PortalSitemap):
    """Google News: the newsroom's stories of the last 48 hours, newest first.

    Commercially labelled pieces (sponsored, advertorial, press releases,
    affiliate) are left out: Google News is for journalism, and they stay
    findable through the main sitemap.
    """

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        recent = Article.objects.published().filter(publish_at__gte=now - NEWS_WINDOW)
        commercial = Q(disclosures__is_commercial=True) | Q(
            use_section_disclosure=True, category__default_disclosure__is_commercial=True
        )
        return (
            recent.exclude(pk__in=Article.objects.filter(commercial).values("pk"))
            .select_related("category")
            .only("slug", "headline", "publish_at", "category__slug")
            .annotate(last_change=last_change())
            .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "name": settings.SITE_NAME,
                "language": settings.LANGUAGE_CODE.split("-")[0],
                "publication_date": timezone.localtime(article.publish_at).replace(microsecond=0).isoformat(),
                "title": article.headline,
            }
        return urls


class AwardsSitemap(PortalSitemap):
    """The awards pages and each year's winners, once a programme is published.

    Without one every awards page is a 404, so none is listed. Two queries.
    """

    changefreq = "weekly"
    surrogate_keys = (changes.AWARDS,)
    routes = ["awards:about", "awards:timetable", "awards:nominate", "awards:testimonials", "awards:media"]
    routes += ["awards:winners", "awards:faq"]

    @cached_property
    def _paths(self):
        if not AwardsProgramme.objects.published().exists():
            return []
        years = AwardsProgramme.objects.published().filter(winners__isnull=False).distinct().order_by("year")
        return [reverse(route) for route in self.routes] + [
            reverse("awards:winners_year", kwargs={"year": year}) for year in years.values_list("year", flat=True)
        ]

    def items(self):
        return self._paths

    def location(self, item):
        return item

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


SITEMAPS = {
    "pages": FixedPagesSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "company": PageSitemap,
    "magazines": MagazineSitemap,
    "reports": ReportSitemap,
    "awards": AwardsSitemap,
}
