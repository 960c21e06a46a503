"""Deployment checks (`manage.py check --deploy`) for running on several processes and machines."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs):
    """Rate limits, view counts, presence and the caches must be shared by every gunicorn worker."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is local to each process: every gunicorn worker would keep its own rate limits, "
                "view counts, editors' presence, cached menus and cached pages (an edit would purge them only "
                "in the process that saved it).",
                hint="Set REDIS_URL to the Redis every app process and machine shares.",
                id="newsportal.W001",
            )
        ]
    return []
