from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.urls_publications import magazine_patterns, report_patterns
from portal.admin_calendar import editorial_calendar
from portal.submissions.views import ContactView, SubmitPostView, contact_thanks, submit_post_thanks
from portal.views import (
    HomeView,
    PageDetailView,
    SitemapView,
    media,
    news_sitemap,
    robots_txt,
    sitemap_index,
    sitemap_section,
)

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"

# The shell's own pages, under the "portal" namespace ("pages" and "sitemap"
# are reserved section slugs, so sections cannot shadow them).
portal_patterns = [
    path("pages/<slug:slug>/", PageDetailView.as_view(), name="page"),
    path("sitemap/", SitemapView.as_view(), name="sitemap"),
    path("sitemap.xml", sitemap_index, name="sitemap_xml"),
    path("sitemap-news.xml", news_sitemap, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots"),
    path("contact/", ContactView.as_view(), name="contact"),
    path("contact/thanks/", contact_thanks, name="contact_thanks"),
    path("submit-post/", SubmitPostView.as_view(), name="submit_post"),
    path("submit-post/thanks/", submit_post_thanks, name="submit_post_thanks"),
]

urlpatterns = [
    path("admin/calendar/", admin.site.admin_view(editorial_calendar), name="admin_calendar"),
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("", include((portal_patterns, "portal"))),
    path("newsletter/", include("newsletter.urls")),
    path("awards/", include("portal.awards.urls")),
    path("magazines/", include((magazine_patterns, "magazines"))),
    path("research-reports/", include((report_patterns, "reports"))),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # The email provider's bounce and complaint webhooks (basic auth checked by
    # anymail); without a secret they would let anyone suppress an address.
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if settings.MEDIA_URL.startswith("/"):
    # Uploads, served by Django only where SERVE_MEDIA is on (development,
    # tests); in production a web server or object storage serves them.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"))

# Last: sections take root-level slugs.
urlpatterns.append(path("", include("articles.urls")))
