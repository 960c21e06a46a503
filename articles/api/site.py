"""The read API itself: one django-ninja `NinjaAPI`, public and cacheable answers, errors as {"detail": "..."}."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError

from articles.api import access, endpoints
from articles.liveblog import api as liveblog_api
from portal.web.cache import cache_never, cache_public

VERSION = "1.0.0"
DESCRIPTION = """Published stories of the site as JSON, for apps and partners.

Only what readers can see is here: never drafts, scheduled or embargoed stories.
Every article carries its **disclosures** and `is_commercial`: label sponsored
and promotional pieces wherever you show them, as the site does.

Answers are public and cached (`Cache-Control`, `ETag`); a change of a story
purges every answer that shows it. Lists are paginated with cursors: follow
`next` until it is null.

Anonymous use is allowed at a modest rate limit; partners may ask for a key
(`X-API-Key` header) with a higher one. Over the limit the API answers 429 with
`Retry-After`.
"""


def allow_any_origin(response):
    """Web apps on other sites may read the answers (CORS): they are public, and no cookie is read or sent."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


class ReadAPI(NinjaAPI):
    """Answers GET requests as public reader pages; failures are never stored by a cache."""

    def create_response(self, request, data, *args, status=None, **kwargs):
        response = super().create_response(request, data, *args, status=status, **kwargs)
        allow_any_origin(response)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            # The content is the same for everyone (a key only changes the rate limit): shared caches may keep it.
            cache_public(response)
        else:
            cache_never(response)
        return response

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The key is optional: `{}` in an operation's security list means "or no credentials at all".
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if operation.get("security"):
                    operation["security"] = [*operation["security"], {}]
        return schema


api = ReadAPI(
    title="Newsportal read API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=access.AUTH,
    throttle=access.THROTTLE,
    # The document and the docs page are served by `articles.api.docs` (cached, self-hosted assets).
    openapi_url=None,
    docs_url=None,
)
api.add_router("/", endpoints.router)
api.add_router("/", liveblog_api.router)


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    """A 400 that says which parameter was wrong and why (django-ninja's default is a 422 with raw errors)."""
    problems = []
    for item in error.errors:
        where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "request"
        problems.append(f"{where}: {item.get('msg', 'invalid value')}")
    return api.create_response(request, {"detail": "Invalid parameters. " + "; ".join(problems)}, status=400)


@api.exception_handler(Http404)
def not_found(request, error):
    message = str(error) if error.args else "Nothing is published at this address."
    return api.create_response(request, {"detail": message}, status=404)
