"""Site-wide template context: name, menus, footer."""

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles.services import navigation_sections
from portal.services import site_chrome


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "publisher_name": settings.PUBLISHER_NAME,
        "copyright_years": f"{settings.COPYRIGHT_START_YEAR}-{timezone.localdate().year}",
        # Lazy, and read at most once per response: a response without the
        # chrome (the admin, redirects) touches neither cache nor database,
        # and the main bar, rendered twice (wide list, phone menu), reads once.
        "navigation": SimpleLazyObject(navigation_sections),
        "chrome": SimpleLazyObject(site_chrome),
    }
