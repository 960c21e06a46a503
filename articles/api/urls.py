"""Addresses of the read API, included at /api/v1/ by the site's urls (portal/urls.py).

`api:` names the document, the docs page and the index; `api-v1:` is
django-ninja's namespace for the endpoints (`api-v1:article_list`, ...).
"""

from django.urls import include, path

from articles.api.docs import DocsView, index, openapi_json
from articles.api.site import api

own_patterns = [
    path("", index, name="index"),
    path("openapi.json", openapi_json, name="openapi"),
    path("docs/", DocsView.as_view(), name="docs"),
]

urlpatterns = [
    path("", include((own_patterns, "api"))),
    path("", api.urls),
]
