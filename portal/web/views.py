"""View mixins shared by every app's reader pages and forms."""

from portal.web.cache import cache_never, cache_reader_page


class PublicPageMixin:
    """Cache headers for reader pages: shared caches may keep what anonymous
    readers get; anything an editor sees (previews) stays private."""

    def dispatch(self, request, *args, **kwargs):
        return cache_reader_page(request, super().dispatch(request, *args, **kwargs))


class PrivatePageMixin:
    """Pages that carry a CSRF token or one person's input: never stored by any cache."""

    def dispatch(self, request, *args, **kwargs):
        return cache_never(super().dispatch(request, *args, **kwargs))
