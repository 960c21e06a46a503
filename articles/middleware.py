"""Old addresses (from an imported site) keep working."""

from portal.web.redirects import has_control_characters, is_allowed_target, safe_redirect

#: The longest old address stored (LegacyRedirect.old_path); longer paths cannot match.
MAX_OLD_PATH = 500


def legacy_redirects(get_response):
    """Answer a would-be 404 with a 301 when the path is in the legacy redirect table.

    The table is consulted only after the view said 404, so every page that
    exists keeps its query count; only misses pay one indexed lookup. A path
    that no stored row can hold (control characters, which PostgreSQL
    refuses in text, or too long) is not looked up at all, and a stored
    target that leads off the site is not followed.
    """

    def middleware(request):
        response = get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        if len(path) > MAX_OLD_PATH + 1 or has_control_characters(path):
            return response
        from articles.models import LegacyRedirect

        candidates = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
        row = LegacyRedirect.objects.select_related("article__category").filter(old_path__in=candidates).first()
        if row is None:
            return response
        if row.article_id and not row.article.is_live:
            return response
        target = row.target_url
        if target == path or not is_allowed_target(target):
            # A row saved before targets were checked (or written around the model) stays a 404.
            return response
        if request.META.get("QUERY_STRING"):
            target = f"{target}?{request.META['QUERY_STRING']}"
        return safe_redirect(target, permanent=True)

    return middleware
