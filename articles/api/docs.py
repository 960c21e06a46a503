"""The OpenAPI document, the docs page and the API's index: public pages, cached like the rest.

The docs page is readable without JavaScript (every operation and its
parameters, from the OpenAPI document); Swagger UI, served from our own
static files (django-ninja ships it), adds "Try it out" on top. No CDN: the
site's Content Security Policy allows scripts and styles from itself only.
"""

from functools import lru_cache

from django.http import JsonResponse
from django.urls import reverse
from django.views.generic import TemplateView

from articles.api.site import allow_any_origin, api
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.cache import cache_public
from portal.web.pagecache import surrogate_keys_add
from portal.web.views import PublicPageMixin

#: What the document and the docs page show: the code, which changes with a deploy, not with content.
#: No change announces it; cached copies expire after PAGE_CACHE_SECONDS.
SCHEMA_KEY = "api-schema"


@lru_cache(maxsize=1)
def openapi_document():
    """The OpenAPI document, built once per process from the schemas."""
    return api.get_openapi_schema()


def openapi_json(request):
    surrogate_keys_add(request, SCHEMA_KEY)
    return allow_any_origin(cache_public(JsonResponse(openapi_document(), json_dumps_params={"indent": 1})))


def index(request):
    """GET /api/v1/: where everything is."""
    absolute = request.build_absolute_uri
    links = {
        "articles": absolute(reverse("api-v1:article_list")),
        "sections": absolute(reverse("api-v1:section_list")),
        "tags": absolute(reverse("api-v1:tag_list")),
        "authors": absolute(reverse("api-v1:author_list")),
        "openapi": absolute(reverse("api:openapi")),
        "docs": absolute(reverse("api:docs")),
    }
    surrogate_keys_add(request, SCHEMA_KEY)
    return allow_any_origin(cache_public(JsonResponse({"name": api.title, "version": api.version, "links": links})))


def operations(document):
    """(method, path, summary, description, parameters) of each operation, in the document's order."""
    rows = []
    for path, by_method in document.get("paths", {}).items():
        for method, operation in by_method.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "description": parameter.get("description") or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", ())
            ]
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                }
            )
    return rows


class DocsView(PublicPageMixin, TemplateView):
    """The API's documentation for developers: what each endpoint answers, and a console to try it."""

    template_name = "articles/api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = openapi_document()
        context.update(
            api=api,
            operations=operations(document),
            openapi_url=reverse("api:openapi"),
            api_root=reverse("api-v1:api-root"),
            # No deep links: they nest a link inside each operation's button (axe: nested-interactive).
            # No validator: its badge is an image from another site, which the CSP refuses.
            swagger_settings={"url": reverse("api:openapi"), "deepLinking": False, "validatorUrl": None},
            breadcrumbs=[home_crumb(), Crumb("Read API", reverse("api:docs"))],
        )
        surrogate_keys_add(self.request, SCHEMA_KEY)
        return context
