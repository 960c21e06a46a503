"""Admin helpers shared by every app's ModelAdmins."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from js_asset import Media as NonceMedia


class NonceMediaMixin:
    """Render form media with the request's CSP nonce.

    The prose editor ships an inline import map, which the strict
    Content-Security-Policy blocks unless it carries the nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = NonceMedia.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class BoundedDateHierarchyChangeList(ChangeList):
    """Django's change list, with an out-of-range date-hierarchy year treated as a bad filter.

    `?publish_at__year=9999` (the year after is not a date) and a 20-digit
    year (OverflowError) were a 500 on every list with a date hierarchy:
    Django ticket #37357, fixed after 5.2. A bad lookup makes the admin
    show the list again with `?e=1`, as for any other malformed filter.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedDateHierarchyMixin:
    """For every ModelAdmin with a `date_hierarchy` (a test checks that they all have it)."""

    def get_changelist(self, request, **kwargs):
        return BoundedDateHierarchyChangeList
