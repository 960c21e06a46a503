"""Old addresses (from an imported site) keep working."""

from django.http import HttpResponsePermanentRedirect


def legacy_redirects(get_response):
    """Answer a would-be 404 with a 301 when the path is in the legacy redirect table.

    The table is consulted only after the view said 404, so every page that
    exists keeps its query count; only misses pay one indexed lookup.
    """

    def middleware(request):
        response = get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        from articles.models import LegacyRedirect

        path = request.path
        candidates = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
        redirect = LegacyRedirect.objects.select_related("article__category").filter(old_path__in=candidates).first()
        if redirect is None:
            return response
        if redirect.article_id and not redirect.article.is_published:
            return response
        target = redirect.target_url
        if target == path:
            return response
        if request.META.get("QUERY_STRING"):
            target = f"{target}?{request.META['QUERY_STRING']}"
        return HttpResponsePermanentRedirect(target)

    return middleware
