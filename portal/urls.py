from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.publications.urls import magazine_patterns, report_patterns
from portal import health
from portal.admin.calendar import editorial_calendar
from portal.admin.dashboard import newsroom_index
from portal.views import (
    HomeView,
    PageDetailView,
    SitemapView,
    favicon,
    media,
    news_sitemap,
    provider_webhooks,
    robots_txt,
    sitemap_index,
    sitemap_section,
)
from portal.web.metrics import metrics_view

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"

# A database that is down answers the 503 page, even when a middleware hit it (portal/web/outage.py).
handler500 = "portal.web.outage.server_error"

# The shell's own pages, under the "portal" namespace ("pages" and "sitemap"
# are reserved section slugs, so sections cannot shadow them).
portal_patterns = [
    path("pages/<slug:slug>/", PageDetailView.as_view(), name="page"),
    path("sitemap/", SitemapView.as_view(), name="sitemap"),
    path("sitemap.xml", sitemap_index, name="sitemap_xml"),
    path("sitemap-news.xml", news_sitemap, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("portal.submissions.urls")),
]

urlpatterns = [
    # Prometheus: only from METRICS_ALLOWED_IPS, never through the proxy, never cached.
    path("metrics", metrics_view, name="metrics"),
    # Probes of load balancers and the proxy (deploy/varnish): never cached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/calendar/", admin.site.admin_view(editorial_calendar), name="admin_calendar"),
    # The admin index is the newsroom dashboard (same URL, so "admin:index" still points here).
    path("admin/", admin.site.admin_view(newsroom_index), name="newsroom_dashboard"),
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("", include((portal_patterns, "portal"))),
    path("newsletter/", include("newsletter.urls")),
    # The headless read API (articles/api): JSON for apps and partners, cached like the pages.
    path("api/v1/", include("articles.api.urls")),
    path("awards/", include("portal.awards.urls")),
    # The text-only edition (articles/textedition): small plain pages for slow connections.
    path("text/", include("articles.textedition.urls")),
    path("magazines/", include((magazine_patterns, "magazines"))),
    path("research-reports/", include((report_patterns, "reports"))),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # The email provider's bounce and complaint webhooks (basic auth checked by
    # anymail); without a secret they would let anyone suppress an address.
    urlpatterns.append(path("anymail/", include((provider_webhooks(), "anymail"))))

if settings.MEDIA_URL.startswith("/"):
    # Uploads, served by Django only where SERVE_MEDIA is on (development,
    # tests); in production a web server or object storage serves them.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"))

# Live blogs' entry pages and polled updates, under their article's address (articles/liveblog).
urlpatterns.append(path("", include("articles.liveblog.urls")))
urlpatterns.append(path("", include("articles.alerts.urls")))  # breaking-news alerts: /sw.js, /alerts/…
# Last: sections take root-level slugs.
urlpatterns.append(path("", include("articles.urls")))
