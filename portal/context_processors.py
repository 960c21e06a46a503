"""Site-wide template context: name, menu, footer."""

from django.conf import settings
from django.utils import timezone

from articles.services import navigation_sections


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "publisher_name": settings.PUBLISHER_NAME,
        "copyright_years": f"{settings.COPYRIGHT_START_YEAR}-{timezone.localdate().year}",
        "navigation": navigation_sections,  # called lazily by the template
    }
