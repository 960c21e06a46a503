from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from portal.views import HomeView

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
]

if settings.SERVE_MEDIA:
    # Uploaded media; in production a web server or object storage serves it.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    )

# Last: sections take root-level slugs.
urlpatterns.append(path("", include("articles.urls")))
