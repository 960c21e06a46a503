from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.views import HomeView, media

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
]

if settings.MEDIA_URL.startswith("/"):
    # Uploads, served by Django only where SERVE_MEDIA is on (development,
    # tests); in production a web server or object storage serves them.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"))

# Last: sections take root-level slugs.
urlpatterns.append(path("", include("articles.urls")))
